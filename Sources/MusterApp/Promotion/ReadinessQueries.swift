import Foundation
import MusterDomain
import MusterStore
import PostgresNIO

extension UseCases {
    /// One officer's verdict for `target` on `asOf` (default today), every requirement explained:
    /// for HR and admins within their units, and for an officer about their own record.
    ///
    /// - Throws: ``MusterError`` `officer_not_found` (also outside the caller's reach),
    ///   `target_not_found`, `invalid_date`.
    public func explainReadiness(
        badge: String, target: PromotionTarget = .next, asOf: CalendarDay? = nil, context: UseCaseContext
    ) async throws -> EligibilityVerdict {
        let scope = context.principal.officerScope(for: .readReadiness, includingOwnRecord: true)
        guard Officer.isValidBadge(badge), !scope.isEmpty else { throw Self.officerNotFound(badge) }
        let asOf = try Self.checkedDay(asOf ?? context.today)
        return try await transaction(context) { connection in
            let engine = try await eligibilityEngine(target: target, on: asOf, connection: connection, context: context)
            guard
                let record = try await PromotionRecordRepository(logger: context.logger).records(
                    unit: nil, badge: badge, within: scope, on: connection
                ).first
            else { throw Self.officerNotFound(badge) }
            return engine.explain(record, target: target, asOf: asOf)
        }
    }

    /// The signed-in officer's own verdict ("what do I still need").
    ///
    /// - Throws: ``MusterError`` `no_badge` for an account not linked to an officer.
    public func myReadiness(
        target: PromotionTarget = .next, asOf: CalendarDay? = nil, context: UseCaseContext
    ) async throws -> EligibilityVerdict {
        guard let badge = context.principal.badge else {
            throw MusterError(.notFound, code: "no_badge", "Your account is not linked to an officer's badge.")
        }
        return try await explainReadiness(badge: badge, target: target, asOf: asOf, context: context)
    }

    /// Every officer in the caller's scope (and in `unit`'s subtree) with a verdict, what is
    /// missing and when it will not be; with `within`, only those who become eligible in that many
    /// days; with `verdict`, only those with that verdict. Counts cover everyone in scope.
    ///
    /// - Throws: ``MusterError`` `forbidden`, `unit_not_found`, `target_not_found`,
    ///   `invalid_date`, `invalid_window`.
    public func readiness(
        unit: String? = nil, target: PromotionTarget = .next, asOf: CalendarDay? = nil, within: Int? = nil,
        verdict: EligibilityVerdict.Outcome? = nil, context: UseCaseContext
    ) async throws -> ReadinessReport {
        let scope = try context.officerScope(for: .readReadiness)
        if let within, !(0...3650).contains(within) {
            throw MusterError(.invalidInput, code: "invalid_window", "The window must be 0 to 3650 days.")
        }
        let asOf = try Self.checkedDay(asOf ?? context.today)
        let lines = try await transaction(context) { connection in
            if let unit { try await OfficerRepository(logger: context.logger).requireUnit(unit, on: connection) }
            let engine = try await eligibilityEngine(target: target, on: asOf, connection: connection, context: context)
            // The engine is pure: each batch of records is judged, and its report lines made, on its
            // own task as it is read.
            return try await PromotionRecordRepository(logger: context.logger).evaluate(
                unit: unit, badge: nil, within: scope, on: connection
            ) { ReadinessLine(engine.explain($0, target: target, asOf: asOf, explaining: false)) }
        }
        return ReadinessReport(lines: lines, asOf: asOf, target: target, withinDays: within, verdict: verdict)
    }

    /// The engine for the active policy, after checking that a named target exists in it on
    /// `day`. Engines are kept in memory by the fingerprint of the policy and tracks they were
    /// built from, so one officer's explanation does not decode the policy again.
    func eligibilityEngine(
        target: PromotionTarget, on day: CalendarDay, connection: PostgresConnection, context: UseCaseContext
    ) async throws -> EligibilityEngine {
        let fingerprint = try await PromotionRecordRepository(logger: context.logger).rulesFingerprint(on: connection)
        let engine: EligibilityEngine
        if let cached = memory.eligibilityEngines.value(for: fingerprint) {
            engine = cached
        } else {
            let policy = try await activePolicy(on: connection, logger: context.logger).policy
            let tracks = try await TrackRepository(logger: context.logger).current(on: connection).map(\.track)
            engine = EligibilityEngine(
                policy: policy,
                certificateNames: Dictionary(
                    tracks.map { ($0.certificate.code, $0.name) }, uniquingKeysWith: { first, _ in first }))
            memory.eligibilityEngines.keep(engine, for: fingerprint)
        }
        let policy = engine.policy
        switch target {
        case .next: break
        case .rank(let code):
            guard policy.rank(code) != nil else {
                let ranks = policy.ranks.map(\.code).joined(separator: ", ")
                throw MusterError(
                    .notFound, code: "target_not_found",
                    "There is no rank '\(code)' in the policy; ranks are: \(ranks).")
            }
        case .post(let code):
            let posts = engine.policy(on: day).posts.map(\.code)
            guard posts.contains(code) else {
                throw MusterError(
                    .notFound, code: "target_not_found",
                    "There is no post '\(code)' in the policy on \(day); posts are: \(posts.joined(separator: ", ")).")
            }
        }
        return engine
    }

    static func checkedDay(_ day: CalendarDay) throws -> CalendarDay {
        guard (1950...2200).contains(day.year) else {
            throw MusterError(.invalidInput, code: "invalid_date", "The date must fall between 1950 and 2200.")
        }
        return day
    }

    static func officerNotFound(_ badge: String) -> MusterError {
        MusterError(.notFound, code: "officer_not_found", "There is no officer with badge '\(badge)'.")
    }
}
