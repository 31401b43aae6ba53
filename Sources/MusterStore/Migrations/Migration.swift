import Foundation
import MusterDomain

/// One numbered plain-SQL file from `Migrations/`.
public struct Migration: Sendable, Equatable, Identifiable {
    /// The number that orders the file, from its `NNNN_` prefix.
    public var version: Int
    /// The file name, such as `0001_units.sql`.
    public var fileName: String
    /// The SQL text, applied in one transaction.
    public var sql: String
    /// The SHA-256 of the file's bytes, in lowercase hex.
    public var checksum: String

    public var id: Int { version }

    /// Reads a migration from its file name and bytes, rejecting names not of the form
    /// `NNNN_description.sql`.
    public init(fileName: String, contents: Data) throws {
        let stem = fileName.split(separator: "_", maxSplits: 1).first.map(String.init) ?? ""
        guard fileName.hasSuffix(".sql"), stem.count == 4, let version = Int(stem), fileName.contains("_")
        else {
            throw MusterError(
                .misconfigured,
                code: "migration_misnamed",
                "Migration file \(fileName) must be named NNNN_description.sql (four digits)."
            )
        }
        self.version = version
        self.fileName = fileName
        self.sql = String(decoding: contents, as: UTF8.self)
        self.checksum = Digest.sha256Hex(contents)
    }
}

/// The ordered list of migrations a build of Muster knows.
public struct MigrationCatalog: Sendable {
    /// The migrations, in version order.
    public let migrations: [Migration]

    /// Builds a catalog from file names and contents, rejecting duplicate versions.
    public init(files: [String: Data]) throws {
        let parsed = try files.map { try Migration(fileName: $0.key, contents: $0.value) }
            .sorted { $0.version < $1.version }
        for (previous, next) in zip(parsed, parsed.dropFirst()) where previous.version == next.version {
            throw MusterError(
                .misconfigured,
                code: "migration_duplicate_version",
                "Migrations \(previous.fileName) and \(next.fileName) share version \(next.version)."
            )
        }
        migrations = parsed
    }

    /// The migrations compiled into this binary from the package's `Migrations/` folder.
    public static func embedded() throws -> MigrationCatalog {
        let files = EmbeddedFiles.all.filter { $0.key.hasPrefix("Migrations/") && $0.key.hasSuffix(".sql") }
        return try MigrationCatalog(
            files: Dictionary(uniqueKeysWithValues: files.map { (($0.key as NSString).lastPathComponent, $0.value) })
        )
    }
}
