import Foundation
import Logging
import MusterDomain
import PostgresNIO

/// Batch reads and writes for regrading many attempts at once: one query per kind of row per
/// batch, not per attempt.
extension ResultRepository {
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

    /// The latest saved answer of every position of these attempts, by attempt.
    public func latestAnswers(
        attempts ids: [Int64], on connection: PostgresConnection
    ) async throws
        -> [Int64: [SavedAnswer]]
    {
        let rows = try await connection.query(
            """
            SELECT DISTINCT ON (attempt_id, position) attempt_id, position, sequence, answer::text, flagged
            FROM answer_log WHERE attempt_id = ANY(\(ids)) ORDER BY attempt_id, position, sequence DESC
            """,
            logger: logger)
        let decoder = JSONDecoder()
        var found: [Int64: [SavedAnswer]] = [:]
        for try await (attempt, position, sequence, answer, flagged) in rows.decode(
            (Int64, Int, Int64, String?, Bool).self)
        {
            let decoded = try answer.flatMap { try decoder.decode(CandidateAnswer?.self, from: Data($0.utf8)) }
            found[attempt, default: []].append(
                SavedAnswer(position: position, sequence: sequence, answer: decoded, flagged: flagged))
        }
        return found
    }

    /// The stored results of these attempts, by attempt.
    public func results(attempts ids: [Int64], on connection: PostgresConnection) async throws -> [Int64: StoredResult]
    {
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.source) WHERE r.attempt_id = ANY(\(ids))",
            logger: logger)
        var found: [Int64: StoredResult] = [:]
        for result in try await Self.decode(rows) { found[result.attempt] = result }
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

    /// Writes many attempts' grades in two statements (results, then every mark).
    public func write(
        grades: [(attempt: Int64, grade: AttemptGrade)], keyVersion: Int, at now: Date,
        on connection: PostgresConnection
    ) async throws {
        guard !grades.isEmpty else { return }
        let ids = grades.map(\.attempt)
        let summaries = grades.map(\.grade)
        try await connection.query(
            """
            INSERT INTO results (attempt_id, score, maximum, percent, final, passed, band, placeholder_table,
                                 key_version, graded_at)
            SELECT id, score, maximum, percent, final, CASE WHEN final THEN passed END, NULLIF(band, ''),
                   placeholder, \(keyVersion), \(now)
            FROM unnest(\(ids), \(summaries.map(\.score)), \(summaries.map(\.maximum)), \(summaries.map(\.percent)),
                        \(summaries.map(\.isFinal)), \(summaries.map { $0.passed ?? false }),
                        \(summaries.map { $0.band ?? "" }), \(summaries.map(\.usesPlaceholderTable)))
                AS g(id, score, maximum, percent, final, passed, band, placeholder)
            ON CONFLICT (attempt_id) DO UPDATE SET
                score = excluded.score, maximum = excluded.maximum, percent = excluded.percent,
                final = excluded.final, passed = excluded.passed, band = excluded.band,
                placeholder_table = excluded.placeholder_table, key_version = excluded.key_version,
                graded_at = excluded.graded_at
            """,
            logger: logger)
        var attempts: [Int64] = []
        var marks: [ItemMark] = []
        for (attempt, grade) in grades {
            attempts += Array(repeating: attempt, count: grade.marks.count)
            marks += grade.marks
        }
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
