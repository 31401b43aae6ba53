import Foundation
import MusterDomain

/// Reads Moodle's GIFT format.
///
/// Supports the full syntax: `//` comment lines, `::title::`, `[html]`/`[markdown]`/… format
/// prefixes, `$CATEGORY:` blocks (the category becomes the items' topic), single and multiple
/// choice with `~%50%` weights and `#feedback`, true/false with feedback, short answer with weights,
/// numeric `{#3.14:0.01}`, `{#1..2}` and multiple numeric answers with partial credit, matching
/// `=a -> b`, essay `{}`, description items, missing-word placement, and the escapes
/// `\~ \= \# \{ \} \: \n \\`.
public struct GIFTParser: Sendable {
    public init() {}

    /// Parses `text`, read from `file`, into items and diagnostics.
    public func parse(_ text: String, file: String) -> ParsedBank {
        var bank = ParsedBank()
        var category: String?
        for block in Self.blocks(of: text, file: file) {
            var question = block
            if question.hasPrefix("$CATEGORY:") {
                let lineEnd = question.characters.firstIndex(of: "\n") ?? question.count
                let path = String(question.characters[10..<lineEnd]).trimmingCharacters(in: .whitespaces)
                category = Self.topic(fromCategory: path)
                question = question.slice(min(lineEnd + 1, question.count)..<question.count).trimmed()
                if question.isEmpty { continue }
            }
            if let item = GIFTQuestionParser(text: question, category: category).parse(into: &bank) {
                bank.items.append(item)
            }
        }
        bank.finishItems(file: file)
        return bank
    }

    /// The topic a `$CATEGORY:` path names: the path without Moodle's context prefix.
    static func topic(fromCategory path: String) -> String? {
        var parts = path.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
        if let first = parts.first, first.hasPrefix("$"), first.hasSuffix("$") { parts.removeFirst() }
        if parts.first == "top" { parts.removeFirst() }
        let topic = parts.filter { !$0.isEmpty }.joined(separator: "/")
        return topic.isEmpty ? nil : topic
    }

    /// Splits the file into questions: runs of lines separated by blank lines, comments dropped.
    static func blocks(of text: String, file: String) -> [LocatedText] {
        var blocks: [LocatedText] = []
        var current = LocatedText(file: file)
        let lines = LineEndings.normalized(text).split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("//") { continue }
            if trimmed.isEmpty {
                if !current.isEmpty { blocks.append(current) }
                current = LocatedText(file: file)
                continue
            }
            if !current.isEmpty {
                current.append("\n", line: current.lines.last ?? offset + 1, column: (current.columns.last ?? 0) + 1)
            }
            current.append(line, line: offset + 1)
        }
        if !current.isEmpty { blocks.append(current) }
        return blocks
    }

    /// Resolves GIFT escapes: `\n` is a line break, `\X` is `X` for the control characters.
    static func unescape(_ text: LocatedText) -> String {
        var result = ""
        var index = 0
        let characters = text.characters
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count {
                let next = characters[index + 1]
                switch next {
                case "n": result.append("\n")
                case "~", "=", "#", "{", "}", ":", "\\": result.append(next)
                default: result.append(contentsOf: ["\\", next])
                }
                index += 2
            } else {
                result.append(character)
                index += 1
            }
        }
        return result
    }
}
