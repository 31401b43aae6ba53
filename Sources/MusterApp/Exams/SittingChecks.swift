import Foundation
import MusterDomain
import MusterStore
import PostgresNIO

/// The checks scheduling, rescheduling and enrollment share.
extension UseCases {
    /// A moment read by the bureau's calendar.
    static func instant(_ text: String, field: String, context: UseCaseContext) throws -> Date {
        guard let instant = context.calendar.instant(parsing: text) else {
            throw MusterError(
                .invalidInput, code: "invalid_time",
                "\(field) '\(text)' is not a time; write 2026-12-02T09:00 (the bureau's clock, \(context.calendar.timeZone.identifier)) or add an offset such as +08:00."
            )
        }
        return instant
    }

    /// A venue name, trimmed.
    static func venue(_ text: String) throws -> String {
        let venue = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(venue.count), !venue.contains(where: { $0.isNewline }) else {
            throw MusterError(.invalidInput, code: "invalid_venue", "The venue must be a name of 1 to 200 characters.")
        }
        return venue
    }

    static func checkCapacity(_ capacity: Int, enrolled: Int) throws {
        guard (1...10_000).contains(capacity) else {
            throw MusterError(
                .invalidInput, code: "invalid_capacity",
                "The capacity is the number of terminals at the venue: a whole number from 1 to 10000.")
        }
        guard capacity >= enrolled else {
            throw MusterError(
                .conflict, code: "capacity_below_enrolled",
                "\(enrolled) candidates are enrolled; the capacity cannot drop to \(capacity). Withdraw candidates first."
            )
        }
    }

    static func accessCode(_ text: String) throws -> String {
        guard text.wholeMatch(of: /[A-Za-z0-9]{4,32}/) != nil else {
            throw MusterError(
                .invalidInput, code: "invalid_access_code", "An access code is 4 to 32 letters or digits.")
        }
        return text
    }

    /// The window must lie ahead, end after it starts and hold the exam's time limit.
    static func checkWindow(start: Date, end: Date, minutes: Int, context: UseCaseContext) throws {
        guard end > start else {
            throw MusterError(.invalidInput, code: "invalid_window", "The sitting must end after it starts.")
        }
        guard start > context.now else {
            throw MusterError(
                .invalidInput, code: "sitting_in_past",
                "The sitting would start at \(context.calendar.minuteText(of: start)), which has passed.")
        }
        let window = Int(end.timeIntervalSince(start) / 60)
        guard window >= minutes else {
            throw MusterError(
                .invalidInput, code: "window_too_short",
                "The exam takes \(minutes) minutes; a window of \(window) minutes cannot hold it.")
        }
    }

    /// A sitting that has not been cancelled and has not started.
    static func checkOpen(_ sitting: Sitting, context: UseCaseContext) throws {
        if sitting.status == .cancelled {
            throw MusterError(.conflict, code: "sitting_closed", "Sitting \(sitting.code) was cancelled.")
        }
        if sitting.startsAt <= context.now {
            throw MusterError(
                .conflict, code: "sitting_closed",
                "Sitting \(sitting.code) started at \(context.calendar.minuteText(of: sitting.startsAt)); it can no longer be changed."
            )
        }
    }

    static func checkVenueFree(
        _ venue: String, start: Date, end: Date, excluding: Int64?, sittings: SittingRepository,
        on connection: PostgresConnection
    ) async throws {
        let clashes = try await sittings.venueClashes(
            venue: venue, start: start, end: end, excluding: excluding, on: connection)
        guard clashes.isEmpty else {
            throw MusterError(
                .conflict, code: "venue_double_booked",
                "\(venue) is booked at that time by \(clashes.joined(separator: ", ")).")
        }
    }

    /// A sitting the scope reaches, or `sitting_not_found`.
    static func sitting(
        _ code: String, within scope: SittingScope, locking: Bool, sittings: SittingRepository,
        on connection: PostgresConnection
    ) async throws -> StoredSitting {
        guard let stored = try await sittings.sitting(code: code, within: scope, locking: locking, on: connection)
        else {
            throw MusterError(.notFound, code: "sitting_not_found", "There is no sitting '\(code)' in your scope.")
        }
        return stored
    }

    /// The exam version a sitting pins.
    func pinnedExam(
        of sitting: Sitting, on connection: PostgresConnection, context: UseCaseContext
    ) async throws -> ExamDefinition {
        guard
            let stored = try await ExamRepository(logger: context.logger).version(
                code: sitting.exam, version: sitting.examVersion, on: connection)
        else {
            throw MusterError(
                .internalFailure, code: "exam_version_missing",
                "Sitting \(sitting.code) pins exam \(sitting.exam) version \(sitting.examVersion), which is not stored."
            )
        }
        return stored.exam
    }

    /// The organising unit: the one named (in the scope), else the scope's single unit, else the
    /// bureau itself for a whole-force scheduler.
    func organisingUnit(
        _ code: String?, scope: OfficerScope, on connection: PostgresConnection, context: UseCaseContext
    ) async throws -> String {
        if let code {
            guard
                try await OfficerRepository(logger: context.logger).units([code], within: scope, on: connection)
                    .contains(code)
            else {
                throw MusterError(.notFound, code: "unit_not_found", "There is no unit '\(code)' in your scope.")
            }
            return code
        }
        if scope.wholeForce,
            let root = try await UnitRepository(logger: context.logger).all(on: connection).first(where: {
                $0.parentCode == nil
            })
        {
            return root.code
        }
        guard scope.unitRoots.count == 1, let only = scope.unitRoots.first else {
            throw MusterError(
                .invalidInput, code: "unit_required",
                "Name the organising unit (one of \(scope.unitRoots.joined(separator: ", ")) or below).")
        }
        return only
    }

    /// The account id of a proctor: an enabled account holding the proctor, trainer or admin role.
    func proctorAccount(
        _ username: String?, on connection: PostgresConnection, context: UseCaseContext
    ) async throws -> Int64? {
        guard let username else { return nil }
        let users = UserRepository(logger: context.logger)
        let runners: Set<Role> = [.proctor, .trainer, .admin]
        guard
            let account = try await users.account(named: username, on: connection),
            !account.disabled, account.grants.contains(where: { runners.contains($0.role) })
        else {
            throw MusterError(
                .notFound, code: "proctor_not_found",
                "There is no enabled account '\(username)' with the proctor, trainer or admin role.")
        }
        return try await users.id(of: username, on: connection)
    }

    /// Every enrolled candidate still fits a moved sitting: no clash with their other sittings,
    /// the cooldown kept, their accommodation inside the window.
    func checkCandidatesFit(
        _ sitting: Sitting, exam: ExamDefinition, sittingID: Int64, on connection: PostgresConnection,
        context: UseCaseContext
    ) async throws {
        let sittings = SittingRepository(logger: context.logger)
        let held = try await sittings.enrollments(sittingID: sittingID, on: connection).filter {
            $0.status == .enrolled
        }
        guard !held.isEmpty else { return }
        let badges = held.map(\.badge)
        let commitments = try await sittings.commitments(badges: badges, excluding: sittingID, on: connection)
        let rules = EnrollmentRules(sitting: sitting, exam: exam, calendar: context.calendar, now: context.now)
        let problems = held.flatMap {
            rules.timingProblems(
                for: $0.badge, commitments: commitments[$0.badge] ?? [], accommodationMinutes: $0.accommodationMinutes)
        }
        guard problems.isEmpty else {
            throw MusterError(
                .conflict, code: "reschedule_refused",
                "Moving sitting \(sitting.code) would break \(problems.count) candidates' enrollments; nothing was changed.",
                details: problems.map(\.line))
        }
    }
}
