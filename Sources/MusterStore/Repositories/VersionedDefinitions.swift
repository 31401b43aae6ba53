import Foundation
import Logging
import PostgresNIO

/// The SQL that tracks and exams share: each load of a definition file is an immutable version
/// row (`code`, `version`, `definition` JSON, `content_hash`, who and when), the newest in force.
struct VersionedDefinitions {
    /// The table, and its who and when columns: fixed names from the repositories, never input.
    let table: String
    let authorColumn: String
    let timeColumn: String
    let logger: Logger

    /// One stored version, its definition decoded.
    struct Row<Definition> {
        var definition: Definition
        var version: Int
        var hash: String
        var author: String
        var time: Date
    }

    /// The newest version number and hash of `code`, taking a transaction lock so loads of the
    /// same code take turns.
    func latest(code: String, on connection: PostgresConnection) async throws -> (version: Int, hash: String)? {
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(table) || ':' || \(code)))", logger: logger)
        let rows = try await connection.query(
            PostgresQuery(
                unsafeSQL: "SELECT version, content_hash FROM \(table) WHERE code = $1 ORDER BY version DESC LIMIT 1",
                binds: try Self.binds(code)),
            logger: logger
        )
        for try await (version, hash) in rows.decode((Int, String).self) { return (version, hash) }
        return nil
    }

    /// The newest version of every code, by code.
    func current<Definition: Decodable>(
        _ type: Definition.Type, on connection: PostgresConnection
    ) async throws -> [Row<Definition>] {
        try await rows(
            type,
            PostgresQuery(
                unsafeSQL: """
                    SELECT DISTINCT ON (code) definition::text, version, content_hash, \(authorColumn), \(timeColumn)
                    FROM \(table) ORDER BY code, version DESC
                    """),
            on: connection)
    }

    /// One version of `code`, if it exists.
    func version<Definition: Decodable>(
        _ type: Definition.Type, code: String, version: Int, on connection: PostgresConnection
    ) async throws -> Row<Definition>? {
        try await rows(
            type,
            PostgresQuery(
                unsafeSQL: """
                    SELECT definition::text, version, content_hash, \(authorColumn), \(timeColumn)
                    FROM \(table) WHERE code = $1 AND version = $2
                    """,
                binds: try Self.binds(code, version)),
            on: connection
        ).first
    }

    func rows<Definition: Decodable>(
        _ type: Definition.Type, _ query: PostgresQuery, on connection: PostgresConnection
    ) async throws -> [Row<Definition>] {
        let rows = try await connection.query(query, logger: logger)
        let decoder = JSONDecoder()
        var found: [Row<Definition>] = []
        for try await (definition, version, hash, author, time) in rows.decode((String, Int, String, String, Date).self)
        {
            found.append(
                Row(
                    definition: try decoder.decode(Definition.self, from: Data(definition.utf8)), version: version,
                    hash: hash, author: author, time: time))
        }
        return found
    }

    /// `value` as JSON text with sorted keys, for the `definition` column.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func binds(_ values: any PostgresEncodable...) throws -> PostgresBindings {
        var bindings = PostgresBindings()
        for value in values { try bindings.append(value, context: .default) }
        return bindings
    }
}
