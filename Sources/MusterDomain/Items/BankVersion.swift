import Foundation

/// One immutable version of a question bank, as stored.
public struct BankVersion: Sendable, Hashable, Codable {
    /// The bank's name, such as `computer-literacy`.
    public var bank: String
    public var title: LocalizedText?
    /// 1 for the first import, then one more for each import that changed the content.
    public var version: Int
    /// SHA-256 of the canonical YAML of the items, in hex.
    public var contentHash: String
    public var itemCount: Int
    public var sourceFormat: String
    public var sourceFiles: [String]
    public var importedBy: String
    public var importedAt: Date

    public init(
        bank: String,
        title: LocalizedText?,
        version: Int,
        contentHash: String,
        itemCount: Int,
        sourceFormat: String,
        sourceFiles: [String],
        importedBy: String,
        importedAt: Date
    ) {
        self.bank = bank
        self.title = title
        self.version = version
        self.contentHash = contentHash
        self.itemCount = itemCount
        self.sourceFormat = sourceFormat
        self.sourceFiles = sourceFiles
        self.importedBy = importedBy
        self.importedAt = importedAt
    }
}
