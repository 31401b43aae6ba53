import Foundation
import Logging
import MusterDomain
import PostgresNIO

/// A promotion round as stored: its terms and its frozen, ranked list.
public struct StoredRound: Sendable, Hashable, Codable {
    public var id: Int64
    public var target: String
    public var asOf: CalendarDay
    /// The unit whose subtree the round covers; nil for the whole force.
    public var unit: String?
    public var vacancies: Int?
    public var perVacancy: Int
    public var validUntil: CalendarDay
    public var rules: RoundRules
    public var excluded: [RoundExclusion]
    public var createdBy: String
    public var createdAt: Date
    /// How many officers the list holds, and how many have been promoted from it.
    public var listed: Int
    public var promotedCount: Int
    /// The list (only when one round is read; empty in the list of rounds).
    public var entries: [RoundEntry]
    /// The officers promoted from the round so far, by badge (only when one round is read).
    public var promoted: [String]
}

/// Promotion rounds, their frozen lists and the promotions recorded from them.
public struct PromotionRoundRepository: Sendable {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// Best final result (percent) per badge on `exams` (any exam when empty), handed in from
    /// `since` and before `until`, with the attempt it came from.
    public func bestResults(
        badges: [String], exams: [String], since: Date, until: Date, on connection: PostgresConnection
    ) async throws -> [String: (percent: Double, attempt: Int64, exam: String)] {
        let rows = try await connection.query(
            """
            SELECT DISTINCT ON (o.badge) o.badge, r.percent, a.id, a.exam_code
            FROM results r JOIN attempts a ON a.id = r.attempt_id JOIN officers o ON o.id = a.officer_id
            WHERE o.badge = ANY(\(badges)) AND r.final AND a.status = 'submitted' AND a.submitted_at >= \(since)
              AND a.submitted_at < \(until)
              AND (cardinality(\(exams)::text[]) = 0 OR a.exam_code = ANY(\(exams)))
            ORDER BY o.badge, r.percent DESC, a.submitted_at DESC
            """,
            logger: logger)
        var best: [String: (Double, Int64, String)] = [:]
        for try await (badge, percent, attempt, exam) in rows.decode((String, Double, Int64, String).self) {
            best[badge] = (percent, attempt, exam)
        }
        return best.mapValues { (percent: $0.0, attempt: $0.1, exam: $0.2) }
    }

    /// Stores a round and its list; returns the round's id.
    public func insert(
        target: String, asOf: CalendarDay, unit: String?, vacancies: Int?, validUntil: CalendarDay, rules: RoundRules,
        policyHash: String, entries: [RoundEntry], excluded: [RoundExclusion], createdBy: String, createdAt: Date,
        on connection: PostgresConnection
    ) async throws -> Int64 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = { (value: any Encodable) in String(decoding: try encoder.encode(value), as: UTF8.self) }
        let rulesJSON = try json(rules), excludedJSON = try json(excluded)
        let rows = try await connection.query(
            """
            INSERT INTO promotion_rounds (target, as_of, unit_id, vacancies, per_vacancy, valid_until, rules,
                                          policy_hash, excluded, created_by, created_at)
            VALUES (\(target), \(asOf.description)::date, (SELECT id FROM units WHERE code = \(unit)), \(vacancies),
                    \(rules.perVacancy), \(validUntil.description)::date, \(rulesJSON)::jsonb, \(policyHash),
                    \(excludedJSON)::jsonb, \(createdBy), \(createdAt))
            RETURNING id
            """,
            logger: logger)
        var id: Int64 = 0
        for try await value in rows.decode(Int64.self) { id = value }
        guard !entries.isEmpty else { return id }
        let parts = try entries.map { try json($0.parts) }, restsOn = try entries.map { try json($0.restsOn) }
        try await connection.query(
            """
            INSERT INTO promotion_round_entries (round_id, position, officer_id, badge, name, unit_code, current_rank,
                target_rank, verdict, composite, parts, within_selection, rests_on)
            SELECT \(id), e.position, o.id, o.badge, e.name, e.unit, e.current_rank, e.target_rank, e.verdict,
                   e.composite, e.parts::jsonb, e.within_selection, e.rests_on::jsonb
            FROM unnest(\(entries.map(\.position)), \(entries.map(\.badge)), \(entries.map(\.name)),
                        \(entries.map(\.unit)), \(entries.map { $0.currentRank ?? "" }),
                        \(entries.map { $0.targetRank ?? "" }), \(entries.map(\.verdict.rawValue)),
                        \(entries.map(\.composite)), \(parts), \(entries.map(\.withinSelection)), \(restsOn))
                 AS e(position, badge, name, unit, current_rank, target_rank, verdict, composite, parts,
                      within_selection, rests_on)
            JOIN officers o ON o.badge = e.badge
            """,
            logger: logger)
        return id
    }

    /// Every round, newest first (without their lists' entries), or only `id`'s with its list.
    public func rounds(id: Int64? = nil, on connection: PostgresConnection) async throws -> [StoredRound] {
        let rows = try await connection.query(
            """
            SELECT r.id, r.target, r.as_of::text, u.code, r.vacancies, r.per_vacancy, r.valid_until::text,
                   r.rules::text, r.excluded::text, r.created_by, r.created_at,
                   (SELECT count(*) FROM promotion_round_entries e WHERE e.round_id = r.id)::int,
                   (SELECT count(*) FROM promotions p WHERE p.round_id = r.id)::int
            FROM promotion_rounds r LEFT JOIN units u ON u.id = r.unit_id
            WHERE \(id)::bigint IS NULL OR r.id = \(id)
            ORDER BY r.id DESC
            """,
            logger: logger)
        var rounds: [StoredRound] = []
        let decoder = JSONDecoder()
        for try await row in rows {
            let (
                roundID, target, asOf, unit, vacancies, perVacancy, validUntil, rules, excluded, createdBy, createdAt,
                listed, promoted
            ) = try row.decode(
                (Int64, String, String, String?, Int?, Int, String, String, String, String, Date, Int, Int).self)
            guard let asOfDay = CalendarDay(asOf), let until = CalendarDay(validUntil) else { continue }
            rounds.append(
                StoredRound(
                    id: roundID, target: target, asOf: asOfDay, unit: unit, vacancies: vacancies,
                    perVacancy: perVacancy,
                    validUntil: until, rules: try decoder.decode(RoundRules.self, from: Data(rules.utf8)),
                    excluded: try decoder.decode([RoundExclusion].self, from: Data(excluded.utf8)),
                    createdBy: createdBy, createdAt: createdAt, listed: listed, promotedCount: promoted, entries: [],
                    promoted: []))
        }
        guard let id, !rounds.isEmpty else { return rounds }
        let entryRows = try await connection.query(
            """
            SELECT position, badge, name, unit_code, current_rank, target_rank, verdict, composite, parts::text,
                   within_selection, rests_on::text
            FROM promotion_round_entries WHERE round_id = \(id) ORDER BY position
            """,
            logger: logger)
        for try await row in entryRows {
            let (position, badge, name, unit, current, target, verdict, composite, parts, within, restsOn) =
                try row.decode(
                    (Int, String, String, String, String?, String?, String, Double, String, Bool, String).self)
            rounds[0].entries.append(
                RoundEntry(
                    position: position, badge: badge, name: name, unit: unit, currentRank: current,
                    targetRank: target, verdict: EligibilityVerdict.Outcome(rawValue: verdict) ?? .eligible,
                    composite: composite,
                    parts: try decoder.decode([RoundEntry.PartScore].self, from: Data(parts.utf8)),
                    withinSelection: within, restsOn: try decoder.decode([String].self, from: Data(restsOn.utf8))))
        }
        let promotedRows = try await connection.query(
            """
            SELECT o.badge FROM promotions p JOIN officers o ON o.id = p.officer_id WHERE p.round_id = \(id)
            ORDER BY p.id
            """,
            logger: logger)
        for try await badge in promotedRows.decode(String.self) { rounds[0].promoted.append(badge) }
        return rounds
    }

    /// Records a promotion from a round: the link row, a rank history entry (when `rank` is given:
    /// a post move may keep the rank) and (with `post`) a post history entry, moving the officer's
    /// current rank and post when the day is the latest.
    public func promote(
        badge: String, round: Int64, rank: String?, post: String?, effective: CalendarDay, restsOn: [String],
        recordedBy: String, recordedAt: Date, on connection: PostgresConnection
    ) async throws {
        let restsOnJSON = String(decoding: try JSONEncoder().encode(restsOn), as: UTF8.self)
        let day = effective.description
        try await connection.query(
            """
            INSERT INTO promotions (round_id, officer_id, rank_code, post_code, effective, rests_on, recorded_by,
                                    recorded_at)
            SELECT \(round), id, COALESCE(\(rank), rank_code), \(post), \(day)::date, \(restsOnJSON)::jsonb, \(recordedBy), \(recordedAt)
            FROM officers WHERE badge = \(badge)
            """,
            logger: logger)
        let records = RecordRepository(logger: logger)
        if let rank {
            _ = try await records.write(
                .rankChanges,
                rows: [RecordValues(badge: badge, code: rank, day: effective, endDay: nil, year: nil, revoked: false)],
                on: connection)
        }
        if let post {
            _ = try await records.write(
                .postChanges,
                rows: [RecordValues(badge: badge, code: post, day: effective, endDay: nil, year: nil, revoked: false)],
                on: connection)
        }
    }
}
