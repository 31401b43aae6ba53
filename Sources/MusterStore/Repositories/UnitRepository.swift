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

    /// Every unit with how many officers serve in it and in its whole subtree, parents first.
    public func allWithOfficerCounts(on connection: PostgresConnection) async throws -> [UnitWithCounts] {
        let rows = try await connection.query(
            """
            WITH RECURSIVE tree AS (
                SELECT id, code, parent_id, name_zh, name_en, 0 AS depth, ARRAY[id] AS path, ARRAY[code] AS code_path
                FROM units WHERE parent_id IS NULL
                UNION ALL
                SELECT u.id, u.code, u.parent_id, u.name_zh, u.name_en, t.depth + 1, t.path || u.id, t.code_path || u.code
                FROM units u JOIN tree t ON u.parent_id = t.id
            ), direct AS (
                SELECT unit_id, count(*) AS officers FROM officers GROUP BY unit_id
            )
            SELECT t.code, p.code, t.name_zh, t.name_en, t.depth,
                   COALESCE(d.officers, 0)::int8,
                   (SELECT COALESCE(sum(d2.officers), 0)::int8 FROM tree t2 JOIN direct d2 ON d2.unit_id = t2.id
                    WHERE t.id = ANY(t2.path))
            FROM tree t LEFT JOIN units p ON p.id = t.parent_id LEFT JOIN direct d ON d.unit_id = t.id
            ORDER BY t.code_path
            """,
            logger: logger
        )
        var units: [UnitWithCounts] = []
        for try await (code, parent, nameZh, nameEn, depth, direct, subtree) in rows.decode(
            (String, String?, String, String, Int, Int, Int).self
        ) {
            units.append(
                UnitWithCounts(
                    unit: Unit(code: code, parentCode: parent, nameZh: nameZh, nameEn: nameEn),
                    depth: depth,
                    officers: direct,
                    officersInSubtree: subtree
                )
            )
        }
        return units
    }

    /// Changes a unit's names and parent.
    public func update(_ unit: Unit, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE units SET name_zh = \(unit.nameZh), name_en = \(unit.nameEn),
                             parent_id = (SELECT id FROM units WHERE code = \(unit.parentCode))
            WHERE code = \(unit.code)
            """,
            logger: logger
        )
    }
}

/// A unit with its place in the tree and its officer counts.
public struct UnitWithCounts: Sendable, Codable, Equatable {
    public var unit: Unit
    /// 0 for the root, 1 for its children, …
    public var depth: Int
    /// Officers serving in the unit itself.
    public var officers: Int
    /// Officers serving in the unit and every unit below it.
    public var officersInSubtree: Int

    /// Creates an entry of the unit listing.
    public init(unit: Unit, depth: Int, officers: Int, officersInSubtree: Int) {
        self.unit = unit
        self.depth = depth
        self.officers = officers
        self.officersInSubtree = officersInSubtree
    }

    enum CodingKeys: String, CodingKey {
        case depth, officers, officersInSubtree
    }

    /// One flat object: the unit's own fields beside its depth and counts.
    public func encode(to encoder: any Encoder) throws {
        try unit.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(depth, forKey: .depth)
        try container.encode(officers, forKey: .officers)
        try container.encode(officersInSubtree, forKey: .officersInSubtree)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.unit = try Unit(from: decoder)
        self.depth = try container.decode(Int.self, forKey: .depth)
        self.officers = try container.decode(Int.self, forKey: .officers)
        self.officersInSubtree = try container.decode(Int.self, forKey: .officersInSubtree)
    }
}
