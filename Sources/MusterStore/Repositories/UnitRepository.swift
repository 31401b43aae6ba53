import Logging
import MusterDomain
import PostgresNIO

/// Reads and writes the organisational unit tree.
public struct UnitRepository: Sendable {
    let logger: Logger

    /// Creates a repository that logs to `logger`.
    public init(logger: Logger) {
        self.logger = logger
    }

    /// How many units exist.
    public func count(on connection: PostgresConnection) async throws -> Int {
        let rows = try await connection.query("SELECT count(*) FROM units", logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    /// Inserts units whose code is not yet present; parents must come before children.
    ///
    /// - Returns: How many units were inserted.
    @discardableResult
    public func insertMissing(_ units: [Unit], on connection: PostgresConnection) async throws -> Int {
        var inserted = 0
        for unit in units {
            let rows = try await connection.query(
                """
                INSERT INTO units (code, parent_id, name_zh, name_en)
                SELECT \(unit.code), (SELECT id FROM units WHERE code = \(unit.parentCode)),
                       \(unit.nameZh), \(unit.nameEn)
                ON CONFLICT (code) DO NOTHING
                RETURNING id
                """,
                logger: logger
            )
            for try await _ in rows { inserted += 1 }
        }
        return inserted
    }

    /// Every unit, parents before children.
    public func all(on connection: PostgresConnection) async throws -> [Unit] {
        let rows = try await connection.query(
            """
            WITH RECURSIVE tree AS (
                SELECT id, code, parent_id, name_zh, name_en, 0 AS depth FROM units WHERE parent_id IS NULL
                UNION ALL
                SELECT u.id, u.code, u.parent_id, u.name_zh, u.name_en, t.depth + 1
                FROM units u JOIN tree t ON u.parent_id = t.id
            )
            SELECT t.code, p.code, t.name_zh, t.name_en
            FROM tree t LEFT JOIN units p ON p.id = t.parent_id
            ORDER BY t.depth, t.code
            """,
            logger: logger
        )
        var units: [Unit] = []
        for try await (code, parent, nameZh, nameEn) in rows.decode((String, String?, String, String).self) {
            units.append(Unit(code: code, parentCode: parent, nameZh: nameZh, nameEn: nameEn))
        }
        return units
    }
}
