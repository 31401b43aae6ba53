/// Splits a SQL script into single statements.
///
/// PostgresNIO speaks the extended query protocol, which takes one statement per message, so a
/// migration file is cut at each top-level `;`. Semicolons inside string literals, quoted
/// identifiers, dollar-quoted bodies (`$$ … $$`, `$tag$ … $tag$`) and comments do not cut.
/// Statements that hold only whitespace and comments are dropped.
public enum SQLStatementSplitter {
    /// The statements of `script`, in order, without their terminating semicolons.
    public static func split(_ script: String) -> [String] {
        let characters = Array(script.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var hasContent = false
        var index = 0

        func copy(until end: Int) {
            while index < end && index < characters.count {
                current.append(characters[index])
                index += 1
            }
        }
        func finishStatement() {
            let text = String(current).trimmingWhitespace()
            if hasContent, !text.isEmpty { statements.append(text) }
            current = String.UnicodeScalarView()
            hasContent = false
        }

        while index < characters.count {
            let scalar = characters[index]
            let next: Unicode.Scalar? = index + 1 < characters.count ? characters[index + 1] : nil
            switch scalar {
            case "-" where next == "-":
                let end = characters[index...].firstIndex(of: "\n") ?? characters.count
                copy(until: end)
            case "/" where next == "*":
                copy(until: blockCommentEnd(characters, from: index))
            case "'", "\"":
                hasContent = true
                copy(until: quotedEnd(characters, from: index, quote: scalar))
            case "$":
                hasContent = true
                if let tagEnd = dollarTagEnd(characters, from: index) {
                    let tag = Array(characters[index...tagEnd])
                    copy(until: dollarBodyEnd(characters, after: tagEnd + 1, tag: tag))
                } else {
                    copy(until: index + 1)
                }
            case ";":
                index += 1
                finishStatement()
            default:
                if !scalar.properties.isWhitespace { hasContent = true }
                copy(until: index + 1)
            }
        }
        finishStatement()
        return statements
    }

    /// The index just past a (possibly nested) block comment starting at `start`.
    static func blockCommentEnd(_ characters: [Unicode.Scalar], from start: Int) -> Int {
        var depth = 0
        var index = start
        while index + 1 < characters.count {
            if characters[index] == "/" && characters[index + 1] == "*" {
                depth += 1
                index += 2
            } else if characters[index] == "*" && characters[index + 1] == "/" {
                depth -= 1
                index += 2
                if depth == 0 { return index }
            } else {
                index += 1
            }
        }
        return characters.count
    }

    /// The index just past a quoted literal; a doubled quote is an escaped quote.
    static func quotedEnd(_ characters: [Unicode.Scalar], from start: Int, quote: Unicode.Scalar) -> Int {
        var index = start + 1
        while index < characters.count {
            if characters[index] == quote {
                if index + 1 < characters.count && characters[index + 1] == quote {
                    index += 2
                    continue
                }
                return index + 1
            }
            index += 1
        }
        return characters.count
    }

    /// The index of the closing `$` of a dollar-quote tag starting at `start`, if one starts there.
    static func dollarTagEnd(_ characters: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start + 1
        while index < characters.count {
            let scalar = characters[index]
            if scalar == "$" { return index }
            let isTagCharacter =
                scalar == "_" || scalar.properties.isAlphabetic
                || (index > start + 1 && ("0"..."9").contains(scalar))
            guard isTagCharacter else { return nil }
            index += 1
        }
        return nil
    }

    /// The index just past the closing tag of a dollar-quoted body that starts at `start`.
    static func dollarBodyEnd(_ characters: [Unicode.Scalar], after start: Int, tag: [Unicode.Scalar]) -> Int {
        var index = start
        while index + tag.count <= characters.count {
            if characters[index] == "$" && Array(characters[index..<(index + tag.count)]) == tag {
                return index + tag.count
            }
            index += 1
        }
        return characters.count
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
