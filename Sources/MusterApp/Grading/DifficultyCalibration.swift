import Foundation
import MusterDomain
import MusterFormats
import MusterStore

/// What writing measured difficulties into a bank did (or would do).
public struct DifficultyCalibrationReport: Sendable, Hashable, Codable {
    /// One item whose tag changes.
    public struct Change: Sendable, Hashable, Codable {
        public var item: String
        public var before: Difficulty
        public var after: Difficulty
        /// The Rasch difficulty (logits) and its standard error.
        public var logit: Double
        public var standardError: Double
        public var responses: Int
    }

    public var exam: String
    public var bank: String
    /// The bank version the new tags were applied to (its newest).
    public var basedOnVersion: Int
    /// The version written; nil for a dry run or when nothing changed.
    public var newVersion: Int?
    public var rules: MeasuredDifficulty
    public var changes: [Change]
    /// Calibrated items whose tag already matched.
    public var unchanged: Int
    /// Items left as they were, with the reason (too few responses, extreme, not in the bank).
    public var skipped: [String: String]
}

extension UseCases {
    /// Writes the difficulty tags measured by the Rasch calibration of `exam`'s results into the
    /// next version of the exam's bank (based on its newest version): items with enough
    /// responses get easy, medium or hard by their logit; the rest keep their tags. Exams keep
    /// the version they pin; new exams can pin the measured one. Audited.
    ///
    /// - Throws: ``MusterError`` `forbidden`, `exam_not_found`, `bank_not_found`.
    public func writeMeasuredDifficulty(
        exam code: String, rules: MeasuredDifficulty = MeasuredDifficulty(), allAttempts: Bool = false,
        dryRun: Bool = false, context: UseCaseContext
    ) async throws -> DifficultyCalibrationReport {
        try context.require(.importBanks)
        return try await transaction(context) { connection in
            let inner = context.within(connection)
            let statistics = try await examStatistics(code, allAttempts: allAttempts, context: inner)
            guard
                let exam = try await ExamRepository(logger: context.logger).current(on: connection).first(where: {
                    $0.exam.code == code
                })?.exam
            else { throw MusterError(.notFound, code: "exam_not_found", "There is no exam \(code).") }
            guard
                let (version, items) = try await BankRepository(logger: context.logger).version(
                    bank: exam.bank, version: nil, on: connection)
            else { throw MusterError(.notFound, code: "bank_not_found", "There is no bank '\(exam.bank)'.") }
            var report = DifficultyCalibrationReport(
                exam: code, bank: exam.bank, basedOnVersion: version.version, newVersion: nil, rules: rules,
                changes: [], unchanged: 0,
                skipped: statistics.rasch.extremeItems.mapValues {
                    $0 == "all"
                        ? "every response earned full marks: no finite estimate"
                        : "no response earned marks: no finite estimate"
                })
            var measured: [String: Difficulty] = [:]
            let inBank = Set(items.map(\.id))
            for estimate in statistics.rasch.items {
                guard inBank.contains(estimate.item) else {
                    report.skipped[estimate.item] = "not in the bank's newest version"
                    continue
                }
                guard let tag = rules.tag(for: estimate) else {
                    report.skipped[estimate.item] =
                        "\(estimate.responses) responses, fewer than \(rules.minimumResponses)"
                    continue
                }
                measured[estimate.item] = tag
                let before = items.first { $0.id == estimate.item }?.difficulty ?? .medium
                if before == tag {
                    report.unchanged += 1
                } else {
                    report.changes.append(
                        .init(
                            item: estimate.item, before: before, after: tag, logit: estimate.difficulty,
                            standardError: estimate.standardError, responses: estimate.responses))
                }
            }
            report.changes.sort { $0.item < $1.item }
            guard !dryRun, !report.changes.isEmpty else { return report }
            let retagged = items.map { item in
                var item = item
                item.difficulty = measured[item.id] ?? item.difficulty
                return item
            }
            let text = YAMLBankWriter().write(name: exam.bank, title: version.title, items: retagged)
            let imported = try await importBank(
                [SourceFile(fileName: "\(exam.bank).measured.yaml", text: text)], format: .yaml, bankName: exam.bank,
                context: inner)
            report.newVersion = imported.version
            try await context.audit(on: connection).record(
                "bank.calibrate", "question_bank", exam.bank,
                after: CalibrationAudit(
                    exam: code, basedOnVersion: version.version, newVersion: imported.version,
                    changes: report.changes.map { "\($0.item): \($0.before.rawValue) → \($0.after.rawValue)" }))
            return report
        }
    }
}

/// What the audit log keeps about a calibration.
struct CalibrationAudit: Encodable, Sendable {
    var exam: String
    var basedOnVersion: Int
    var newVersion: Int?
    var changes: [String]
}
