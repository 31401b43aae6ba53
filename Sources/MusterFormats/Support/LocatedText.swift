import MusterDomain

/// Text that remembers where each character came from, for parsers that report positions.
struct LocatedText {
    var characters: [Character]
    var lines: [Int]
    var columns: [Int]
    let file: String

    /// An empty text in `file`.
    init(file: String) {
        self.characters = []
        self.lines = []
        self.columns = []
        self.file = file
    }

    /// Appends a line's text, starting at `line`, column `column`.
    mutating func append(_ text: Substring, line: Int, column: Int = 1) {
        var currentColumn = column
        for character in text {
            characters.append(character)
            lines.append(line)
            columns.append(currentColumn)
            currentColumn += 1
        }
    }

    /// Appends one character placed at `line`:`column`.
    mutating func append(_ character: Character, line: Int, column: Int) {
        characters.append(character)
        lines.append(line)
        columns.append(column)
    }

    var count: Int { characters.count }
    var isEmpty: Bool { characters.isEmpty }
    var string: String { String(characters) }

    /// The position of the character at `index` (or just past the end).
    func position(_ index: Int) -> SourcePosition {
        guard !characters.isEmpty else { return SourcePosition(file: file, line: 1, column: 1) }
        let clamped = min(max(index, 0), characters.count - 1)
        let past = index >= characters.count ? 1 : 0
        return SourcePosition(file: file, line: lines[clamped], column: columns[clamped] + past)
    }

    /// The characters from `range`.
    func slice(_ range: Range<Int>) -> LocatedText {
        var copy = LocatedText(file: file)
        copy.characters = Array(characters[range])
        copy.lines = Array(lines[range])
        copy.columns = Array(columns[range])
        return copy
    }

    /// The text without leading and trailing whitespace.
    func trimmed() -> LocatedText {
        guard let first = characters.firstIndex(where: { !$0.isWhitespace }),
            let last = characters.lastIndex(where: { !$0.isWhitespace })
        else { return slice(0..<0) }
        return slice(first..<(last + 1))
    }

    /// The index of the first unescaped `target` at or after `start`, skipping `\x` escapes.
    func firstUnescaped(_ target: Character, from start: Int = 0) -> Int? {
        var index = start
        while index < characters.count {
            if characters[index] == "\\" {
                index += 2
                continue
            }
            if characters[index] == target { return index }
            index += 1
        }
        return nil
    }

    /// The index of the first unescaped occurrence of the two-character `target`.
    func firstUnescaped(_ target: String, from start: Int = 0) -> Int? {
        let needle = Array(target)
        var index = start
        while index + needle.count <= characters.count {
            if characters[index] == "\\" {
                index += 2
                continue
            }
            if characters[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// The index of the last unescaped occurrence of `target`, if any.
    func lastUnescaped(_ target: String) -> Int? {
        var found: Int?
        var index = 0
        while let next = firstUnescaped(target, from: index) {
            found = next
            index = next + 1
        }
        return found
    }

    func hasPrefix(_ prefix: String) -> Bool { characters.starts(with: prefix) }

    /// The text with each source line break, and the indentation around it, folded into one
    /// space. Escaped line breaks (`\n`) are untouched: they are characters, not breaks.
    func foldingLineBreaks() -> LocatedText {
        var folded = LocatedText(file: file)
        var index = 0
        while index < characters.count {
            if characters[index] == "\n" {
                while let last = folded.characters.last, last == " " || last == "\t" {
                    folded.characters.removeLast()
                    folded.lines.removeLast()
                    folded.columns.removeLast()
                }
                folded.append(Character(" "), line: lines[index], column: columns[index])
                index += 1
                while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
                continue
            }
            folded.append(characters[index], line: lines[index], column: columns[index])
            index += 1
        }
        return folded
    }
}
