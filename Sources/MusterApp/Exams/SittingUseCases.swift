import Foundation
import MusterDomain
import MusterStore
import PostgresNIO

/// What a trainer asks for when scheduling a sitting. Times are read by the bureau's calendar
/// (`2026-12-02T09:00` on the bureau's clock, or with an offset).
public struct SittingPlan: Sendable, Codable, Equatable {
    public var exam: String
    public var venue: String
    public var capacity: Int
    public var start: String
    public var end: String
    /// The username of the proctor who runs it.
    public var proctor: String?
    /// The organising unit (by default the scheduler's own unit, or the bureau for the whole force).
    public var unit: String?
    /// The code candidates type to start (six random digits when not given).
    public var accessCode: String?

    public init(
        exam: String, venue: String, capacity: Int, start: String, end: String, proctor: String? = nil,
        unit: String? = nil, accessCode: String? = nil
    ) {
        self.exam = exam
        self.venue = venue
        self.capacity = capacity
        self.start = start
        self.end = end
        self.proctor = proctor
        self.unit = unit
        self.accessCode = accessCode
    }
}

/// A change to a scheduled sitting; what is not given stays as it is.
public struct SittingChange: Sendable, Codable, Equatable {
    public var venue: String?
    public var capacity: Int?
    public var start: String?
    public var end: String?
    public var proctor: String?

    public init(
        venue: String? = nil, capacity: Int? = nil, start: String? = nil, end: String? = nil, proctor: String? = nil
    ) {
        self.venue = venue
        self.capacity = capacity
        self.start = start
        self.end = end
        self.proctor = proctor
    }
}

/// A sitting with its exam's title and rules and its candidates.
public struct SittingDetail: Sendable, Codable, Equatable {
    public var sitting: Sitting
    public var examTitle: LocalizedText
    public var timeLimitMinutes: Int
    public var enrollments: [Enrollment]
}

/// The audit log's view of a sitting (never its access code).
struct SittingAudit: Codable, Sendable {
    var exam: String
    var examVersion: Int
    var unit: String
    var venue: String
    var capacity: Int
    var startsAt: Date
    var endsAt: Date
    var proctor: String?
    var status: String

    init(_ sitting: Sitting) {
        exam = sitting.exam
        examVersion = sitting.examVersion
        unit = sitting.unit
        venue = sitting.venue
        capacity = sitting.capacity
        startsAt = sitting.startsAt
        endsAt = sitting.endsAt
        proctor = sitting.proctor
        status = sitting.status.rawValue
    }
}

extension UseCases {
    /// Schedules a sitting of the exam in force: the venue must be free for the window, the window
    /// must hold the exam's time limit and lie ahead, the proctor must be an account that may run
    /// it, and the organising unit must be in the scheduler's scope.
    ///
    /// - Throws: ``MusterError`` `exam_not_found`, `invalid_time`, `invalid_window`,
    ///   `window_too_short`, `sitting_in_past`, `invalid_capacity`, `invalid_venue`,
    ///   `invalid_access_code`, `unit_not_found`, `unit_required`, `proctor_not_found`,
    ///   `venue_double_booked`.
    public func scheduleSitting(_ plan: SittingPlan, context: UseCaseContext) async throws -> Sitting {
        let scope = try context.sittingScope(for: .manageSittings)
        let start = try Self.instant(plan.start, field: "start", context: context)
        let end = try Self.instant(plan.end, field: "end", context: context)
        let venue = try Self.venue(plan.venue)
        try Self.checkCapacity(plan.capacity, enrolled: 0)
        let accessCode =
            try plan.accessCode.map(Self.accessCode) ?? String(format: "%06d", Int.random(in: 0..<1_000_000))
        let sittings = SittingRepository(logger: context.logger)
        return try await transaction(context) { connection in
            guard
                let exam = try await ExamRepository(logger: context.logger).current(on: connection)
                    .first(where: { $0.exam.code == plan.exam })
            else {
                throw MusterError(
                    .notFound, code: "exam_not_found",
                    "There is no exam '\(plan.exam)'; create it first with muster exams create.")
            }
            try Self.checkWindow(start: start, end: end, minutes: exam.exam.timeLimitMinutes, context: context)
            let unit = try await organisingUnit(plan.unit, scope: scope.units, on: connection, context: context)
            let proctorID = try await proctorAccount(plan.proctor, on: connection, context: context)
            try await sittings.lockScheduling(on: connection)
            try await Self.checkVenueFree(
                venue, start: start, end: end, excluding: nil, sittings: sittings, on: connection)
            let sitting = Sitting(
                code: try await sittings.nextCode(on: context.calendar.day(of: start), on: connection),
                exam: exam.exam.code, examVersion: exam.version, unit: unit, venue: venue, capacity: plan.capacity,
                startsAt: start, endsAt: end, accessCode: accessCode, proctor: plan.proctor)
            try await sittings.insert(
                sitting, proctorID: proctorID, createdBy: context.actor.name, at: context.now, on: connection)
            try await context.audit(on: connection).record(
                "sitting.schedule", "sitting", sitting.code, after: SittingAudit(sitting))
            return sitting
        }
    }

    /// The sittings the caller reaches whose window meets the days `from` through `to`.
    public func listSittings(
        from: CalendarDay? = nil, to: CalendarDay? = nil, context: UseCaseContext
    ) async throws -> [Sitting] {
        let scope = try context.sittingScope(for: .readSittings)
        let sittings = SittingRepository(logger: context.logger)
        return try await transaction(context) { connection in
            try await sittings.list(
                from: from.map(context.calendar.start(of:)),
                to: to.map { context.calendar.start(of: $0.addingDays(1)) },
                within: scope, on: connection)
        }
    }

    /// One sitting the caller reaches, with its candidates.
    ///
    /// - Throws: ``MusterError`` `sitting_not_found` (also for a sitting outside the caller's reach).
    public func showSitting(_ code: String, context: UseCaseContext) async throws -> SittingDetail {
        let scope = try context.sittingScope(for: .readSittings)
        let sittings = SittingRepository(logger: context.logger)
        return try await transaction(context) { connection in
            let stored = try await Self.sitting(code, within: scope, locking: false, sittings: sittings, on: connection)
            let exam = try await pinnedExam(of: stored.sitting, on: connection, context: context)
            return SittingDetail(
                sitting: stored.sitting, examTitle: exam.title, timeLimitMinutes: exam.timeLimitMinutes,
                enrollments: try await sittings.enrollments(sittingID: stored.id, on: connection))
        }
    }

    /// Moves a sitting that has not started (venue, capacity, window, proctor). Every enrolled
    /// candidate must still fit: no clash with their other sittings, the cooldown between sittings of
    /// one exam, their accommodation inside the window; the capacity must hold them all.
    ///
    /// - Throws: ``MusterError`` `sitting_not_found`, `sitting_closed`, `capacity_below_enrolled`,
    ///   `venue_double_booked`, `reschedule_refused` (each candidate's clash), and the checks of
    ///   scheduling.
    public func rescheduleSitting(
        _ code: String, _ change: SittingChange, context: UseCaseContext
    ) async throws -> Sitting {
        let scope = try context.sittingScope(for: .manageSittings)
        let sittings = SittingRepository(logger: context.logger)
        return try await transaction(context) { connection in
            try await sittings.lockScheduling(on: connection)
            let stored = try await Self.sitting(code, within: scope, locking: true, sittings: sittings, on: connection)
            var moved = stored.sitting
            let exam = try await pinnedExam(of: moved, on: connection, context: context)
            try Self.checkOpen(moved, context: context)
            if let venue = change.venue { moved.venue = try Self.venue(venue) }
            if let capacity = change.capacity { moved.capacity = capacity }
            if let start = change.start { moved.startsAt = try Self.instant(start, field: "start", context: context) }
            if let end = change.end { moved.endsAt = try Self.instant(end, field: "end", context: context) }
            try Self.checkCapacity(moved.capacity, enrolled: moved.enrolled)
            try Self.checkWindow(
                start: moved.startsAt, end: moved.endsAt, minutes: exam.timeLimitMinutes, context: context)
            var proctorID: Int64?
            if let proctor = change.proctor {
                proctorID = try await proctorAccount(proctor, on: connection, context: context)
                moved.proctor = proctor
            }
            try await Self.checkVenueFree(
                moved.venue, start: moved.startsAt, end: moved.endsAt, excluding: stored.id, sittings: sittings,
                on: connection)
            try await checkCandidatesFit(moved, exam: exam, sittingID: stored.id, on: connection, context: context)
            try await sittings.reschedule(
                sittingID: stored.id, venue: moved.venue, capacity: moved.capacity, start: moved.startsAt,
                end: moved.endsAt, proctorID: proctorID, on: connection)
            try await context.audit(on: connection).record(
                "sitting.reschedule", "sitting", code, before: SittingAudit(stored.sitting),
                after: SittingAudit(moved))
            return moved
        }
    }

    /// Cancels a sitting that has not started; its candidates keep their record of enrollment
    /// but hold no place (the attempt is given back).
    ///
    /// - Throws: ``MusterError`` `sitting_not_found`, `sitting_closed`, `reason_required`.
    public func cancelSitting(_ code: String, reason: String, context: UseCaseContext) async throws -> Sitting {
        let scope = try context.sittingScope(for: .manageSittings)
        let reason = try Self.reason(reason)
        let sittings = SittingRepository(logger: context.logger)
        return try await transaction(context) { connection in
            let stored = try await Self.sitting(code, within: scope, locking: true, sittings: sittings, on: connection)
            try Self.checkOpen(stored.sitting, context: context)
            try await sittings.cancel(sittingID: stored.id, reason: reason, on: connection)
            var cancelled = stored.sitting
            cancelled.status = .cancelled
            cancelled.cancelReason = reason
            try await context.audit(on: connection).record(
                "sitting.cancel", "sitting", code, before: SittingAudit(stored.sitting), after: SittingAudit(cancelled))
            return cancelled
        }
    }
}
