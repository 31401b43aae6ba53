import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import PostgresNIO

/// One candidate to enroll, with where they came from when read from a file.
public struct Candidate: Sendable, Codable, Equatable {
    public var badge: String
    public var accommodationMinutes: Int
    /// The `file:line:column` of the row that named the candidate, prefixed to refusals.
    public var source: String?

    public init(badge: String, accommodationMinutes: Int = 0, source: String? = nil) {
        self.badge = badge
        self.accommodationMinutes = accommodationMinutes
        self.source = source
    }
}

/// What an enrollment did.
public struct EnrollmentReport: Sendable, Codable, Equatable {
    public var sitting: String
    /// Candidates newly enrolled (or whose accommodation changed).
    public var enrolled: [String]
    /// Candidates who already held a place as asked.
    public var unchanged: [String]
    /// Candidates whose place was given back.
    public var withdrawn: [String] = []
    public var seatsLeft: Int
}

/// The audit log's view of an enrollment.
struct EnrollmentAudit: Codable, Sendable {
    var candidates: [Candidate]
}

extension UseCases {
    /// Reads an enrollment file (`badge[,accommodation_minutes]`) into candidates, each carrying
    /// its `file:line:column`.
    ///
    /// - Throws: ``MusterError`` `enrollment_rejected` for a malformed file.
    public func candidates(from source: SourceFile) throws -> [Candidate] {
        let (rows, diagnostics) = EnrollmentCSVParser().parse(source.text, file: source.fileName)
        try MusterError.rejectingErrors(
            in: diagnostics, code: "enrollment_rejected", file: source.fileName, outcome: "nobody was enrolled")
        return rows.map {
            Candidate(
                badge: $0.badge, accommodationMinutes: $0.accommodationMinutes,
                source: "\(source.fileName):\($0.line):\($0.columns["badge"] ?? 1)")
        }
    }

    /// Enrolls candidates in a sitting, all or none: every candidate must be in the caller's scope,
    /// may take the track, has attended its modules' hours, has an attempt left, keeps the cooldown,
    /// has no other sitting at the time, fits the window with their accommodation, and there must be
    /// a seat for each. Candidates already enrolled are left as they are (their accommodation is
    /// updated when it changed).
    ///
    /// - Throws: ``MusterError`` `sitting_not_found`, `sitting_closed`, `enrollment_refused` (each
    ///   refused candidate as `BADGE: reason_code: sentence`), `sitting_full`.
    public func enroll(
        _ candidates: [Candidate], in code: String, context: UseCaseContext
    ) async throws -> EnrollmentReport {
        let scope = try context.sittingScope(for: .manageSittings)
        let officerScope = try context.officerScope(for: .manageSittings)
        guard !candidates.isEmpty else {
            throw MusterError(.invalidInput, code: "no_candidates", "Name at least one badge to enroll.")
        }
        if let bad = candidates.first(where: {
            !(0...EnrollmentCSVParser.maximumAccommodation).contains($0.accommodationMinutes)
        }) {
            throw MusterError(
                .invalidInput, code: "invalid_accommodation",
                "Accommodation for \(bad.badge) must be 0 to \(EnrollmentCSVParser.maximumAccommodation) minutes.")
        }
        let sittings = SittingRepository(logger: context.logger)
        return try await transaction(context) { connection in
            let stored = try await Self.sitting(code, within: scope, locking: true, sittings: sittings, on: connection)
            let exam = try await pinnedExam(of: stored.sitting, on: connection, context: context)
            let rules = EnrollmentRules(
                sitting: stored.sitting, exam: exam, calendar: context.calendar, now: context.now)
            if let closed = rules.closedReason {
                throw MusterError(
                    .conflict, code: "sitting_closed", closed.prefix(1).uppercased() + closed.dropFirst() + ".")
            }
            guard
                let track = try await TrackRepository(logger: context.logger).current(on: connection)
                    .first(where: { $0.track.code == exam.track })?.track
            else {
                throw MusterError(.notFound, code: "track_not_found", "There is no track '\(exam.track)'.")
            }
            let badges = candidates.map(\.badge)
            let officers = try await OfficerRepository(logger: context.logger).officers(
                badges: badges, within: officerScope, on: connection)
            let commitments = try await sittings.commitments(badges: badges, excluding: stored.id, on: connection)
            let hours = try await AttendanceRepository(logger: context.logger).moduleHours(
                badges: badges, track: track.code, on: connection)
            let held = Dictionary(
                try await sittings.enrollments(sittingID: stored.id, on: connection).filter { $0.status == .enrolled }
                    .map { ($0.badge, $0.accommodationMinutes) }, uniquingKeysWith: { first, _ in first })
            let judgement = rules.judge(
                candidates.map { ($0.badge, $0.accommodationMinutes) }, officers: officers, track: track, hours: hours,
                commitments: commitments, held: held)
            guard judgement.refusals.isEmpty else {
                let refused = Set(judgement.refusals.map(\.index)).count
                throw MusterError(
                    .conflict, code: "enrollment_refused",
                    "\(refused) of \(candidates.count) candidates cannot be enrolled in \(code); nobody was enrolled.",
                    details: judgement.refusals.map { refusal in
                        candidates[refusal.index].source.map { "\($0): \(refusal.problem.line)" }
                            ?? refusal.problem.line
                    })
            }
            let fresh = judgement.admitted.map { candidates[$0] }
            _ = try await sittings.enroll(
                sittingID: stored.id, badges: fresh.map(\.badge),
                accommodationMinutes: fresh.map(\.accommodationMinutes),
                by: context.actor.name, at: context.now, on: connection)
            if !fresh.isEmpty {
                try await context.audit(on: connection).record(
                    "sitting.enroll", "sitting", code,
                    after: EnrollmentAudit(
                        candidates: fresh.map {
                            Candidate(badge: $0.badge, accommodationMinutes: $0.accommodationMinutes)
                        }))
            }
            return EnrollmentReport(
                sitting: code, enrolled: fresh.map(\.badge), unchanged: judgement.unchanged,
                seatsLeft: stored.sitting.seatsLeft - judgement.newPlaces)
        }
    }

    /// Gives back one candidate's place in a sitting that has not started.
    ///
    /// - Throws: ``MusterError`` `sitting_not_found`, `sitting_closed`, `not_enrolled`.
    public func withdraw(_ badge: String, from code: String, context: UseCaseContext) async throws -> EnrollmentReport {
        let scope = try context.sittingScope(for: .manageSittings)
        let officerScope = try context.officerScope(for: .manageSittings)
        let sittings = SittingRepository(logger: context.logger)
        return try await transaction(context) { connection in
            let stored = try await Self.sitting(code, within: scope, locking: true, sittings: sittings, on: connection)
            try Self.checkOpen(stored.sitting, context: context)
            let reachable = try await OfficerRepository(logger: context.logger).badges(
                [badge], within: officerScope, on: connection)
            guard reachable.contains(badge),
                try await sittings.withdraw(
                    sittingID: stored.id, badge: badge, by: context.actor.name, at: context.now, on: connection)
            else {
                throw MusterError(
                    .notFound, code: "not_enrolled",
                    "No officer with badge '\(badge)' in your scope holds a place in \(code).")
            }
            try await context.audit(on: connection).record(
                "sitting.withdraw", "sitting", code, before: EnrollmentAudit(candidates: [Candidate(badge: badge)]))
            return EnrollmentReport(
                sitting: code, enrolled: [], unchanged: [], withdrawn: [badge], seatsLeft: stored.sitting.seatsLeft + 1)
        }
    }

    /// The caller's own upcoming sittings (those not yet over), without access codes.
    public func mySittings(context: UseCaseContext) async throws -> [OfficerSitting] {
        guard let badge = context.principal.badge else { return [] }
        let sittings = SittingRepository(logger: context.logger)
        return try await transaction(context) { connection in
            try await sittings.upcoming(badge: badge, after: context.now, on: connection)
        }
    }
}
