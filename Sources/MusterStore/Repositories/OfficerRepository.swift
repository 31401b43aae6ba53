import Foundation
import Logging
import MusterDomain
import PostgresNIO

/// Stores the roster and its rank and post history.
public struct OfficerRepository: Sendable {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// The ids of the units with these codes.
    public func unitIDs(codes: [String], on connection: PostgresConnection) async throws -> [String: Int64] {
        let rows = try await connection.query("SELECT code, id FROM units WHERE code = ANY(\(codes))", logger: logger)
        var ids: [String: Int64] = [:]
        for try await (code, id) in rows.decode((String, Int64).self) { ids[code] = id }
        return ids
    }

    /// Fails with `unit_not_found` unless a unit `code` exists: a filter naming no unit is an
    /// error, not an empty answer.
    public func requireUnit(_ code: String, on connection: PostgresConnection) async throws {
        guard try await unitIDs(codes: [code], on: connection).isEmpty else { return }
        throw MusterError(.notFound, code: "unit_not_found", "There is no unit '\(code)'.")
    }

    /// The stored officers among `badges` that the scope reaches (by default, wherever they
    /// serve), by badge.
    public func officers(
        badges: [String], within scope: OfficerScope = .wholeForce, on connection: PostgresConnection
    ) async throws -> [String: Officer] {
        let rows = try await connection.query(
            """
            WITH RECURSIVE \(reachable: scope)
            SELECT \(unescaped: Self.columns)
            FROM officers o JOIN units u ON u.id = o.unit_id WHERE o.badge = ANY(\(badges)) AND \(officerIn: scope)
            """,
            logger: logger
        )
        var found: [String: Officer] = [:]
        for officer in try await Self.decode(rows) { found[officer.badge] = officer }
        return found
    }

    /// Inserts or updates officers in one statement and adds their current rank and post to
    /// history (rows already there are kept as they are).
    public func upsert(_ officers: [Officer], unitIDs: [String: Int64], on connection: PostgresConnection) async throws
    {
        guard !officers.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO officers (badge, name, sex, birth_date, unit_id, hire_date, duty_type,
                                  rank_code, rank_since, post_code, post_since, education)
            SELECT * FROM unnest(\(officers.map(\.badge)), \(officers.map(\.name)), \(officers.map(\.sex.rawValue)),
                                 \(officers.map(\.birthDate.description))::date[], \(officers.map { unitIDs[$0.unit] ?? 0 }),
                                 \(officers.map(\.hireDate.description))::date[], \(officers.map(\.dutyType.rawValue)),
                                 \(officers.map(\.rank)), \(officers.map(\.rankSince.description))::date[],
                                 \(officers.map(\.post)), \(officers.map(\.postSince.description))::date[],
                                 \(officers.map(\.education)))
            ON CONFLICT (badge) DO UPDATE SET
                name = excluded.name, sex = excluded.sex, birth_date = excluded.birth_date,
                unit_id = excluded.unit_id, hire_date = excluded.hire_date, duty_type = excluded.duty_type,
                rank_code = excluded.rank_code, rank_since = excluded.rank_since, post_code = excluded.post_code,
                post_since = excluded.post_since, education = excluded.education, updated_at = now()
            """,
            logger: logger
        )
        for (table, codeColumn, codes, sinces) in [
            ("rank_history", "rank_code", officers.map(\.rank), officers.map(\.rankSince.description)),
            ("post_history", "post_code", officers.map(\.post), officers.map(\.postSince.description)),
        ] {
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        INSERT INTO \(table) (officer_id, \(codeColumn), since)
                        SELECT o.id, s.code, s.since FROM unnest($1::text[], $2::text[], $3::date[]) AS s(badge, code, since)
                        JOIN officers o ON o.badge = s.badge
                        ON CONFLICT DO NOTHING
                        """,
                    binds: try Self.binds(officers.map(\.badge), codes, sinces)
                ),
                logger: logger
            )
        }
    }

    /// One officer by badge, if the scope reaches them.
    public func officer(
        badge: String, within scope: OfficerScope, on connection: PostgresConnection
    ) async throws -> Officer? {
        let rows = try await connection.query(
            """
            WITH RECURSIVE \(reachable: scope)
            SELECT \(unescaped: Self.columns)
            FROM officers o JOIN units u ON u.id = o.unit_id
            WHERE o.badge = \(badge) AND \(officerIn: scope)
            """,
            logger: logger
        )
        return try await Self.decode(rows).first
    }

    /// Officers the scope reaches, in a unit's subtree (all when nil) and of a rank (any when
    /// nil), by badge. The scope is applied in SQL.
    public func list(
        unit: String?, rank: String?, within scope: OfficerScope, on connection: PostgresConnection
    ) async throws -> [Officer] {
        let rows = try await connection.query(
            """
            WITH RECURSIVE \(reachable: scope), subtree AS (
                SELECT id FROM units WHERE \(unit)::text IS NULL OR code = \(unit)
                UNION SELECT u.id FROM units u JOIN subtree s ON u.parent_id = s.id
            )
            SELECT \(unescaped: Self.columns)
            FROM officers o JOIN units u ON u.id = o.unit_id
            WHERE o.unit_id IN (SELECT id FROM subtree) AND (\(rank)::text IS NULL OR o.rank_code = \(rank))
              AND \(officerIn: scope)
            ORDER BY o.badge
            """,
            logger: logger
        )
        return try await Self.decode(rows)
    }

    /// The badges among `badges` of officers the scope reaches.
    public func badges(
        _ badges: [String], within scope: OfficerScope, on connection: PostgresConnection
    ) async throws -> Set<String> {
        let rows = try await connection.query(
            """
            WITH RECURSIVE \(reachable: scope)
            SELECT o.badge FROM officers o WHERE o.badge = ANY(\(badges)) AND \(officerIn: scope)
            """,
            logger: logger
        )
        var found: Set<String> = []
        for try await badge in rows.decode(String.self) { found.insert(badge) }
        return found
    }

    /// The unit codes among `codes` inside the scope's subtrees.
    public func units(
        _ codes: [String], within scope: OfficerScope, on connection: PostgresConnection
    ) async throws -> Set<String> {
        let rows = try await connection.query(
            """
            WITH RECURSIVE \(reachable: scope)
            SELECT code FROM units WHERE code = ANY(\(codes)) AND id IN (SELECT id FROM reachable)
            """,
            logger: logger
        )
        var found: Set<String> = []
        for try await code in rows.decode(String.self) { found.insert(code) }
        return found
    }

    /// An officer's rank or post history, oldest first.
    public func history(
        badge: String, kind: HistoryKind, on connection: PostgresConnection
    ) async throws -> [HistoryEntry] {
        let rows = try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT h.\(kind.codeColumn), h.since::text FROM \(kind.table) h JOIN officers o ON o.id = h.officer_id
                    WHERE o.badge = $1 ORDER BY h.since, h.recorded_at
                    """,
                binds: try Self.binds(badge)
            ),
            logger: logger
        )
        var entries: [HistoryEntry] = []
        for try await (code, since) in rows.decode((String, String).self) {
            if let day = CalendarDay(since) { entries.append(HistoryEntry(code: code, since: day)) }
        }
        return entries
    }

    /// Which history an entry belongs to.
    public enum HistoryKind: Sendable {
        case rank, post

        var table: String { self == .rank ? "rank_history" : "post_history" }
        var codeColumn: String { self == .rank ? "rank_code" : "post_code" }
    }

    static let columns = """
        o.badge, o.name, o.sex, o.birth_date::text, u.code, o.hire_date::text, o.duty_type,
        o.rank_code, o.rank_since::text, o.post_code, o.post_since::text, o.education
        """

    static func binds(_ values: any PostgresEncodable...) throws -> PostgresBindings {
        var bindings = PostgresBindings()
        for value in values { try bindings.append(value, context: .default) }
        return bindings
    }

    static func decode(_ rows: PostgresRowSequence) async throws -> [Officer] {
        var officers: [Officer] = []
        for try await row in rows.decode(
            (String, String, String, String, String, String, String, String, String, String, String, String).self
        ) {
            guard let sex = Sex(rawValue: row.2), let birth = CalendarDay(row.3), let hire = CalendarDay(row.5),
                let duty = Officer.DutyType(rawValue: row.6), let rankSince = CalendarDay(row.8),
                let postSince = CalendarDay(row.10)
            else { continue }
            officers.append(
                Officer(
                    badge: row.0,
                    name: row.1,
                    sex: sex,
                    birthDate: birth,
                    unit: row.4,
                    hireDate: hire,
                    dutyType: duty,
                    rank: row.7,
                    rankSince: rankSince,
                    post: row.9,
                    postSince: postSince,
                    education: row.11
                )
            )
        }
        return officers
    }
}

extension PostgresQuery.StringInterpolation {
    /// `reachable AS (…)`: the ids of the units a scope reaches, for a `WITH RECURSIVE` clause.
    ///
    /// The whole force needs no walk of the tree: a recursive union sets up a hash table on every
    /// execution, which a start spike would pay thousands of times.
    mutating func appendInterpolation(reachable scope: OfficerScope) {
        if scope.wholeForce {
            appendLiteral("reachable AS (SELECT id FROM units)")
            return
        }
        appendLiteral("reachable AS (SELECT id FROM units WHERE ")
        appendInterpolation(scope.wholeForce)
        appendLiteral(" OR code = ANY(")
        appendInterpolation(scope.unitRoots)
        appendLiteral(") UNION SELECT u.id FROM units u JOIN reachable r ON u.parent_id = r.id)")
    }

    /// A condition on officer row `o`: inside the `reachable` units, or the scope's own badge.
    mutating func appendInterpolation(officerIn scope: OfficerScope) {
        appendLiteral("(o.unit_id IN (SELECT id FROM reachable) OR o.badge = ")
        appendInterpolation(scope.ownBadge)
        appendLiteral("::text)")
    }
}
