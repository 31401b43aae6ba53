import Foundation
import MusterDomain
import MusterStore
import PostgresNIO

/// A sitting as its proctor watches it: who has started, how far each has got, their time left.
public struct SittingMonitor: Sendable, Codable, Equatable {
    /// One candidate's line.
    public struct Candidate: Sendable, Codable, Equatable {
        public var badge: String
        public var name: String
        /// `not-started`, `active`, `submitted` or `voided`.
        public var state: String
        public var attempt: Int64?
        public var answered: Int
        public var flagged: Int
        public var items: Int
        public var secondsRemaining: Int?
        public var accommodationMinutes: Int
    }

    public var sitting: String
    public var exam: String
    public var startsAt: Date
    public var endsAt: Date
    public var candidates: [Candidate]

    /// How many candidates are in each state.
    public var counts: [String: Int] { Dictionary(grouping: candidates, by: \.state).mapValues(\.count) }
}

/// The audit log's view of a proctor's action on an attempt.
struct ProctorAudit: Codable, Sendable {
    var sitting: String
    var badge: String
    var reason: String
    var minutes: Int?
    var deadline: Date?
}

extension UseCases {
    /// The live view of a sitting for its proctor (or the trainers and admins of its unit).
    ///
    /// - Throws: ``MusterError`` `sitting_not_found` (also outside the caller's reach).
    public func monitorSitting(_ code: String, context: UseCaseContext) async throws -> SittingMonitor {
        let scope = try context.sittingScope(for: .proctorSittings)
        let sittings = SittingRepository(logger: context.logger)
        return try await transaction(context) { connection in
            let stored = try await Self.sitting(code, within: scope, locking: false, sittings: sittings, on: connection)
            let exam = try await pinnedExam(of: stored.sitting, on: connection, context: context)
            let items = exam.sections.map(\.count).reduce(0, +)
            let now = context.now
            let rows = try await AttemptRepository(logger: context.logger).monitor(
                sittingID: stored.id, on: connection)
            return SittingMonitor(
                sitting: code, exam: exam.code, startsAt: stored.sitting.startsAt, endsAt: stored.sitting.endsAt,
                candidates: rows.map { row in
                    SittingMonitor.Candidate(
                        badge: row.badge, name: row.name, state: row.state, attempt: row.attempt,
                        answered: row.answered, flagged: row.flagged, items: items,
                        // A paused candidate's time left is what it was when the clock stopped.
                        secondsRemaining: ["active", "paused"].contains(row.state)
                            ? row.deadline.map { max(0, Int($0.timeIntervalSince(row.pausedAt ?? now).rounded(.up))) }
                            : nil,
                        accommodationMinutes: row.accommodationMinutes)
                })
        }
    }

    /// Gives a candidate more time (a terminal failed, a fire drill), with a reason; audited.
    ///
    /// - Throws: ``MusterError`` `sitting_not_found`, `attempt_not_found`, `invalid_minutes`,
    ///   `reason_required`, `attempt_closed`.
    public func extendAttempt(
        _ id: Int64, minutes: Int, reason: String, context: UseCaseContext
    ) async throws -> Date {
        guard (1...240).contains(minutes) else {
            throw MusterError(.invalidInput, code: "invalid_minutes", "Extend by 1 to 240 minutes.")
        }
        let reason = try Self.reason(reason)
        return try await proctorAction(id, context: context) { attempt, repository, connection in
            guard let deadline = try await repository.extend(id: id, bySeconds: minutes * 60, on: connection) else {
                throw Self.closed(attempt, context: context)
            }
            try await context.audit(on: connection).record(
                "attempt.extend", "attempt", String(id),
                before: ProctorAudit(
                    sitting: attempt.sitting, badge: attempt.badge, reason: reason, deadline: attempt.deadline),
                after: ProctorAudit(
                    sitting: attempt.sitting, badge: attempt.badge, reason: reason, minutes: minutes, deadline: deadline
                ))
            return deadline
        }
    }

    /// Stops a candidate's clock (a terminal fails, the candidate is taken ill), with a reason;
    /// audited. While paused the attempt takes no answers (409 `attempt_paused`) and is not handed
    /// in at its deadline.
    ///
    /// - Throws: ``MusterError`` `sitting_not_found`, `attempt_not_found`, `reason_required`,
    ///   `attempt_closed`, `attempt_paused` (already paused).
    public func pauseAttempt(_ id: Int64, reason: String, context: UseCaseContext) async throws -> Attempt {
        let reason = try Self.reason(reason)
        return try await proctorAction(id, context: context) { attempt, repository, connection in
            if attempt.pausedAt != nil, attempt.status == .active {
                throw MusterError(.conflict, code: "attempt_paused", "Attempt \(id) is paused already.")
            }
            guard try await repository.pause(id: id, at: context.now, on: connection) != nil else {
                throw Self.closed(attempt, context: context)
            }
            try await context.audit(on: connection).record(
                "attempt.pause", "attempt", String(id),
                after: ProctorAudit(
                    sitting: attempt.sitting, badge: attempt.badge, reason: reason, deadline: attempt.deadline))
            var paused = attempt
            paused.pausedAt = context.now
            return paused
        }
    }

    /// Starts a paused candidate's clock again, with a reason; the deadline moves on by the time
    /// paused. Audited.
    ///
    /// - Throws: ``MusterError`` `sitting_not_found`, `attempt_not_found`, `reason_required`,
    ///   `attempt_closed`, `attempt_not_paused`.
    public func resumeAttempt(_ id: Int64, reason: String, context: UseCaseContext) async throws -> Attempt {
        let reason = try Self.reason(reason)
        return try await proctorAction(id, context: context) { attempt, repository, connection in
            if attempt.status != .active { throw Self.closed(attempt, context: context) }
            guard let deadline = try await repository.resume(id: id, at: context.now, on: connection) else {
                throw MusterError(.conflict, code: "attempt_not_paused", "Attempt \(id) is not paused.")
            }
            try await context.audit(on: connection).record(
                "attempt.resume", "attempt", String(id),
                before: ProctorAudit(
                    sitting: attempt.sitting, badge: attempt.badge, reason: reason, deadline: attempt.deadline),
                after: ProctorAudit(sitting: attempt.sitting, badge: attempt.badge, reason: reason, deadline: deadline))
            var resumed = attempt
            resumed.pausedAt = nil
            resumed.deadline = deadline
            return resumed
        }
    }

    /// Voids an attempt (it is never graded), with a reason; audited.
    ///
    /// - Throws: ``MusterError`` `sitting_not_found`, `attempt_not_found`, `reason_required`.
    public func voidAttempt(_ id: Int64, reason: String, context: UseCaseContext) async throws {
        let reason = try Self.reason(reason)
        try await proctorAction(id, context: context) { attempt, repository, connection in
            guard try await repository.void(id: id, by: context.actor.name, at: context.now, on: connection) else {
                return
            }
            try await context.audit(on: connection).record(
                "attempt.void", "attempt", String(id),
                after: ProctorAudit(sitting: attempt.sitting, badge: attempt.badge, reason: reason))
        }
    }

    /// Runs `body` on an attempt of a sitting the caller proctors, its row locked.
    func proctorAction<Result: Sendable>(
        _ id: Int64, context: UseCaseContext,
        _ body: (Attempt, AttemptRepository, PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let scope = try context.sittingScope(for: .proctorSittings)
        let attempts = AttemptRepository(logger: context.logger)
        return try await transaction(context) { connection in
            guard let (attempt, _) = try await attempts.attempt(id: id, locking: true, on: connection) else {
                throw MusterError(.notFound, code: "attempt_not_found", "There is no attempt \(id) in your sittings.")
            }
            guard
                try await SittingRepository(logger: context.logger).sitting(
                    code: attempt.sitting, within: scope, on: connection) != nil
            else {
                throw MusterError(.notFound, code: "attempt_not_found", "There is no attempt \(id) in your sittings.")
            }
            return try await body(attempt, attempts, connection)
        }
    }

    static func reason(_ text: String) throws -> String {
        let reason = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...500).contains(reason.count) else {
            throw MusterError(.invalidInput, code: "reason_required", "Give a reason (1 to 500 characters).")
        }
        return reason
    }
}
