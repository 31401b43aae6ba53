/// A failure the user can act on, with a stable machine-readable code.
///
/// Every layer reports problems as `MusterError`: the domain for broken rules, the formats for bad
/// files, the store for database conditions. The HTTP server maps ``Kind`` to a status in one place
/// and the CLI prints ``message`` as one line; neither invents its own wording.
public struct MusterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad class of a failure, which decides how adapters report it.
    public enum Kind: String, Sendable, Codable {
        /// The caller sent something malformed or invalid.
        case invalidInput
        /// The caller is not signed in.
        case unauthenticated
        /// The caller is signed in but may not do this.
        case forbidden
        /// The thing asked for does not exist.
        case notFound
        /// The caller must wait before trying again (login throttling).
        case throttled
        /// The request conflicts with the current state.
        case conflict
        /// A dependency (usually the database) cannot be reached now.
        case unavailable
        /// The installation or configuration is wrong and an operator must fix it.
        case misconfigured
        /// A defect: something that should never happen.
        case internalFailure
    }

    /// The broad class of the failure.
    public var kind: Kind
    /// A stable identifier such as `database_unavailable`; scripts and clients match on it.
    public var code: String
    /// One sentence saying what is wrong and, where possible, what to do.
    public var message: String
    /// Further findings, such as every diagnostic of a rejected import.
    public var details: [String]
    /// For ``Kind/throttled``: how many seconds to wait before trying again.
    public var retryAfterSeconds: Int?

    /// Creates an error of the given kind and stable code.
    public init(_ kind: Kind, code: String, _ message: String, details: [String] = []) {
        self.kind = kind
        self.code = code
        self.message = message
        self.details = details
    }

    public var description: String { message }
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
