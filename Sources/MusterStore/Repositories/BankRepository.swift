import Foundation
import Logging
import MusterDomain
import PostgresNIO

/// Stores question banks and their immutable versions.
public struct BankRepository: Sendable {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// Creates the bank if needed and locks its row for the rest of the transaction, so two imports
    /// of one bank take turns. Returns the bank's id.
    public func lockOrCreate(
        name: String, title: LocalizedText?, on connection: PostgresConnection
    ) async throws -> Int64 {
        let titleJSON = try title.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try await connection.query(
            """
            INSERT INTO question_banks (name, title) VALUES (\(name), \(titleJSON)::jsonb)
            ON CONFLICT (name) DO NOTHING
            """,
            logger: logger
        )
        let rows = try await connection.query(
            "SELECT id FROM question_banks WHERE name = \(name) FOR UPDATE",
            logger: logger
        )
        for try await id in rows.decode(Int64.self) { return id }
        throw MusterError(.internalFailure, code: "bank_missing", "Bank \(name) vanished during import.")
    }

    /// The newest version's number and content hash, if the bank has any version.
    public func latestVersion(
        bankID: Int64, on connection: PostgresConnection
    ) async throws -> (version: Int, hash: String)? {
        let rows = try await connection.query(
            """
            SELECT version, content_hash FROM bank_versions
            WHERE bank_id = \(bankID) ORDER BY version DESC LIMIT 1
            """,
            logger: logger
        )
        for try await (version, hash) in rows.decode((Int, String).self) { return (version, hash) }
        return nil
    }

    /// Writes a new version and all its items (one multi-row statement for the items).
    public func insertVersion(
        bankID: Int64,
        version: Int,
        contentHash: String,
        format: String,
        files: [String],
        importedBy: String,
        items: [Item],
        title: LocalizedText?,
        on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            INSERT INTO bank_versions (bank_id, version, content_hash, item_count, source_format, source_files, imported_by)
            VALUES (\(bankID), \(version), \(contentHash), \(items.count), \(format), \(files), \(importedBy))
            """,
            logger: logger
        )
        if let title {
            let titleJSON = String(decoding: try JSONEncoder().encode(title), as: UTF8.self)
            try await connection.query(
                "UPDATE question_banks SET title = \(titleJSON)::jsonb WHERE id = \(bankID)",
                logger: logger
            )
        }
        guard !items.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bodies = try items.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try await connection.query(
            """
            INSERT INTO bank_items (bank_id, version, position, item_id, kind, topics, difficulty, points, body)
            SELECT \(bankID), \(version), t.position, t.item_id, t.kind,
                   ARRAY(SELECT jsonb_array_elements_text(t.body::jsonb -> 'topics')),
                   t.difficulty, t.points, t.body::jsonb
            FROM unnest(\(Array(items.indices)), \(items.map(\.id)), \(items.map(\.kind.name)),
                        \(items.map(\.difficulty.rawValue)), \(items.map(\.points)), \(bodies))
                AS t(position, item_id, kind, difficulty, points, body)
            """,
            logger: logger
        )
    }

    /// Every bank's newest version.
    public func latestVersions(on connection: PostgresConnection) async throws -> [BankVersion] {
        try await versions(
            """
            SELECT DISTINCT ON (b.id) b.name, b.title::text, v.version, v.content_hash, v.item_count,
                   v.source_format, v.source_files, v.imported_by, v.imported_at
            FROM question_banks b JOIN bank_versions v ON v.bank_id = b.id
            ORDER BY b.id, v.version DESC
            """,
            on: connection
        ).sorted { $0.bank < $1.bank }
    }

    /// One version of a bank (the newest when `version` is nil) and its items in order.
    public func version(
        bank name: String,
        version: Int?,
        on connection: PostgresConnection
    ) async throws -> (BankVersion, [Item])? {
        let found = try await versions(
            """
            SELECT b.name, b.title::text, v.version, v.content_hash, v.item_count,
                   v.source_format, v.source_files, v.imported_by, v.imported_at
            FROM question_banks b JOIN bank_versions v ON v.bank_id = b.id
            WHERE b.name = \(name) AND (\(version)::integer IS NULL OR v.version = \(version))
            ORDER BY v.version DESC LIMIT 1
            """,
            on: connection
        )
        guard let summary = found.first else { return nil }
        let rows = try await connection.query(
            """
            SELECT i.body::text FROM bank_items i JOIN question_banks b ON b.id = i.bank_id
            WHERE b.name = \(name) AND i.version = \(summary.version)
            ORDER BY i.position
            """,
            logger: logger
        )
        var items: [Item] = []
        let decoder = JSONDecoder()
        for try await body in rows.decode(String.self) {
            items.append(try decoder.decode(Item.self, from: Data(body.utf8)))
        }
        return (summary, items)
    }

    private func versions(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> [BankVersion] {
        let rows = try await connection.query(query, logger: logger)
        var result: [BankVersion] = []
        let decoder = JSONDecoder()
        for try await (name, title, version, hash, count, format, files, importedBy, importedAt) in rows.decode(
            (String, String?, Int, String, Int, String, [String], String, Date).self
        ) {
            result.append(
                BankVersion(
                    bank: name,
                    title: try title.map { try decoder.decode(LocalizedText.self, from: Data($0.utf8)) },
                    version: version,
                    contentHash: hash,
                    itemCount: count,
                    sourceFormat: format,
                    sourceFiles: files,
                    importedBy: importedBy,
                    importedAt: importedAt
                )
            )
        }
        return result
    }
}
