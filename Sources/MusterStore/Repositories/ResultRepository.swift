import Foundation
import Logging
import MusterDomain
import PostgresNIO

/// A stored result: an attempt's grade with who sat it and where.
public struct StoredResult: Sendable, Hashable, Codable {
    public var attempt: Int64
    public var badge: String
    public var exam: String
    public var examVersion: Int
    public var sitting: String
    public var attemptNumber: Int
    public var submittedAt: Date?
    public var score: Double
    public var maximum: Double
    public var percent: Double
    public var isFinal: Bool
    public var passed: Bool?
    public var band: String?
    public var placeholderTable: Bool
    /// The bank version whose keys graded the attempt.
    public var keyVersion: Int
    public var gradedAt: Date
    /// Each stored mark's ``ItemMark/digest``, in position order; nil when not recorded.
    public var markDigests: [Int64]?
}

/// One position waiting for a trainer or examiner.
public struct PendingMark: Sendable, Hashable, Codable {
    public var attempt: Int64
    public var position: Int
    public var itemID: String
    public var badge: String
    public var exam: String
    public var sitting: String
    public var submittedAt: Date?
    /// A first mark, a second mark, or moderation.
    public var awaiting: ItemMark.Awaiting
}

/// Stores results, item marks, manual marks and voided items.
public struct ResultRepository: Sendable {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// Of the sittings with these codes, those whose results were released to candidates.
    public func releasedSittings(_ codes: [String], on connection: PostgresConnection) async throws -> Set<String> {
        let rows = try await connection.query(
            "SELECT code FROM sittings WHERE code = ANY(\(codes)) AND results_released_at IS NOT NULL", logger: logger)
        var released: Set<String> = []
        for try await code in rows.decode(String.self) { released.insert(code) }
        return released
    }

    /// How many handed-in attempts of a sitting still have positions to mark, and how many there are.
    public func markingState(
        sitting id: Int64, on connection: PostgresConnection
    ) async throws -> (
        pending: Int, handedIn: Int
    ) {
        let rows = try await connection.query(
            """
            SELECT count(*) FILTER (WHERE r.final IS NOT TRUE)::int, count(*)::int
            FROM attempts a LEFT JOIN results r ON r.attempt_id = a.id
            WHERE a.sitting_id = \(id) AND a.status = 'submitted'
            """,
            logger: logger)
        for try await (pending, handedIn) in rows.decode((Int, Int).self) { return (pending, handedIn) }
        return (0, 0)
    }

    /// Marks a sitting's results released; returns when they were released (earlier, if they were already).
    public func release(
        sitting id: Int64, by actor: String, at now: Date, on connection: PostgresConnection
    ) async throws -> (releasedAt: Date, now: Bool) {
        let rows = try await connection.query(
            """
            WITH updated AS (
                UPDATE sittings SET results_released_at = \(now), results_released_by = \(actor)
                WHERE id = \(id) AND results_released_at IS NULL RETURNING results_released_at
            )
            SELECT results_released_at, true FROM updated
            UNION ALL SELECT results_released_at, false FROM sittings
            WHERE id = \(id) AND NOT EXISTS (SELECT 1 FROM updated)
            """,
            logger: logger)
        for try await (at, fresh) in rows.decode((Date, Bool).self) { return (at, fresh) }
        return (now, false)
    }

    static let columns = """
        a.id, o.badge, a.exam_code, a.exam_version, s.code, a.attempt_number, a.submitted_at,
        r.score, r.maximum, r.percent, r.final, r.passed, r.band, r.placeholder_table, r.key_version, r.graded_at,
        r.mark_digests
        """

    static let source = """
        results r JOIN attempts a ON a.id = r.attempt_id JOIN sittings s ON s.id = a.sitting_id
        JOIN officers o ON o.id = a.officer_id
        """

    /// One attempt's stored result.
    public func result(attempt: Int64, on connection: PostgresConnection) async throws -> StoredResult? {
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.source) WHERE r.attempt_id = \(attempt)",
            logger: logger)
        return try await Self.decode(rows).first
    }

    /// Every result of the officer, oldest first.
    public func results(badge: String, on connection: PostgresConnection) async throws -> [StoredResult] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.source)
            WHERE o.badge = \(badge) ORDER BY a.submitted_at, a.id
            """,
            logger: logger)
        return try await Self.decode(rows)
    }

    /// The stored marks of an attempt, by position.
    public func marks(attempt: Int64, on connection: PostgresConnection) async throws -> [ItemMark] {
        let rows = try await connection.query(
            """
            SELECT position, item_id, answer_sequence, earned, maximum, method, placeholder_table, awaiting
            FROM item_marks WHERE attempt_id = \(attempt) ORDER BY position
            """,
            logger: logger)
        var marks: [ItemMark] = []
        for try await (position, item, sequence, earned, maximum, method, placeholder, awaiting) in rows.decode(
            (Int, String, Int64?, Double?, Double, String, Bool, String?).self)
        {
            marks.append(
                ItemMark(
                    position: position, itemID: item, sequence: sequence, earned: earned, maximum: maximum,
                    method: ItemMark.Method(rawValue: method) ?? .pending, placeholderTable: placeholder,
                    awaiting: awaiting.flatMap(ItemMark.Awaiting.init(rawValue:))))
        }
        return marks
    }

    /// Positions waiting for a trainer or examiner in sittings the scope reaches, oldest
    /// hand-in first; only exam `exam` when given. Positions `marker` has marked already (and
    /// waits for someone else on) are left out.
    public func pending(
        exam: String?, within scope: SittingScope, marker: String, limit: Int, on connection: PostgresConnection
    ) async throws -> [PendingMark] {
        let rows = try await connection.query(
            """
            WITH RECURSIVE \(reachable: scope.units)
            SELECT m.attempt_id, m.position, m.item_id, o.badge, a.exam_code, s.code, a.submitted_at, m.awaiting
            FROM results r
            JOIN item_marks m ON m.attempt_id = r.attempt_id AND m.method = 'pending'
            JOIN attempts a ON a.id = r.attempt_id AND a.status = 'submitted'
            JOIN sittings s ON s.id = a.sitting_id
            JOIN officers o ON o.id = a.officer_id
            WHERE NOT r.final AND (\(exam)::text IS NULL OR a.exam_code = \(exam))
              AND (s.unit_id IN (SELECT id FROM reachable) OR s.proctor_id = \(scope.proctorUserID))
              AND NOT EXISTS (
                  SELECT 1 FROM manual_marks mm
                  WHERE mm.attempt_id = m.attempt_id AND mm.position = m.position AND mm.marker = \(marker))
            ORDER BY a.submitted_at, m.attempt_id, m.position
            LIMIT \(limit)
            """,
            logger: logger)
        var found: [PendingMark] = []
        for try await (attempt, position, item, badge, exam, sitting, submitted, awaiting) in rows.decode(
            (Int64, Int, String, String, String, String, Date?, String?).self)
        {
            found.append(
                PendingMark(
                    attempt: attempt, position: position, itemID: item, badge: badge, exam: exam, sitting: sitting,
                    submittedAt: submitted, awaiting: awaiting.flatMap(ItemMark.Awaiting.init(rawValue:)) ?? .mark))
        }
        return found
    }

    /// Stores a manual mark for a position in a marker's role, replacing the role's earlier mark.
    public func writeManual(
        attempt: Int64, position: Int, role: MarkerRole, mark: ManualMark, note: String?, marker: String,
        at now: Date, on connection: PostgresConnection
    ) async throws {
        let json = String(decoding: try JSONEncoder().encode(mark), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO manual_marks (attempt_id, position, role, mark, note, marker, marked_at)
            VALUES (\(attempt), \(position), \(role.rawValue), \(json)::jsonb, \(note), \(marker), \(now))
            ON CONFLICT (attempt_id, position, role) DO UPDATE SET
                mark = excluded.mark, note = excluded.note, marker = excluded.marker, marked_at = excluded.marked_at
            """,
            logger: logger)
    }

    /// Who marked a position, by role.
    public func markers(
        attempt: Int64, position: Int, on connection: PostgresConnection
    ) async throws -> [MarkerRole: String] {
        let rows = try await connection.query(
            "SELECT role, marker FROM manual_marks WHERE attempt_id = \(attempt) AND position = \(position)",
            logger: logger)
        var holders: [MarkerRole: String] = [:]
        for try await (role, marker) in rows.decode((String, String).self) {
            if let role = MarkerRole(rawValue: role) { holders[role] = marker }
        }
        return holders
    }

    /// The manual marks of an attempt, by position.
    public func manualMarks(
        attempt: Int64, on connection: PostgresConnection
    ) async throws -> [Int: PositionMarking] {
        try await manualMarks(attempts: [attempt], on: connection)[attempt] ?? [:]
    }

    /// The items voided on an exam.
    public func voidedItems(exam: String, on connection: PostgresConnection) async throws -> Set<String> {
        let rows = try await connection.query(
            "SELECT item_id FROM voided_items WHERE exam_code = \(exam)", logger: logger)
        var items: Set<String> = []
        for try await item in rows.decode(String.self) { items.insert(item) }
        return items
    }

    /// Voids an item on an exam; returns false when it was voided already.
    public func voidItem(
        exam: String, item: String, reason: String, by actor: String, at now: Date, on connection: PostgresConnection
    ) async throws -> Bool {
        let rows = try await connection.query(
            """
            INSERT INTO voided_items (exam_code, item_id, reason, voided_by, voided_at)
            VALUES (\(exam), \(item), \(reason), \(actor), \(now)) ON CONFLICT DO NOTHING RETURNING item_id
            """,
            logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// The submitted attempts at an exam that have a result, oldest first, with their ids only.
    public func gradedAttempts(exam: String, on connection: PostgresConnection) async throws -> [Int64] {
        let rows = try await connection.query(
            """
            SELECT a.id FROM attempts a JOIN results r ON r.attempt_id = a.id
            WHERE a.exam_code = \(exam) AND a.status = 'submitted' ORDER BY a.id
            """,
            logger: logger)
        var ids: [Int64] = []
        for try await id in rows.decode(Int64.self) { ids.append(id) }
        return ids
    }

    static func decode(_ rows: PostgresRowSequence) async throws -> [StoredResult] {
        var found: [StoredResult] = []
        for try await row in rows.decode(
            (
                Int64, String, String, Int, String, Int, Date?, Double, Double, Double, Bool, Bool?, String?, Bool, Int,
                Date, [Int64]?
            )
            .self)
        {
            found.append(
                StoredResult(
                    attempt: row.0, badge: row.1, exam: row.2, examVersion: row.3, sitting: row.4,
                    attemptNumber: row.5, submittedAt: row.6, score: row.7, maximum: row.8, percent: row.9,
                    isFinal: row.10, passed: row.11, band: row.12, placeholderTable: row.13, keyVersion: row.14,
                    gradedAt: row.15, markDigests: row.16))
        }
        return found
    }
}
