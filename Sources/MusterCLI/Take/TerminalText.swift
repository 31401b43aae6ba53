import CTerminalWidth

/// Text measured and cut by the columns a terminal gives it, so Chinese (two columns a
/// character) and Latin text line up: widths come from the C library's `wcwidth`.
enum TerminalText {
    /// The columns `text` takes: wide characters two, combining marks none, controls none.
    static func width(_ text: some StringProtocol) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    /// The columns one scalar takes.
    static func width(of scalar: Unicode.Scalar) -> Int {
        let width = muster_scalar_width(scalar.value)
        if width >= 0 { return Int(width) }
        // -1: a control character (no columns); -2: no UTF-8 locale here, so tell wide
        // characters by their blocks.
        return width == -1 ? 0 : (fallbackWide(scalar.value) ? 2 : 1)
    }

    /// `text` cut to at most `columns`, with "…" where it was cut.
    static func truncate(_ text: String, to columns: Int) -> String {
        guard width(text) > columns else { return text }
        var kept = ""
        var used = 0
        for character in text {
            let next = width(String(character))
            if used + next > columns - 1 { break }
            kept.append(character)
            used += next
        }
        return kept + "…"
    }

    /// `text` padded with spaces to exactly `columns` (cut first when longer).
    static func pad(_ text: String, to columns: Int) -> String {
        let cut = truncate(text, to: columns)
        return cut + String(repeating: " ", count: max(0, columns - width(cut)))
    }

    /// `left` and `right` on one line of `columns`, `right` flush with the edge.
    static func spread(_ left: String, _ right: String, to columns: Int) -> String {
        let room = max(0, columns - width(right) - 1)
        return pad(left, to: room) + " " + right
    }

    /// `text` broken into lines of at most `columns`: at spaces where a line of Latin text can
    /// break, anywhere between wide characters; line breaks in the text are kept. Later lines
    /// are indented by `indent` spaces (counted in `columns`).
    static func wrap(_ text: String, to columns: Int, indent: Int = 0) -> [String] {
        let columns = max(columns, indent + 2)
        var lines: [String] = []
        for paragraph in text.replacing("\t", with: " ").split(separator: "\n", omittingEmptySubsequences: false) {
            var line: [Character] = []
            var used = 0
            /// Where the last space on the line is, as an offset into `line`.
            var lastSpace: Int?
            func breakLine(keeping carried: [Character]) {
                lines.append(String(line))
                line = Array(repeating: " ", count: indent) + carried
                used = width(String(line))
                lastSpace = nil
            }
            for character in paragraph where character != "\r" {
                let next = width(String(character))
                if used + next > columns {
                    if character != " ", let space = lastSpace {
                        let carried = Array(line[(space + 1)...])
                        line.removeSubrange(space...)
                        breakLine(keeping: carried)
                    } else {
                        breakLine(keeping: [])
                        if character == " " { continue }
                    }
                }
                if character == " " { lastSpace = line.count }
                line.append(character)
                used += next
            }
            lines.append(String(line))
        }
        return lines.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
    }

    private static func fallbackWide(_ value: UInt32) -> Bool {
        (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
            || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
            || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
            || (0xFFE0...0xFFE6).contains(value) || (0x20000...0x3FFFD).contains(value)
    }
}
