import Foundation
import Logging
import MusterDomain
import PostgresNIO

/// A stored sitting with its row id.
public struct StoredSitting: Sendable, Hashable {
    public var id: Int64
    public var sitting: Sitting
}

/// One upcoming sitting as the enrolled officer sees it.
public struct OfficerSitting: Sendable, Hashable, Codable {
    public var sitting: String
    public var exam: String
    public var examTitle: LocalizedText
    public var venue: String
    public var startsAt: Date
    public var endsAt: Date
    public var timeLimitMinutes: Int
    public var accommodationMinutes: Int
}

/// Stores sittings and their enrollments.
public struct SittingRepository: Sendable {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// The advisory lock key for scheduling ("muster.s" in ASCII): schedules and reschedules take
    /// turns, so two cannot book one venue at once or take the same code.
    static let schedulingKey: Int64 = 0x6D75_7374_6572_2E73

    /// Takes the scheduling lock until the current transaction ends.
    public func lockScheduling(on connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(\(Self.schedulingKey))", logger: logger)
    }

    /// The next free code for a sitting starting on `day`: `S20261202-01`, `-02`, …
    public func nextCode(on day: CalendarDay, on connection: PostgresConnection) async throws -> String {
        let prefix = "S" + day.description.replacingOccurrences(of: "-", with: "") + "-"
        let rows = try await connection.query(
            """
            SELECT COALESCE(max(substring(code FROM 11)::int), 0) + 1 FROM sittings WHERE code LIKE \(prefix + "%")
            """,
            logger: logger
        )
        var next = 1
        for try await value in rows.decode(Int.self) { next = value }
        return prefix + String(format: "%02d", next)
    }

    /// Stores a new sitting.
    public func insert(
        _ sitting: Sitting, proctorID: Int64?, createdBy: String, at instant: Date, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            INSERT INTO sittings (code, exam_code, exam_version, unit_id, venue, capacity, starts_at, ends_at,
                                  access_code, proctor_id, created_by, created_at)
            SELECT \(sitting.code), \(sitting.exam), \(sitting.examVersion), u.id, \(sitting.venue), \(sitting.capacity),
                   \(sitting.startsAt), \(sitting.endsAt), \(sitting.accessCode), \(proctorID), \(createdBy), \(instant)
            FROM units u WHERE u.code = \(sitting.unit)
            """,
            logger: logger
        )
    }

    static let columns = """
        s.id, s.code, s.exam_code, s.exam_version, un.code, s.venue, s.capacity, s.starts_at, s.ends_at,
        s.access_code, p.username, s.status, s.cancel_reason, s.enrolled
        """

    static let source = """
        sittings s JOIN units un ON un.id = s.unit_id LEFT JOIN users p ON p.id = s.proctor_id
        """

    /// One sitting by code, if the scope reaches it; `locking` holds its row until the
    /// transaction ends, so enrollments into it take turns.
    public func sitting(
        code: String, within scope: SittingScope, locking: Bool = false, on connection: PostgresConnection
    ) async throws -> StoredSitting? {
        let rows = try await connection.query(
            """
            WITH RECURSIVE \(reachable: scope.units)
            SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.source)
            WHERE s.code = \(code) AND (s.unit_id IN (SELECT id FROM reachable) OR s.proctor_id = \(scope.proctorUserID))
            \(unescaped: locking ? "FOR UPDATE OF s" : "")
            """,
            logger: logger
        )
        return try await Self.decode(rows).first
    }

    /// A sitting in which `badge` holds a place, with the candidate's extra minutes.
    public func place(
        sitting code: String, badge: String, on connection: PostgresConnection
    ) async throws -> (StoredSitting, accommodationMinutes: Int)? {
        let rows = try await connection.execute(SittingPlaceStatement(sitting: code, badge: badge), logger: logger)
        for try await row in rows {
            let sitting = Sitting(
                code: row.1, exam: row.2, examVersion: row.3, unit: row.4, venue: row.5, capacity: row.6,
                startsAt: row.7, endsAt: row.8, accessCode: row.9, proctor: row.10,
                status: Sitting.Status(rawValue: row.11) ?? .cancelled, cancelReason: row.12, enrolled: row.13)
            return (StoredSitting(id: row.0, sitting: sitting), row.14)
        }
        return nil
    }

    /// The sittings the scope reaches whose window meets [`from`, `to`), by start.
    public func list(
        from: Date?, to: Date?, within scope: SittingScope, on connection: PostgresConnection
    ) async throws -> [Sitting] {
        let rows = try await connection.query(
            """
            WITH RECURSIVE \(reachable: scope.units)
            SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.source)
            WHERE (s.unit_id IN (SELECT id FROM reachable) OR s.proctor_id = \(scope.proctorUserID))
              AND (\(from)::timestamptz IS NULL OR s.ends_at > \(from))
              AND (\(to)::timestamptz IS NULL OR s.starts_at < \(to))
            ORDER BY s.starts_at, s.code
            """,
            logger: logger
        )
        return try await Self.decode(rows).map(\.sitting)
    }

    /// Codes of the scheduled sittings at `venue` whose window overlaps [`start`, `end`), other
    /// than `excluding`.
    public func venueClashes(
        venue: String, start: Date, end: Date, excluding: Int64?, on connection: PostgresConnection
    ) async throws -> [String] {
        let rows = try await connection.query(
            """
            SELECT code FROM sittings
            WHERE status = 'scheduled' AND lower(btrim(venue)) = lower(btrim(\(venue)))
              AND starts_at < \(end) AND \(start) < ends_at AND id IS DISTINCT FROM \(excluding)
            ORDER BY starts_at
            """,
            logger: logger
        )
        var codes: [String] = []
        for try await code in rows.decode(String.self) { codes.append(code) }
        return codes
    }

    /// The sittings (scheduled, place held) of these officers other than `excluding`, by badge;
    /// locks the officers' rows first so that two enrollments of one officer take turns.
    public func commitments(
        badges: [String], excluding sittingID: Int64?, on connection: PostgresConnection
    ) async throws -> [String: [Commitment]] {
        try await connection.query(
            "SELECT id FROM officers WHERE badge = ANY(\(badges)) ORDER BY id FOR NO KEY UPDATE", logger: logger)
        let rows = try await connection.query(
            """
            SELECT o.badge, s.code, s.exam_code, s.starts_at, s.ends_at
            FROM sitting_enrollments e
            JOIN sittings s ON s.id = e.sitting_id
            JOIN officers o ON o.id = e.officer_id
            WHERE o.badge = ANY(\(badges)) AND e.status = 'enrolled' AND s.status = 'scheduled'
              AND s.id IS DISTINCT FROM \(sittingID)
            ORDER BY s.starts_at
            """,
            logger: logger
        )
        var found: [String: [Commitment]] = [:]
        for try await (badge, code, exam, start, end) in rows.decode((String, String, String, Date, Date).self) {
            found[badge, default: []].append(Commitment(sitting: code, exam: exam, startsAt: start, endsAt: end))
        }
        return found
    }

    /// The sitting's enrollments (held and withdrawn), by badge.
    public func enrollments(sittingID: Int64, on connection: PostgresConnection) async throws -> [Enrollment] {
        let rows = try await connection.query(
            """
            SELECT o.badge, o.name, u.code, e.accommodation_minutes, e.status
            FROM sitting_enrollments e JOIN officers o ON o.id = e.officer_id JOIN units u ON u.id = o.unit_id
            WHERE e.sitting_id = \(sittingID)
            ORDER BY o.badge
            """,
            logger: logger
        )
        var found: [Enrollment] = []
        for try await (badge, name, unit, minutes, status) in rows.decode((String, String, String, Int, String).self) {
            found.append(
                Enrollment(
                    badge: badge, name: name, unit: unit, accommodationMinutes: minutes,
                    status: Enrollment.Status(rawValue: status) ?? .withdrawn))
        }
        return found
    }

    /// Enrolls officers (or changes their accommodation); returns how many rows changed.
    ///
    /// The seat count follows by trigger and the database refuses an overbooking with a check
    /// violation on `sittings_seats`.
    public func enroll(
        sittingID: Int64, badges: [String], accommodationMinutes: [Int], by actor: String, at instant: Date,
        on connection: PostgresConnection
    ) async throws -> Int {
        guard !badges.isEmpty else { return 0 }
        do {
            return try await insertEnrollments(
                sittingID: sittingID, badges: badges, accommodationMinutes: accommodationMinutes, by: actor,
                at: instant, on: connection)
        } catch let error as PSQLError where error.serverInfo?[.constraintName] == "sittings_seats" {
            throw MusterError(
                .conflict, code: "sitting_full",
                "The sitting has no seat left for every candidate; nobody was enrolled.")
        }
    }

    func insertEnrollments(
        sittingID: Int64, badges: [String], accommodationMinutes: [Int], by actor: String, at instant: Date,
        on connection: PostgresConnection
    ) async throws -> Int {
        let rows = try await connection.query(
            """
            INSERT INTO sitting_enrollments (sitting_id, officer_id, accommodation_minutes, status, changed_by, changed_at)
            SELECT \(sittingID), o.id, c.minutes, 'enrolled', \(actor), \(instant)
            FROM unnest(\(badges), \(accommodationMinutes)) AS c(badge, minutes) JOIN officers o ON o.badge = c.badge
            ON CONFLICT (sitting_id, officer_id) DO UPDATE
            SET status = 'enrolled', accommodation_minutes = excluded.accommodation_minutes,
                changed_by = excluded.changed_by, changed_at = excluded.changed_at
            WHERE sitting_enrollments.status <> 'enrolled'
               OR sitting_enrollments.accommodation_minutes <> excluded.accommodation_minutes
            RETURNING 1
            """,
            logger: logger
        )
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }

    /// Withdraws one officer's place; returns whether a held place was given back.
    public func withdraw(
        sittingID: Int64, badge: String, by actor: String, at instant: Date, on connection: PostgresConnection
    ) async throws -> Bool {
        let rows = try await connection.query(
            """
            UPDATE sitting_enrollments e SET status = 'withdrawn', changed_by = \(actor), changed_at = \(instant)
            FROM officers o
            WHERE o.id = e.officer_id AND e.sitting_id = \(sittingID) AND o.badge = \(badge) AND e.status = 'enrolled'
            RETURNING 1
            """,
            logger: logger
        )
        var changed = false
        for try await _ in rows { changed = true }
        return changed
    }

    /// Moves a sitting (venue, capacity, window) and assigns a new proctor when one is given.
    public func reschedule(
        sittingID: Int64, venue: String, capacity: Int, start: Date, end: Date, proctorID: Int64?,
        on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            UPDATE sittings SET venue = \(venue), capacity = \(capacity), starts_at = \(start), ends_at = \(end),
                                proctor_id = COALESCE(\(proctorID), proctor_id)
            WHERE id = \(sittingID)
            """,
            logger: logger
        )
    }

    /// Cancels a sitting; its enrollments stay on record but hold no place.
    public func cancel(sittingID: Int64, reason: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            "UPDATE sittings SET status = 'cancelled', cancel_reason = \(reason) WHERE id = \(sittingID)",
            logger: logger)
    }

    /// The scheduled sittings `badge` holds a place in that end after `after`, by start.
    public func upcoming(badge: String, after: Date, on connection: PostgresConnection) async throws -> [OfficerSitting]
    {
        let rows = try await connection.query(
            """
            SELECT s.code, s.exam_code, x.definition::text, s.venue, s.starts_at, s.ends_at, e.accommodation_minutes
            FROM sitting_enrollments e
            JOIN officers o ON o.id = e.officer_id
            JOIN sittings s ON s.id = e.sitting_id
            JOIN exam_versions x ON x.code = s.exam_code AND x.version = s.exam_version
            WHERE o.badge = \(badge) AND e.status = 'enrolled' AND s.status = 'scheduled' AND s.ends_at > \(after)
            ORDER BY s.starts_at
            """,
            logger: logger
        )
        var found: [OfficerSitting] = []
        for try await (code, exam, definition, venue, start, end, minutes) in rows.decode(
            (String, String, String, String, Date, Date, Int).self
        ) {
            let decoded = try JSONDecoder().decode(ExamDefinition.self, from: Data(definition.utf8))
            found.append(
                OfficerSitting(
                    sitting: code, exam: exam, examTitle: decoded.title, venue: venue, startsAt: start, endsAt: end,
                    timeLimitMinutes: decoded.timeLimitMinutes, accommodationMinutes: minutes))
        }
        return found
    }

    static func decode(_ rows: PostgresRowSequence) async throws -> [StoredSitting] {
        var found: [StoredSitting] = []
        for try await row in rows.decode(
            (Int64, String, String, Int, String, String, Int, Date, Date, String, String?, String, String?, Int).self
        ) {
            found.append(
                StoredSitting(
                    id: row.0,
                    sitting: Sitting(
                        code: row.1, exam: row.2, examVersion: row.3, unit: row.4, venue: row.5, capacity: row.6,
                        startsAt: row.7, endsAt: row.8, accessCode: row.9, proctor: row.10,
                        status: Sitting.Status(rawValue: row.11) ?? .cancelled, cancelReason: row.12, enrolled: row.13)
                ))
        }
        return found
    }
}
