import Foundation
import MusterDomain
import MusterFormats
import MusterStore

/// What creating an exam did.
public struct ExamCreateReport: Sendable, Codable, Equatable {
    /// What happened.
    public enum Outcome: String, Sendable, Codable {
        case created, unchanged
        case dryRun = "dry-run"
    }

    public var exam: String
    public var outcome: Outcome
    public var version: Int?
    public var items: Int
    public var points: Double
    public var bank: String
    public var bankVersion: Int
}

/// The exams that ship with Muster, compiled into the binary from `Exams/`: the written papers of
/// the shipped tracks over version 1 of the shipped banks.
public enum ShippedExams {
    /// Every shipped exam file, by package-relative path.
    public static var files: [SourceFile] { ShippedFiles.under("Exams/") }
}

/// The audit log's view of a created exam.
struct ExamAudit: Codable, Sendable {
    var version: Int
    var bank: String
    var bankVersion: Int
    var hash: String
}

extension UseCases {
    /// Checks an exam file (its track lists the exam, the pinned bank version can fill every
    /// section) and stores it as the exam's next version unless `dryRun`.
    ///
    /// - Throws: ``MusterError`` `exam_rejected` (file problems at `file:line:column`),
    ///   `blueprint_short` (each section's shortfall in words), `track_not_found`, `bank_not_found`.
    public func createExam(
        _ source: SourceFile, dryRun: Bool = false, context: UseCaseContext
    ) async throws
        -> ExamCreateReport
    {
        try context.require(.manageExams)
        let parsed = ExamReader().parse(source.text, file: source.fileName)
        try MusterError.rejectingErrors(
            in: parsed.diagnostics, code: "exam_rejected", file: source.fileName, outcome: "the exam was not created")
        guard let exam = parsed.exam else {
            throw MusterError(.invalidInput, code: "exam_rejected", "\(source.fileName) holds no exam.")
        }
        let exams = ExamRepository(logger: context.logger)
        return try await transaction(context) { connection in
            let tracks = try await TrackRepository(logger: context.logger).current(on: connection).map(\.track)
            guard let track = tracks.first(where: { $0.code == exam.track }) else {
                throw MusterError(
                    .notFound, code: "track_not_found",
                    "There is no track '\(exam.track)'; load it first with muster tracks load (the shipped ones are in Tracks/)."
                )
            }
            guard track.exams.contains(where: { $0.code == exam.code }) else {
                throw MusterError(
                    .invalidInput, code: "exam_not_in_track",
                    "Track \(track.code) has no exam '\(exam.code)'; its exams are \(track.exams.map(\.code).joined(separator: ", "))."
                )
            }
            guard
                let (_, items) = try await BankRepository(logger: context.logger).version(
                    bank: exam.bank, version: exam.bankVersion, on: connection)
            else {
                throw MusterError(
                    .notFound, code: "bank_not_found",
                    "There is no version \(exam.bankVersion) of bank '\(exam.bank)'; import it with muster banks import."
                )
            }
            let shortfalls = exam.shortfalls(in: items)
            guard shortfalls.isEmpty else {
                throw MusterError(
                    .invalidInput, code: "blueprint_short",
                    "The blueprint asks for more than bank \(exam.bank) version \(exam.bankVersion) holds; the exam was not created.",
                    details: shortfalls)
            }
            var report = ExamCreateReport(
                exam: exam.code, outcome: .dryRun, version: nil, items: exam.sections.map(\.count).reduce(0, +),
                points: exam.totalPoints, bank: exam.bank, bankVersion: exam.bankVersion)
            guard !dryRun else { return report }
            let hash = Digest.sha256Hex(source.text)
            let latest = try await exams.latest(code: exam.code, on: connection)
            if let latest, latest.hash == hash {
                report.outcome = .unchanged
                report.version = latest.version
                return report
            }
            let version = (latest?.version ?? 0) + 1
            try await exams.insert(
                exam, version: version, source: source.text, contentHash: hash, createdBy: context.actor.name,
                at: context.now, on: connection)
            try await context.audit(on: connection).record(
                "exam.create", "exam", exam.code,
                after: ExamAudit(version: version, bank: exam.bank, bankVersion: exam.bankVersion, hash: hash))
            report.outcome = .created
            report.version = version
            return report
        }
    }

    /// Every exam in force (its newest version), by code.
    public func listExams(context: UseCaseContext) async throws -> [StoredExam] {
        try context.require(.readExams)
        let exams = ExamRepository(logger: context.logger)
        return try await transaction(context) { try await exams.current(on: $0) }
    }

    /// One exam in force.
    ///
    /// - Throws: ``MusterError`` `exam_not_found`.
    public func showExam(_ code: String, context: UseCaseContext) async throws -> StoredExam {
        guard let exam = try await listExams(context: context).first(where: { $0.exam.code == code }) else {
            throw MusterError(.notFound, code: "exam_not_found", "There is no exam '\(code)'.")
        }
        return exam
    }
}
