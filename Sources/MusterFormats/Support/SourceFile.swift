/// One file offered to a reader: the name diagnostics cite and its text.
///
/// Banks, rosters, HR records, units and policies all arrive this way, from the CLI (a file on
/// disk) or the HTTP API (an upload with a `file` name).
public struct SourceFile: Sendable {
    /// The name diagnostics cite as `file:line:column`.
    public var fileName: String
    /// The file's text.
    public var text: String

    /// Creates a source file.
    public init(fileName: String, text: String) {
        self.fileName = fileName
        self.text = text
    }
}
