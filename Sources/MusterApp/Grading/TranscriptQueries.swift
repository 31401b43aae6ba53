import Foundation
import MusterDomain
import MusterStore

/// An officer's training record: per track, the hours attended per module, the attempts at its
/// exams with their results, the certificate held, and what is still missing.
public struct Transcript: Sendable, Codable, Equatable {
    /// One module's hours.
    public struct ModuleHours: Sendable, Codable, Equatable {
        public var module: String
        public var name: String
        public var required: Double
        public var attended: Double
    }

    /// One attempt at one of the track's exams.
    public struct ExamAttempt: Sendable, Codable, Equatable {
        public var exam: String
        public var attempt: Int64
        public var attemptNumber: Int
        public var sitting: String
        public var submittedAt: Date?
        /// `final` or `marking`.
        public var state: String
        public var score: Double
        public var maximum: Double
        public var percent: Double
        public var passed: Bool?
        public var band: String?
    }

    /// The newest certificate of the track the officer holds, valid or not.
    public struct Certificate: Sendable, Codable, Equatable {
        public var code: String
        public var issued: CalendarDay
        public var validUntil: CalendarDay?
        public var revokedOn: CalendarDay?
        /// `valid`, `expired` or `revoked` on the transcript's date.
        public var status: String
    }

    /// One track on the transcript.
    public struct TrackRecord: Sendable, Codable, Equatable {
        public var track: String
        public var name: String
        /// Whether the officer must hold the track's certificate on the date.
        public var required: Bool
        public var modules: [ModuleHours]
        public var attempts: [ExamAttempt]
        public var certificate: Certificate?
        /// What still stands between the officer and a valid certificate, in words; empty when
        /// it is held.
        public var missing: [String]
    }

    public var badge: String
    public var name: String
    public var unit: String
    public var asOf: CalendarDay
    public var tracks: [TrackRecord]
}

extension UseCases {
    /// An officer's transcript on the bureau's today, for staff who read the roster (within
    /// their units) and for the officer themself.
    ///
    /// - Throws: ``MusterError`` `officer_not_found` (also outside the caller's reach).
    public func transcript(badge: String, context: UseCaseContext) async throws -> Transcript {
        let scope = context.principal.officerScope(for: .readRoster, includingOwnRecord: true)
        let today = context.today
        return try await transaction(context) { connection in
            guard
                let officer = try await OfficerRepository(logger: context.logger).officer(
                    badge: badge, within: scope, on: connection)
            else {
                throw MusterError(.notFound, code: "officer_not_found", "There is no officer with badge '\(badge)'.")
            }
            let tracks = try await TrackRepository(logger: context.logger).current(on: connection).map(\.track)
            let results = try await ResultRepository(logger: context.logger).results(badge: badge, on: connection)
            let held = try await RecordRepository(logger: context.logger).certificates(
                badges: [badge], codes: tracks.map(\.certificate.code), on: connection)
            var records: [Transcript.TrackRecord] = []
            for track in tracks.sorted(by: { $0.code < $1.code }) {
                let hours =
                    try await AttendanceRepository(logger: context.logger).moduleHours(
                        badges: [badge], track: track.code, on: connection)[badge] ?? [:]
                records.append(
                    Self.trackRecord(
                        track, officer: officer, hours: hours, results: results, held: held, today: today))
            }
            return Transcript(
                badge: officer.badge, name: officer.name, unit: officer.unit, asOf: today,
                tracks: records.filter { $0.required || !$0.attempts.isEmpty || $0.certificate != nil })
        }
    }

    /// One track's record from what is stored; pure.
    static func trackRecord(
        _ track: Track, officer: Officer, hours: [String: Double], results: [StoredResult],
        held: [HeldCertificate], today: CalendarDay
    ) -> Transcript.TrackRecord {
        let modules = track.modules.map {
            Transcript.ModuleHours(
                module: $0.code, name: $0.name.text(), required: $0.hours, attended: hours[$0.code] ?? 0)
        }
        let examCodes = track.exams.map(\.code)
        let attempts = results.filter { examCodes.contains($0.exam) }.map {
            Transcript.ExamAttempt(
                exam: $0.exam, attempt: $0.attempt, attemptNumber: $0.attemptNumber, sitting: $0.sitting,
                submittedAt: $0.submittedAt, state: $0.isFinal ? "final" : "marking", score: $0.score,
                maximum: $0.maximum, percent: $0.percent, passed: $0.passed, band: $0.band)
        }
        let newest = held.filter { $0.code == track.certificate.code }.max { $0.issued < $1.issued }
        let certificate = newest.map { held in
            Transcript.Certificate(
                code: held.code, issued: held.issued, validUntil: held.validUntil, revokedOn: held.revokedOn,
                status: held.isValid(on: today)
                    ? "valid" : held.revokedOn.map { $0 <= today } == true ? "revoked" : "expired")
        }
        var missing: [String] = []
        if certificate?.status != "valid" {
            for module in modules where module.attended + 1e-9 < module.required {
                missing.append(
                    "module \(module.module): \(EnrollmentRules.hours(module.attended)) of "
                        + "\(EnrollmentRules.hours(module.required)) hours")
            }
            for exam in track.exams where !attempts.contains(where: { $0.exam == exam.code && $0.passed == true }) {
                let marking = attempts.contains { $0.exam == exam.code && $0.state == "marking" }
                missing.append("exam \(exam.code): \(marking ? "being marked" : "not passed")")
            }
            if let certificate {
                missing.append("certificate \(certificate.code) \(certificate.status) (issued \(certificate.issued))")
            } else if missing.isEmpty {
                missing.append("certificate \(track.certificate.code) not issued")
            }
        }
        return Transcript.TrackRecord(
            track: track.code, name: track.name.text(), required: track.requiredFor.includes(officer, on: today),
            modules: modules, attempts: attempts, certificate: certificate, missing: missing)
    }
}
