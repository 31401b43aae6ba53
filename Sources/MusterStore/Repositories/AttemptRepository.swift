import Foundation
import Logging
import MusterDomain
import PostgresNIO

/// One save as the answer log takes it.
public struct AnswerSave: Sendable, Hashable {
    public var attemptID: Int64
    public var position: Int
    public var sequence: Int64
    /// The answer as JSON text (`null` when cleared).
    public var answerJSON: String
    public var flagged: Bool
    /// When the server received the save: the deadline is judged at this instant.
    public var receivedAt: Date

    public init(
        attemptID: Int64, position: Int, sequence: Int64, answerJSON: String, flagged: Bool, receivedAt: Date
    ) {
        self.attemptID = attemptID
        self.position = position
        self.sequence = sequence
        self.answerJSON = answerJSON
        self.flagged = flagged
        self.receivedAt = receivedAt
    }
}

/// What became of one save.
public enum SaveOutcome: String, Sendable, Hashable, Codable {
    /// Written now.
    case saved
    /// A save with this or a later sequence number was already held; nothing written.
    case held
    /// The attempt is no longer taking answers (submitted, voided, or past deadline + grace).
    case closed
    /// A proctor has stopped the candidate's clock; nothing is taken until it runs again.
    case paused
}

/// Stores attempts and their answer logs.
public struct AttemptRepository: Sendable {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    static let columns = """
        a.id, s.code, a.exam_code, a.exam_version, o.badge, a.attempt_number, a.admitted_at, a.deadline, a.status,
        a.submitted_at, a.submitted_by, a.form::text, a.paused_at
        """

    static let source = "attempts a JOIN sittings s ON s.id = a.sitting_id JOIN officers o ON o.id = a.officer_id"

    /// Every attempt (of any status) the officer has had at the exam, oldest first: which one is
    /// in a given sitting, whether one is open elsewhere and how many there were, in one read.
    public func attempts(
        badge: String, exam: String, on connection: PostgresConnection
    ) async throws -> [(Attempt, [FormEntry])] {
        let rows = try await connection.execute(OfficerAttemptsStatement(badge: badge, exam: exam), logger: logger)
        return try await Self.decode(rows)
    }

    /// One attempt by id; `locking` holds its row until the transaction ends.
    public func attempt(
        id: Int64, locking: Bool = false, on connection: PostgresConnection
    ) async throws -> (Attempt, [FormEntry])? {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.source)
            WHERE a.id = \(id) \(unescaped: locking ? "FOR UPDATE OF a" : "")
            """,
            logger: logger
        )
        return try await Self.decode(rows).first
    }

    /// The error ``insert(sittingID:badge:exam:examVersion:number:form:admittedAt:deadline:on:)``
    /// throws when another start by the same officer stored its attempt first.
    public static let startedMeanwhile = MusterError(
        .conflict, code: "attempt_started_meanwhile", "Another start of this attempt was stored at the same moment.")

    /// Stores a new attempt with its form's entries (the items are the pinned bank version's) and
    /// returns its id.
    public func insert(
        sittingID: Int64, badge: String, exam: String, examVersion: Int, number: Int, form: [FormEntry],
        admittedAt: Date, deadline: Date, on connection: PostgresConnection
    ) async throws -> Int64 {
        let formJSON = String(decoding: try JSONEncoder().encode(form), as: UTF8.self)
        do {
            let rows = try await connection.execute(
                AttemptInsertStatement(
                    sittingID: sittingID, exam: exam, examVersion: examVersion, number: number, formJSON: formJSON,
                    admittedAt: admittedAt, deadline: deadline, badge: badge),
                logger: logger)
            for try await id in rows { return id }
        } catch  where DatabaseErrors.sqlState(of: error) == "23505" {
            // The same officer's other start won (one attempt per sitting, one open per exam).
            throw Self.startedMeanwhile
        }
        throw MusterError(.internalFailure, code: "attempt_not_stored", "The attempt could not be stored.")
    }

    /// The latest saved state of every answered or flagged position, by position.
    public func answers(attemptID: Int64, on connection: PostgresConnection) async throws -> [SavedAnswer] {
        let rows = try await connection.query(
            """
            SELECT DISTINCT ON (position) position, sequence, answer::text, flagged
            FROM answer_log WHERE attempt_id = \(attemptID) ORDER BY position, sequence DESC
            """,
            logger: logger
        )
        let decoder = JSONDecoder()
        var found: [SavedAnswer] = []
        for try await (position, sequence, answer, flagged) in rows.decode((Int, Int64, String?, Bool).self) {
            let decoded = try answer.flatMap { try decoder.decode(CandidateAnswer?.self, from: Data($0.utf8)) }
            found.append(SavedAnswer(position: position, sequence: sequence, answer: decoded, flagged: flagged))
        }
        return found
    }

    /// Writes a batch of saves in one statement: each is written when its attempt still takes
    /// answers at the instant it was received (active, and not past deadline + `grace`) and its
    /// sequence number is above the position's highest; returns each save's outcome and its
    /// attempt's deadline, in order (`closed` for an attempt that does not exist). The deadline
    /// of a paused attempt is where it would be were the clock let run at the save's arrival, so
    /// the time left it gives is the time held.
    public func save(
        _ saves: [AnswerSave], grace: TimeInterval, on connection: PostgresConnection
    ) async throws -> [(outcome: SaveOutcome, deadline: Date)] {
        guard !saves.isEmpty else { return [] }
        let rows = try await connection.execute(AnswerSaveStatement(saves: saves, grace: grace), logger: logger)
        var outcomes = Array(repeating: (outcome: SaveOutcome.closed, deadline: Date.distantPast), count: saves.count)
        for try await (index, outcome, deadline) in rows where (1...saves.count).contains(index) {
            outcomes[index - 1] = (SaveOutcome(rawValue: outcome) ?? .closed, deadline)
        }
        return outcomes
    }

    /// Hands in an active attempt; returns whether it was active.
    public func submit(
        id: Int64, by submitter: String, at now: Date, on connection: PostgresConnection
    ) async throws -> Bool {
        let rows = try await connection.query(
            """
            UPDATE attempts SET status = 'submitted', submitted_at = \(now), submitted_by = \(submitter)
            WHERE id = \(id) AND status = 'active' RETURNING id
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }

    /// Hands in up to `limit` active attempts whose deadline plus `grace` has passed at `now`,
    /// skipping rows another instance holds, so each is handed in exactly once; returns their ids.
    ///
    /// A paused attempt's clock is stopped, so its deadline does not count while it is paused;
    /// but a pause does not outlive the sitting: once both the deadline and the sitting's end
    /// are more than `grace` past, it is handed in with the answers saved before the pause.
    public func submitDue(
        at now: Date, grace: TimeInterval, limit: Int, on connection: PostgresConnection
    ) async throws -> [Int64] {
        let rows = try await connection.query(
            """
            UPDATE attempts SET status = 'submitted', submitted_at = \(now), submitted_by = 'auto'
            WHERE (id IN (
                SELECT id FROM attempts
                WHERE status = 'active' AND paused_at IS NULL AND deadline + make_interval(secs => \(grace)) < \(now)
                ORDER BY deadline LIMIT \(limit) FOR UPDATE SKIP LOCKED
            ) OR id IN (
                SELECT a.id FROM attempts a JOIN sittings s ON s.id = a.sitting_id
                WHERE a.status = 'active' AND a.paused_at IS NOT NULL
                  AND greatest(a.deadline, s.ends_at) + make_interval(secs => \(grace)) < \(now)
                LIMIT \(limit) FOR UPDATE OF a SKIP LOCKED
            )) AND status = 'active'
            RETURNING id
            """,
            logger: logger
        )
        var ids: [Int64] = []
        for try await id in rows.decode(Int64.self) { ids.append(id) }
        return ids
    }

    /// An attempt row as ``columns`` lists it.
    typealias Row = (Int64, String, String, Int, String, Int, Date, Date, String, Date?, String?, String, Date?)

    static func decode(_ rows: PostgresRowSequence) async throws -> [(Attempt, [FormEntry])] {
        try await decode(rows.decode(Row.self))
    }

    static func decode<Rows: AsyncSequence>(_ rows: Rows) async throws -> [(Attempt, [FormEntry])]
    where Rows.Element == Row {
        let decoder = JSONDecoder()
        var found: [(Attempt, [FormEntry])] = []
        for try await row in rows {
            let attempt = Attempt(
                id: row.0, sitting: row.1, exam: row.2, examVersion: row.3, badge: row.4, number: row.5,
                admittedAt: row.6, deadline: row.7, status: Attempt.Status(rawValue: row.8) ?? .voided,
                submittedAt: row.9, submittedBy: row.10, pausedAt: row.12)
            found.append(
                (
                    attempt,
                    try StoredJSON.formEntries(row.11) ?? decoder.decode([FormEntry].self, from: Data(row.11.utf8))
                ))
        }
        return found
    }
}

/// One candidate of a sitting as the proctor's live view shows them.
public struct MonitorRow: Sendable, Hashable, Codable {
    public var badge: String
    public var name: String
    public var accommodationMinutes: Int
    /// `not-started`, `active`, `paused`, `submitted` or `voided`.
    public var state: String
    /// When a proctor stopped the clock, while the attempt is paused.
    public var pausedAt: Date?
    public var attempt: Int64?
    public var answered: Int
    public var flagged: Int
    public var deadline: Date?
}

extension AttemptRepository {
    /// Every candidate holding a place in the sitting, with their attempt's state, how many
    /// positions hold an answer and a flag, and the deadline.
    public func monitor(sittingID: Int64, on connection: PostgresConnection) async throws -> [MonitorRow] {
        let rows = try await connection.query(
            """
            SELECT o.badge, o.name, e.accommodation_minutes,
                   CASE WHEN a.paused_at IS NOT NULL AND a.status = 'active' THEN 'paused'
                        ELSE COALESCE(a.status, 'not-started') END, a.id,
                   COALESCE(l.answered, 0)::int, COALESCE(l.flagged, 0)::int, a.deadline, a.paused_at
            FROM sitting_enrollments e
            JOIN officers o ON o.id = e.officer_id
            LEFT JOIN attempts a ON a.sitting_id = e.sitting_id AND a.officer_id = e.officer_id
            LEFT JOIN LATERAL (
                SELECT count(*) FILTER (WHERE latest.answer IS NOT NULL AND latest.answer <> 'null'::jsonb) AS answered,
                       count(*) FILTER (WHERE latest.flagged) AS flagged
                FROM (SELECT DISTINCT ON (position) answer, flagged FROM answer_log
                      WHERE attempt_id = a.id ORDER BY position, sequence DESC) latest
            ) l ON true
            WHERE e.sitting_id = \(sittingID) AND e.status = 'enrolled'
            ORDER BY o.badge
            """,
            logger: logger
        )
        var found: [MonitorRow] = []
        for try await (badge, name, minutes, state, attempt, answered, flagged, deadline, pausedAt) in rows.decode(
            (String, String, Int, String, Int64?, Int, Int, Date?, Date?).self
        ) {
            found.append(
                MonitorRow(
                    badge: badge, name: name, accommodationMinutes: minutes, state: state, pausedAt: pausedAt,
                    attempt: attempt, answered: answered, flagged: flagged, deadline: deadline))
        }
        return found
    }

    /// Moves an active attempt's deadline by `seconds`; returns the new deadline, or nil when the
    /// attempt is not active.
    public func extend(id: Int64, bySeconds seconds: Int, on connection: PostgresConnection) async throws -> Date? {
        let rows = try await connection.query(
            """
            UPDATE attempts SET deadline = deadline + make_interval(secs => \(Double(seconds)))
            WHERE id = \(id) AND status = 'active' RETURNING deadline
            """,
            logger: logger
        )
        for try await deadline in rows.decode(Date.self) { return deadline }
        return nil
    }

    /// Stops an active, running attempt's clock at `now`; returns its deadline, or nil when it is
    /// not active or already paused.
    public func pause(id: Int64, at now: Date, on connection: PostgresConnection) async throws -> Date? {
        let rows = try await connection.query(
            """
            UPDATE attempts SET paused_at = \(now)
            WHERE id = \(id) AND status = 'active' AND paused_at IS NULL RETURNING deadline
            """,
            logger: logger
        )
        for try await deadline in rows.decode(Date.self) { return deadline }
        return nil
    }

    /// Starts a paused attempt's clock again at `now`, moving the deadline on by the time paused;
    /// returns the new deadline, or nil when it is not active and paused.
    public func resume(id: Int64, at now: Date, on connection: PostgresConnection) async throws -> Date? {
        let rows = try await connection.query(
            """
            UPDATE attempts SET deadline = deadline + (\(now)::timestamptz - paused_at), paused_at = NULL
            WHERE id = \(id) AND status = 'active' AND paused_at IS NOT NULL RETURNING deadline
            """,
            logger: logger
        )
        for try await deadline in rows.decode(Date.self) { return deadline }
        return nil
    }

    /// Voids an attempt that is not voided yet; returns whether it changed.
    public func void(
        id: Int64, by proctor: String, at now: Date, on connection: PostgresConnection
    ) async throws
        -> Bool
    {
        let rows = try await connection.query(
            """
            UPDATE attempts SET status = 'voided', submitted_at = COALESCE(submitted_at, \(now)),
                                submitted_by = COALESCE(submitted_by, \(proctor))
            WHERE id = \(id) AND status <> 'voided' RETURNING id
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }
}
