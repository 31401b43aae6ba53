import Foundation
import MusterDomain
import MusterStore
import PostgresNIO

/// A promotion recorded from a round.
public struct PromotionRecorded: Sendable, Hashable, Codable {
    public var badge: String
    public var round: Int64
    public var rank: String
    /// Whether the rank changed (a post move may keep it).
    public var rankRaised: Bool
    public var post: String?
    public var effective: CalendarDay
    /// The certificates, results and records the round's entry rested on.
    public var restsOn: [String]
}

extension UseCases {
    /// Freezes a promotion round: every officer in the caller's scope (and `unit`'s subtree)
    /// eligible for `target` on `asOf`, scored by the policy's round rules and ranked, with the
    /// list's validity; those below a part's minimum are listed as excluded. The stored list
    /// never changes when records change later.
    ///
    /// - Throws: ``MusterError`` `forbidden`, `unit_required` (a scoped caller must name a unit),
    ///   `unit_not_found`, `target_not_found`, `invalid_date`, `invalid_vacancies`.
    public func createRound(
        target: PromotionTarget, asOf: CalendarDay? = nil, unit: String? = nil, vacancies: Int? = nil,
        context: UseCaseContext
    ) async throws -> StoredRound {
        let scope = try context.officerScope(for: .managePromotions)
        if let vacancies, !(1...100_000).contains(vacancies) {
            throw MusterError(.invalidInput, code: "invalid_vacancies", "Vacancies must be 1 to 100000.")
        }
        guard unit != nil || scope.wholeForce else {
            throw MusterError(
                .invalidInput, code: "unit_required",
                "Name the unit the round covers: your roles reach part of the force.")
        }
        let asOf = try Self.checkedDay(asOf ?? context.today)
        let id = try await transaction(context) { connection in
            let officers = OfficerRepository(logger: context.logger)
            if let unit {
                guard try await officers.units([unit], within: scope, on: connection).contains(unit) else {
                    throw MusterError(.notFound, code: "unit_not_found", "There is no unit '\(unit)'.")
                }
            }
            let engine = try await eligibilityEngine(target: target, on: asOf, connection: connection, context: context)
            let rules = engine.policy.roundRules
            let eligible = try await PromotionRecordRepository(logger: context.logger).evaluate(
                unit: unit, badge: nil, within: scope, on: connection
            ) { record -> (PromotionRecord, EligibilityVerdict)? in
                let lean = engine.explain(record, target: target, asOf: asOf, explaining: false)
                guard lean.verdict != .notEligible else { return nil }
                return (record, engine.explain(record, target: target, asOf: asOf))
            }.compactMap { $0 }.sorted { $0.0.officer.badge < $1.0.officer.badge }
            let since = calendar.start(of: asOf.addingMonths(-12 * rules.examYears))
            let results = try await PromotionRoundRepository(logger: context.logger).bestResults(
                badges: eligible.map(\.1.badge), exams: rules.exams, since: since,
                until: calendar.start(of: asOf.addingDays(1)), on: connection)
            let candidates = eligible.map { record, verdict in
                let best = results[verdict.badge]
                return RoundCandidate(
                    verdict: verdict, record: record, examPercent: best?.percent,
                    examEvidence: best.map { "\($0.exam) result \($0.percent)% (attempt \($0.attempt))" })
            }
            let ranked = RoundScoring.rank(candidates, rules: rules, asOf: asOf, vacancies: vacancies)
            let validUntil = asOf.addingMonths(12 * rules.validityYears).addingDays(-1)
            let id = try await PromotionRoundRepository(logger: context.logger).insert(
                target: target.description, asOf: asOf, unit: unit, vacancies: vacancies, validUntil: validUntil,
                rules: rules,
                policyHash: try await PromotionRecordRepository(logger: context.logger).rulesFingerprint(
                    on: connection),
                entries: ranked.entries, excluded: ranked.excluded, createdBy: context.actor.name,
                createdAt: context.now, on: connection)
            try await context.audit(on: connection).record(
                "promotion_round.create", "promotion_round", String(id),
                after: RoundAudit(
                    target: target.description, asOf: asOf, unit: unit, vacancies: vacancies,
                    listed: ranked.entries.count, excluded: ranked.excluded.count, validUntil: validUntil))
            return id
        }
        return try await promotionRound(id, context: context)
    }

    /// The rounds the caller may read, newest first, without their lists: whole-force rounds for
    /// callers who reach the whole force, a unit's rounds for those who reach that unit.
    public func promotionRounds(context: UseCaseContext) async throws -> [StoredRound] {
        let scope = try context.officerScope(for: .managePromotions)
        return try await transaction(context) { connection in
            let rounds = try await PromotionRoundRepository(logger: context.logger).rounds(on: connection)
            let reachable = try await OfficerRepository(logger: context.logger).units(
                Array(Set(rounds.compactMap(\.unit))), within: scope, on: connection)
            return rounds.filter { round in round.unit.map { reachable.contains($0) } ?? scope.wholeForce }
        }
    }

    /// One round with its frozen list and who has been promoted from it.
    ///
    /// - Throws: ``MusterError`` `round_not_found` (also outside the caller's reach).
    public func promotionRound(_ id: Int64, context: UseCaseContext) async throws -> StoredRound {
        let scope = try context.officerScope(for: .managePromotions)
        return try await transaction(context) { connection in
            guard
                let round = try await PromotionRoundRepository(logger: context.logger).rounds(id: id, on: connection)
                    .first
            else { throw Self.roundNotFound(id) }
            if let unit = round.unit {
                let reached = try await OfficerRepository(logger: context.logger).units(
                    [unit], within: scope, on: connection)
                guard reached.contains(unit) else { throw Self.roundNotFound(id) }
            } else if !scope.wholeForce {
                throw Self.roundNotFound(id)
            }
            return round
        }
    }

    /// Records `badge`'s promotion from round `id` on `effective` (default today): a new rank
    /// history entry (and a post entry for a post round) linked to the round and what the entry
    /// rested on, audited.
    ///
    /// - Throws: ``MusterError`` `round_not_found`, `not_on_list`, `round_expired`,
    ///   `already_promoted`, `outside_selection`, `rank_changed`, `officer_not_found`, `invalid_date`.
    public func promote(
        badge: String, round id: Int64, effective: CalendarDay? = nil, context: UseCaseContext
    ) async throws -> PromotionRecorded {
        let effective = try Self.checkedDay(effective ?? context.today)
        return try await transaction(context) { connection in
            let round = try await promotionRound(id, context: context.within(connection))
            guard effective <= round.validUntil, context.today <= round.validUntil else {
                throw MusterError(
                    .conflict, code: "round_expired", "Round \(id)'s list expired after \(round.validUntil).")
            }
            guard effective <= context.today else {
                throw MusterError(
                    .invalidInput, code: "invalid_date",
                    "A promotion is recorded on or after the day it takes effect (\(effective) is after today).")
            }
            guard effective >= round.asOf else {
                throw MusterError(
                    .invalidInput, code: "invalid_date",
                    "The promotion cannot take effect before the round's date, \(round.asOf).")
            }
            guard let entry = round.entries.first(where: { $0.badge == badge }), let rank = entry.targetRank else {
                throw MusterError(.conflict, code: "not_on_list", "\(badge) is not on round \(id)'s list.")
            }
            guard !round.promoted.contains(badge) else {
                throw MusterError(
                    .conflict, code: "already_promoted", "\(badge) was already promoted from round \(id).")
            }
            guard entry.withinSelection else {
                throw MusterError(
                    .conflict, code: "outside_selection",
                    "\(badge) is number \(entry.position) on round \(id)'s list, outside the "
                        + "\((round.vacancies ?? 0) * round.perVacancy) candidates its vacancies are filled from.")
            }
            // The list rests on the rank held then: a later change (another round, a demotion) or
            // a promotion dated before the current rank makes it stale for this officer.
            let scope = try context.officerScope(for: .managePromotions)
            guard
                let record = try await PromotionRecordRepository(logger: context.logger).records(
                    unit: nil, badge: badge, within: scope, on: connection
                ).first
            else { throw Self.officerNotFound(badge) }
            guard record.rank(on: effective)?.code == entry.currentRank, record.officer.rankSince <= effective else {
                throw MusterError(
                    .conflict, code: "rank_changed",
                    "\(badge)'s rank is no longer the \(entry.currentRank ?? "-") the list was drawn on (now "
                        + "\(record.officer.rank) since \(record.officer.rankSince)).")
            }
            var post: String?
            if case .post(let code) = PromotionTarget(round.target) { post = code }
            do {
                try await PromotionRoundRepository(logger: context.logger).promote(
                    badge: badge, round: id, rank: rank == entry.currentRank ? nil : rank, post: post,
                    effective: effective, restsOn: entry.restsOn, recordedBy: context.actor.name,
                    recordedAt: context.now, on: connection)
            } catch  where DatabaseErrors.sqlState(of: error) == "23505" {
                throw MusterError(
                    .conflict, code: "already_promoted", "\(badge) was already promoted from round \(id).")
            }
            let recorded = PromotionRecorded(
                badge: badge, round: id, rank: rank, rankRaised: rank != entry.currentRank, post: post,
                effective: effective, restsOn: entry.restsOn)
            try await context.audit(on: connection).record(
                "promotion.record", "officer", badge, before: ["rank": entry.currentRank], after: recorded)
            return recorded
        }
    }

    static func roundNotFound(_ id: Int64) -> MusterError {
        MusterError(.notFound, code: "round_not_found", "There is no promotion round \(id).")
    }
}

/// What the audit log keeps about a new round.
struct RoundAudit: Encodable, Sendable {
    var target: String
    var asOf: CalendarDay
    var unit: String?
    var vacancies: Int?
    var listed: Int
    var excluded: Int
    var validUntil: CalendarDay
}
