import Foundation
import MusterDomain
import MusterStore
import PostgresNIO

/// What grading one attempt came to: its grade and the certificates it issued.
struct GradingOutcome: Sendable {
    var grade: AttemptGrade
    var issued: [String]
}

extension UseCases {
    /// Grades a submitted attempt from its answer log and manual marks, writes the result and
    /// its marks, and issues or revokes the track's certificate as the pass comes or goes, in
    /// the caller's transaction. Nil for an attempt that is not submitted.
    ///
    /// The keys are those that graded the attempt last: the pinned bank version's at first, a
    /// corrected version's once a regrade has used one.
    func grade(
        attempt id: Int64, on connection: PostgresConnection, context: UseCaseContext
    ) async throws -> GradingOutcome? {
        let results = ResultRepository(logger: context.logger)
        guard
            let (attempt, entries) = try await AttemptRepository(logger: context.logger).attempt(
                id: id, on: connection),
            attempt.status == .submitted
        else { return nil }
        let exam = try await examDefinition(
            attempt.exam, version: attempt.examVersion, on: connection, context: context)
        let stored = try await results.result(attempt: id, on: connection)
        let keyVersion = stored?.keyVersion ?? exam.bankVersion
        let corrected =
            keyVersion == exam.bankVersion
            ? [] : try await bankItems(bank: exam.bank, version: keyVersion, on: connection, context: context)
        let items = try await keyCatalog(of: exam, corrected: corrected, on: connection, context: context)
        let grade = AttemptGrader.grade(
            form: AttemptForm(entries: entries, catalog: items),
            answers: try await AttemptRepository(logger: context.logger).answers(attemptID: id, on: connection),
            markings: try await results.manualMarks(attempt: id, on: connection), exam: exam,
            voided: try await results.voidedItems(exam: attempt.exam, on: connection))
        try await results.write(
            grades: [(id, grade)], keyVersion: keyVersion, at: context.now, on: connection)
        let certificates = try await followCertificates(
            attempt: attempt, exam: exam, before: stored, after: grade, on: connection, context: context)
        return GradingOutcome(grade: grade, issued: certificates.issued)
    }

    /// Issues the track's certificate when `after` is a pass that completes it, or revokes the
    /// certificates the attempt earned when a pass `before` is gone; each audited. Issuing is
    /// idempotent: a certificate the attempt already earned stands as it is.
    func followCertificates(
        attempt: Attempt, exam: ExamDefinition, before: StoredResult?, after grade: AttemptGrade,
        on connection: PostgresConnection, context: UseCaseContext
    ) async throws -> (issued: [String], revoked: [String]) {
        var issued: [String] = []
        var revoked: [String] = []
        if grade.passed == true {
            if let code = try await awardCertificate(attempt: attempt, exam: exam, on: connection, context: context) {
                issued = [code]
            }
        } else if before?.passed == true {
            revoked = try await CertificateRepository(logger: context.logger).revoke(
                earnedBy: attempt.id, on: context.today, on: connection)
        }
        let audit = context.audit(on: connection)
        func record(_ code: String) -> CertificateAudit {
            CertificateAudit(badge: attempt.badge, certificate: code, attempt: attempt.id, percent: grade.percent)
        }
        for code in issued {
            try await audit.record("certificate.issue", "certificate", "\(attempt.badge)/\(code)", after: record(code))
        }
        for code in revoked {
            var was = record(code)
            was.percent = before?.percent ?? 0
            try await audit.record(
                "certificate.revoke", "certificate", "\(attempt.badge)/\(code)", before: was, after: record(code))
        }
        return (issued, revoked)
    }

    /// Issues the certificate of the exam's track when the officer now holds everything it asks
    /// for: a final pass in every exam of the track and the hours of every module. Issued on the
    /// day the attempt was handed in, valid as the track says. Returns its code when issued now.
    func awardCertificate(
        attempt: Attempt, exam: ExamDefinition, on connection: PostgresConnection, context: UseCaseContext
    ) async throws -> String? {
        guard
            let track = try await TrackRepository(logger: context.logger).current(on: connection).first(where: {
                $0.track.code == exam.track
            })?.track
        else { return nil }
        let examCodes = Array(Set(track.exams.map(\.code) + [exam.code]))
        let passed = try await CertificateRepository(logger: context.logger).passedExams(
            badge: attempt.badge, among: examCodes, on: connection)
        guard passed.count == examCodes.count else { return nil }
        let hours =
            try await AttendanceRepository(logger: context.logger).moduleHours(
                badges: [attempt.badge], track: track.code, on: connection)[attempt.badge] ?? [:]
        guard track.modules.allSatisfy({ (hours[$0.code] ?? 0) + 1e-9 >= $0.hours }) else { return nil }
        let issued = context.calendar.day(of: attempt.submittedAt ?? context.now)
        let wasIssued = try await CertificateRepository(logger: context.logger).issue(
            badge: attempt.badge, certificate: track.certificate.code, issued: issued,
            validUntil: track.certificate.validUntil(issuedOn: issued), attempt: attempt.id, on: connection)
        return wasIssued ? track.certificate.code : nil
    }

    /// A bank version's items, from memory once read.
    func bankItems(
        bank: String, version: Int, on connection: PostgresConnection, context: UseCaseContext
    ) async throws -> [Item] {
        guard let stored = try await bankVersion(bank: bank, version: version, on: connection, context: context)
        else {
            throw MusterError(.notFound, code: "bank_version_not_found", "Bank \(bank) has no version \(version).")
        }
        return stored.items
    }
}

/// The audit record of a certificate issued or revoked by grading.
struct CertificateAudit: Codable, Sendable {
    var badge: String
    var certificate: String
    var attempt: Int64
    var percent: Double
}
