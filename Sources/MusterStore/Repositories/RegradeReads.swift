import Foundation
import Logging
import MusterDomain
import PostgresNIO

/// Everything regrading reads of one batch of attempts, by attempt id.
public struct RegradeBatch: Sendable {
    public var ids: [Int64]
    public var attempts: [Int64: (Attempt, [FormEntry])]
    public var answers: [Int64: [SavedAnswer]]
    public var manual: [Int64: [Int: PositionMarking]]
    public var stored: [Int64: StoredResult]
    /// The stored marks of results kept before mark digests were (compared mark by mark).
    public var undigestedMarks: [Int64: [ItemMark]]
}

/// Batch reads and writes for regrading many attempts at once: one query per kind of row per
/// batch, not per attempt.
extension ResultRepository {
    /// Reads a batch for regrading: forms, manual marks and stored results, and the stored
    /// marks of results that have no digests. The latest answers are read apart (see
    /// ``latestAnswers(attempts:on:)``) and filled in by the caller.
    public func regradeBatch(_ ids: [Int64], on connection: PostgresConnection) async throws -> RegradeBatch {
        // Attempts and their results in one read: both join the same sitting and officer.
        let rows = try await connection.query(
            """
            SELECT \(unescaped: AttemptRepository.columns),
                   r.score, r.maximum, r.percent, r.final, r.passed, r.band, r.placeholder_table, r.key_version,
                   r.graded_at, r.mark_digests
            FROM \(unescaped: AttemptRepository.source) JOIN results r ON r.attempt_id = a.id
            WHERE a.id = ANY(\(ids))
            """,
            logger: logger)
        var attempts: [Int64: (Attempt, [FormEntry])] = [:]
        var stored: [Int64: StoredResult] = [:]
        let decoder = JSONDecoder()
        for try await row in rows.decode(
            (
                Int64, String, String, Int, String, Int, Date, Date, String, Date?, String?, String, Date?, Double,
                Double, Double, Bool, Bool?, String?, Bool, Int, Date, [Int64]?
            ).self)
        {
            let attempt = Attempt(
                id: row.0, sitting: row.1, exam: row.2, examVersion: row.3, badge: row.4, number: row.5,
                admittedAt: row.6, deadline: row.7, status: Attempt.Status(rawValue: row.8) ?? .voided,
                submittedAt: row.9, submittedBy: row.10, pausedAt: row.12)
            attempts[attempt.id] = (
                attempt, try StoredJSON.formEntries(row.11) ?? decoder.decode([FormEntry].self, from: Data(row.11.utf8))
            )
            stored[attempt.id] = StoredResult(
                attempt: row.0, badge: row.4, exam: row.2, examVersion: row.3, sitting: row.1, attemptNumber: row.5,
                submittedAt: row.9, score: row.13, maximum: row.14, percent: row.15, isFinal: row.16, passed: row.17,
                band: row.18, placeholderTable: row.19, keyVersion: row.20, gradedAt: row.21, markDigests: row.22)
        }
        // Results without digests (kept before them), or with digests that do not fit the form,
        // are compared mark by mark.
        let undigested = ids.filter { id in
            guard let result = stored[id] else { return false }
            return result.markDigests?.count != attempts[id]?.1.count
        }
        return RegradeBatch(
            ids: ids, attempts: attempts, answers: [:],
            manual: try await manualMarks(attempts: ids, on: connection), stored: stored,
            undigestedMarks: undigested.isEmpty ? [:] : try await marks(attempts: undigested, on: connection))
    }

    /// The attempts with these ids and their forms' entries, by id.
    public func attempts(
        ids: [Int64], on connection: PostgresConnection
    ) async throws
        -> [Int64: (Attempt, [FormEntry])]
    {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: AttemptRepository.columns) FROM \(unescaped: AttemptRepository.source)
            WHERE a.id = ANY(\(ids))
            """,
            logger: logger)
        var found: [Int64: (Attempt, [FormEntry])] = [:]
        for pair in try await AttemptRepository.decode(rows) { found[pair.0.id] = pair }
        return found
    }

    /// The latest saved answer of every position of these attempts, by attempt, in position
    /// order, for grading (review flags are not read: `flagged` is false). One row per attempt:
    /// its whole log aggregated by the server as it lies (no sort, no per-row decoding of
    /// millions of rows), the latest per position picked out here.
    public func latestAnswers(
        attempts ids: [Int64], on connection: PostgresConnection
    ) async throws
        -> [Int64: [SavedAnswer]]
    {
        let rows = try await connection.query(
            """
            SELECT attempt_id,
                   '[' || string_agg(position || ',' || sequence || ',' || coalesce(answer::text, 'null'), ',') || ']'
            FROM answer_log WHERE attempt_id = ANY(\(ids))
            GROUP BY attempt_id
            """,
            logger: logger)
        let decoder = JSONDecoder()
        var found: [Int64: [SavedAnswer]] = [:]
        found.reserveCapacity(ids.count)
        for try await (attempt, json) in rows.decode((Int64, String).self) {
            var log =
                try StoredJSON.answerLog(json) ?? decoder.decode(AnswerLogTriples.self, from: Data(json.utf8)).log
            if !zip(log, log.dropFirst()).allSatisfy({ $0.position < $1.position }) {
                log.sort { ($0.position, $0.sequence) < ($1.position, $1.sequence) }
                log = zip(log, log.dropFirst().map(Optional.some) + [nil]).compactMap { answer, next in
                    next?.position == answer.position ? nil : answer
                }
            }
            found[attempt] = log
        }
        return found
    }

    /// The stored marks of these attempts, by attempt, in position order.
    public func marks(attempts ids: [Int64], on connection: PostgresConnection) async throws -> [Int64: [ItemMark]] {
        let rows = try await connection.query(
            """
            SELECT attempt_id, position, item_id, answer_sequence, earned, maximum, method, placeholder_table,
                   awaiting
            FROM item_marks WHERE attempt_id = ANY(\(ids)) ORDER BY attempt_id, position
            """,
            logger: logger)
        var found: [Int64: [ItemMark]] = [:]
        for try await (attempt, position, item, sequence, earned, maximum, method, placeholder, awaiting)
            in rows.decode((Int64, Int, String, Int64?, Double?, Double, String, Bool, String?).self)
        {
            found[attempt, default: []].append(
                ItemMark(
                    position: position, itemID: item, sequence: sequence, earned: earned, maximum: maximum,
                    method: ItemMark.Method(rawValue: method) ?? .pending, placeholderTable: placeholder,
                    awaiting: awaiting.flatMap(ItemMark.Awaiting.init(rawValue:))))
        }
        return found
    }

    /// The manual marks of these attempts, by attempt and position.
    public func manualMarks(
        attempts ids: [Int64], on connection: PostgresConnection
    ) async throws
        -> [Int64: [Int: PositionMarking]]
    {
        let rows = try await connection.query(
            "SELECT attempt_id, position, role, mark::text FROM manual_marks WHERE attempt_id = ANY(\(ids))",
            logger: logger)
        let decoder = JSONDecoder()
        var found: [Int64: [Int: PositionMarking]] = [:]
        for try await (attempt, position, role, json) in rows.decode((Int64, Int, String, String).self) {
            guard let role = MarkerRole(rawValue: role) else { continue }
            found[attempt, default: [:]][position, default: PositionMarking()][role] = try decoder.decode(
                ManualMark.self, from: Data(json.utf8))
        }
        return found
    }

    /// Writes many attempts' grades in two statements: the results (with each mark's digest),
    /// then the marks, all of them or, for an attempt in `changed`, only the positions listed.
    public func write(
        grades: [(attempt: Int64, grade: AttemptGrade)], keyVersion: Int, at now: Date,
        changed: [Int64: Set<Int>] = [:], on connection: PostgresConnection
    ) async throws {
        guard !grades.isEmpty else { return }
        let ids = grades.map(\.attempt)
        let summaries = grades.map(\.grade)
        let (digests, starts, ends) = Self.slices(summaries.map { $0.marks.map(\.digest) })
        try await connection.query(
            """
            INSERT INTO results (attempt_id, score, maximum, percent, final, passed, band, placeholder_table,
                                 key_version, graded_at, mark_digests)
            SELECT id, score, maximum, percent, final, CASE WHEN final THEN passed END, NULLIF(band, ''),
                   placeholder, \(keyVersion), \(now),
                   CASE WHEN finish >= start THEN (\(digests)::bigint[])[start:finish] ELSE '{}' END
            FROM unnest(\(ids), \(summaries.map(\.score)), \(summaries.map(\.maximum)), \(summaries.map(\.percent)),
                        \(summaries.map(\.isFinal)), \(summaries.map { $0.passed ?? false }),
                        \(summaries.map { $0.band ?? "" }), \(summaries.map(\.usesPlaceholderTable)), \(starts),
                        \(ends))
                AS g(id, score, maximum, percent, final, passed, band, placeholder, start, finish)
            ON CONFLICT (attempt_id) DO UPDATE SET
                score = excluded.score, maximum = excluded.maximum, percent = excluded.percent,
                final = excluded.final, passed = excluded.passed, band = excluded.band,
                placeholder_table = excluded.placeholder_table, key_version = excluded.key_version,
                graded_at = excluded.graded_at, mark_digests = excluded.mark_digests
            """,
            logger: logger)
        var attempts: [Int64] = []
        var marks: [ItemMark] = []
        for (attempt, grade) in grades {
            if let positions = changed[attempt] {
                let written = grade.marks.filter { positions.contains($0.position) }
                attempts += Array(repeating: attempt, count: written.count)
                marks += written
            } else {
                attempts += Array(repeating: attempt, count: grade.marks.count)
                marks += grade.marks
            }
        }
        guard !marks.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO item_marks (attempt_id, position, item_id, answer_sequence, earned, maximum, method,
                                    placeholder_table, awaiting)
            SELECT attempt, position, item, NULLIF(sequence, 0), NULLIF(earned, -1), maximum, method, placeholder,
                   NULLIF(awaiting, '')
            FROM unnest(\(attempts), \(marks.map(\.position)), \(marks.map(\.itemID)),
                        \(marks.map { $0.sequence ?? 0 }), \(marks.map { $0.earned ?? -1 }), \(marks.map(\.maximum)),
                        \(marks.map(\.method.rawValue)), \(marks.map(\.placeholderTable)),
                        \(marks.map { $0.awaiting?.rawValue ?? "" }))
                AS m(attempt, position, item, sequence, earned, maximum, method, placeholder, awaiting)
            ON CONFLICT (attempt_id, position) DO UPDATE SET
                item_id = excluded.item_id, answer_sequence = excluded.answer_sequence, earned = excluded.earned,
                maximum = excluded.maximum, method = excluded.method, placeholder_table = excluded.placeholder_table,
                awaiting = excluded.awaiting
            """,
            logger: logger)
    }
}

extension ResultRepository {
    /// Lists of digests as one flat array and each list's 1-based bounds in it, so one statement
    /// hands every result its slice (`(digests)[start:finish]`).
    static func slices(_ lists: [[Int64]]) -> (digests: [Int64], starts: [Int], ends: [Int]) {
        var digests: [Int64] = []
        var starts: [Int] = []
        var ends: [Int] = []
        for list in lists {
            starts.append(digests.count + 1)
            digests += list
            ends.append(digests.count)
        }
        return (digests, starts, ends)
    }

    /// Records the digests of results whose marks were compared one by one and found unchanged.
    public func recordDigests(
        _ results: [(attempt: Int64, digests: [Int64])], on connection: PostgresConnection
    ) async throws {
        guard !results.isEmpty else { return }
        let (digests, starts, ends) = Self.slices(results.map(\.digests))
        try await connection.query(
            """
            UPDATE results r
            SET mark_digests = CASE WHEN g.finish >= g.start THEN (\(digests)::bigint[])[g.start:g.finish] ELSE '{}' END
            FROM unnest(\(results.map(\.attempt)), \(starts), \(ends)) AS g(id, start, finish)
            WHERE r.attempt_id = g.id
            """,
            logger: logger)
    }

    /// The ids of the handed-in attempts at an exam with a final result, first attempts only
    /// unless `allAttempts`.
    public func finalAttempts(
        exam: String, allAttempts: Bool, on connection: PostgresConnection
    ) async throws
        -> [Int64]
    {
        let rows = try await connection.query(
            """
            SELECT a.id FROM attempts a JOIN results r ON r.attempt_id = a.id
            WHERE a.exam_code = \(exam) AND a.status = 'submitted' AND r.final
              AND (\(allAttempts) OR a.attempt_number = 1)
            ORDER BY a.id
            """,
            logger: logger)
        var ids: [Int64] = []
        for try await id in rows.decode(Int64.self) { ids.append(id) }
        return ids
    }
}
