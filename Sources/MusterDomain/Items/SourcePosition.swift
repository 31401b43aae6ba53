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

extension Array where Element == Diagnostic {
    /// The findings in file order: by file, line, then column (a stable sort).
    public func sortedByPosition() -> [Diagnostic] {
        enumerated().sorted { lhs, rhs in
            let left = lhs.element.position, right = rhs.element.position
            if left.file != right.file { return left.file < right.file }
            if left.line != right.line { return left.line < right.line }
            if left.column != right.column { return left.column < right.column }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}
