import Foundation
import MusterDomain
import MusterStore
import PostgresNIO

/// What grading one attempt came to: the result before and after, and the certificates it
/// issued or revoked.
struct GradingOutcome: Sendable {
    var attempt: Attempt
    var before: StoredResult?
    var grade: AttemptGrade
    var keyVersion: Int
    var issued: [String]
    var revoked: [String]
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
        var items = try await bankItems(of: exam, on: connection, context: context)
        if keyVersion != exam.bankVersion {
            let corrected = try await bankItems(bank: exam.bank, version: keyVersion, on: connection, context: context)
            items = Array(try await keyItems(of: exam, corrected: corrected, on: connection, context: context).values)
        }
        let drawn = Set(entries.map(\.itemID))
        let form = AttemptForm(
            entries: entries,
            items: Dictionary(
                items.filter { drawn.contains($0.id) }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))
        let voided = try await results.voidedItems(exam: attempt.exam, on: connection)
        let grade = AttemptGrader.grade(
            form: form,
            answers: try await AttemptRepository(logger: context.logger).answers(attemptID: id, on: connection),
            manual: try await results.manualMarks(attempt: id, on: connection), exam: exam, voided: voided)
        let before = try await results.write(
            attempt: id, grade: grade, keyVersion: keyVersion, at: context.now, on: connection)
        var outcome = GradingOutcome(
            attempt: attempt, before: before, grade: grade, keyVersion: keyVersion, issued: [], revoked: [])
        let certificates = CertificateRepository(logger: context.logger)
        let audit = context.audit(on: connection)
        if grade.passed == true {
            if let issued = try await awardCertificate(attempt: attempt, exam: exam, on: connection, context: context) {
                outcome.issued = [issued]
            }
        } else if before?.passed == true {
            outcome.revoked = try await certificates.revoke(earnedBy: id, on: context.today, on: connection)
        }
        for code in outcome.issued {
            try await audit.record(
                "certificate.issue", "certificate", "\(attempt.badge)/\(code)",
                after: CertificateAudit(badge: attempt.badge, certificate: code, attempt: id, percent: grade.percent))
        }
        for code in outcome.revoked {
            try await audit.record(
                "certificate.revoke", "certificate", "\(attempt.badge)/\(code)",
                before: CertificateAudit(
                    badge: attempt.badge, certificate: code, attempt: id, percent: before?.percent ?? 0),
                after: CertificateAudit(badge: attempt.badge, certificate: code, attempt: id, percent: grade.percent))
        }
        return outcome
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
        let key = "\(bank)|\(version)"
        if let cached = await memory.bankItems.value(for: key) { return cached }
        guard
            let items = try await BankRepository(logger: context.logger).version(
                bank: bank, version: version, on: connection)?.1
        else {
            throw MusterError(.notFound, code: "bank_version_not_found", "Bank \(bank) has no version \(version).")
        }
        await memory.bankItems.keep(items, for: key)
        return items
    }
}

/// The audit record of a certificate issued or revoked by grading.
struct CertificateAudit: Codable, Sendable {
    var badge: String
    var certificate: String
    var attempt: Int64
    var percent: Double
}
