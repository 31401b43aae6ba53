/// Where in a source file something was read from: 1-based line and column.
public struct SourcePosition: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form editors and terminals link to.
    public var description: String { "\(file):\(line):\(column)" }
}

/// A finding about an input file: an error aborts an import, a warning does not.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How serious a finding is.
    public enum Severity: String, Sendable, Codable {
        case error, warning
    }

    public var severity: Severity
    public var position: SourcePosition
    public var message: String

    public init(_ severity: Severity, at position: SourcePosition, _ message: String) {
        self.severity = severity
        self.position = position
        self.message = message
    }

    /// `file:line:column: severity: message`.
    public var description: String { "\(position): \(severity.rawValue): \(message)" }
}

extension Array where Element == Diagnostic {
    /// The errors among the findings.
    public var errors: [Diagnostic] { filter { $0.severity == .error } }
    /// The warnings among the findings.
    public var warnings: [Diagnostic] { filter { $0.severity == .warning } }
}

extension MusterError {
    /// Fails an all-or-nothing import when `diagnostics` hold errors: "N error(s) in FILE;
    /// nothing was imported", with every error as `file:line:column: …` in the details.
    ///
    /// - Parameters:
    ///   - code: The stable code, such as `roster_rejected`.
    ///   - file: What the message names: a file name, or "the file(s)".
    ///   - outcome: The end of the sentence, such as "nothing was imported".
    public static func rejectingErrors(
        in diagnostics: [Diagnostic], code: String, file: String, outcome: String = "nothing was imported"
    ) throws {
        let errors = diagnostics.errors
        guard !errors.isEmpty else { return }
        throw MusterError(
            .invalidInput,
            code: code,
            "\(errors.count) error(s) in \(file); \(outcome).",
            details: errors.map(\.description)
        )
    }
}
