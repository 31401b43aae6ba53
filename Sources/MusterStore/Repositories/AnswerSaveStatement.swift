import Foundation
import PostgresNIO

/// The answer log's batch write, prepared once per connection: the statement that every answer
/// saved on an exam morning goes through, so PostgreSQL plans it once rather than per batch.
///
/// Each save is judged against its attempt at the instant it was received (active, not paused,
/// not past the deadline plus the grace) and against the position's highest sequence; the rows
/// that pass are appended. One row comes back per save, in input order: its 1-based index, the
/// outcome (`saved`, `held`, `paused`, `closed`) and the attempt's deadline (for a paused attempt,
/// where it would be were the clock let run at the save's arrival).
struct AnswerSaveStatement: PostgresPreparedStatement {
    typealias Row = (Int, String, Date)

    static let name = "muster_answer_save_v1"

    static let sql = """
        WITH input AS (
            SELECT * FROM unnest($1::bigint[], $2::int[], $3::bigint[], $4::text[], $5::bool[], $6::timestamptz[])
                WITH ORDINALITY AS i(attempt_id, position, sequence, answer, flagged, received_at, n)
        ), judged AS (
            SELECT i.*, a.deadline + COALESCE(i.received_at - a.paused_at, interval '0') AS deadline,
                   a.status = 'active' AND a.paused_at IS NOT NULL AS paused,
                   a.status = 'active' AND a.paused_at IS NULL
                       AND i.received_at <= a.deadline + make_interval(secs => $7::float8) AS open,
                   COALESCE((SELECT max(l.sequence) FROM answer_log l
                             WHERE l.attempt_id = i.attempt_id AND l.position = i.position), 0) AS held
            FROM input i
            -- One index lookup per save: a join could scan every attempt for each batch. This join
            -- is also what keeps answer_log's attempt key: only saves to an existing attempt pass.
            JOIN LATERAL (SELECT status, deadline, paused_at FROM attempts WHERE id = i.attempt_id) a ON true
        ), written AS (
            INSERT INTO answer_log (attempt_id, position, sequence, answer, flagged, saved_at)
            SELECT attempt_id, position, sequence, answer::jsonb, flagged, received_at FROM judged
            WHERE open AND sequence > held
            ON CONFLICT DO NOTHING
            RETURNING attempt_id, position, sequence
        )
        SELECT j.n::int,
               CASE WHEN w.sequence IS NOT NULL THEN 'saved'
                    WHEN j.sequence <= j.held OR j.open THEN 'held'
                    WHEN j.paused THEN 'paused'
                    ELSE 'closed' END,
               j.deadline
        FROM judged j LEFT JOIN written w
          ON w.attempt_id = j.attempt_id AND w.position = j.position AND w.sequence = j.sequence
        ORDER BY j.n
        """

    var saves: [AnswerSave]
    /// Seconds past the deadline during which saves in flight are still taken.
    var grace: TimeInterval

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 7)
        bindings.append(saves.map(\.attemptID))
        bindings.append(saves.map { Int32(clamping: $0.position) })
        bindings.append(saves.map(\.sequence))
        bindings.append(saves.map(\.answerJSON))
        bindings.append(saves.map(\.flagged))
        bindings.append(saves.map(\.receivedAt))
        bindings.append(grace)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}
