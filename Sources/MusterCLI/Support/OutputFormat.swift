import ArgumentParser
import Foundation

/// How a query command prints its answer.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Aligned columns for people.
    case table
    /// JSON for scripts.
    case json
}

/// Writes command output.
enum Output {
    /// Prints `value` as pretty, key-sorted JSON.
    static func json(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// A number without a needless ".0".
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// Quotes a CSV field when it holds a comma, quote or line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Prints rows as aligned columns under a header; Chinese characters count two columns wide.
    static func table(header: [String], rows: [[String]]) {
        let widths = header.indices.map { column in
            ([header] + rows).map { displayWidth($0[column]) }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0 + String(repeating: " ", count: max(0, $1 - displayWidth($0))) }
                .joined(separator: "  ").replacing(/\s+$/, with: "")
        }
        print(line(header))
        for row in rows { print(line(row)) }
    }

    /// The columns a terminal gives `text`: East Asian wide characters take two.
    static func displayWidth(_ text: String) -> Int {
        TerminalText.width(text)
    }
}
