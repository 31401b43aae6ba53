import Foundation
import MusterDomain
import MusterStore
import PostgresNIO

/// What to regrade: an exam's graded attempts (those that drew `item`, when given) against the
/// keys of a bank version, optionally voiding an item first.
public struct RegradeRequest: Sendable {
    public var exam: String
    /// Only attempts whose form drew this item.
    public var item: String?
    /// The bank version whose keys grade (default: the exam's bank's newest version). Items the
    /// version lacks keep the keys of the version each attempt pinned.
    public var keyVersion: Int?
    /// Void this item on the exam first: it counts for nothing, in the score or the maximum.
    public var voidItem: String?
    /// Why the item is voided (required with `voidItem`).
    public var reason: String?
    /// Compute and report every change, write none.
    public var dryRun: Bool

    public init(
        exam: String, item: String? = nil, keyVersion: Int? = nil, voidItem: String? = nil, reason: String? = nil,
        dryRun: Bool
    ) {
        self.exam = exam
        self.item = item
        self.keyVersion = keyVersion
        self.voidItem = voidItem
        self.reason = reason
        self.dryRun = dryRun
    }
}

/// One attempt whose result a regrade changes.
public struct RegradeChange: Sendable, Codable, Equatable {
    /// A result in brief, before or after.
    public struct Standing: Sendable, Codable, Equatable {
        public var score: Double
        public var maximum: Double
        public var percent: Double
        public var final: Bool
        public var passed: Bool?
        public var band: String?
    }

    public var attempt: Int64
    public var badge: String
    public var before: Standing
    public var after: Standing
    /// Certificates issued (`+code`) or revoked (`-code`) by the change.
    public var certificates: [String]
}

/// What a regrade found (and, unless a dry run, applied).
public struct RegradeReport: Sendable, Codable, Equatable {
    public var exam: String
    public var item: String?
    public var keyVersion: Int
    public var voided: [String]
    /// Graded attempts looked at.
    public var examined: Int
    /// Attempts whose score, marks, pass, band or certificate change.
    public var changes: [RegradeChange]
    public var applied: Bool
}

extension UseCases {
    /// Regrades an exam's handed-in attempts by replaying each one's stored answer log and manual
    /// marks through the grader (answers are never re-derived), in one transaction, audited as
    /// `exam.regrade`; issues and revokes certificates as passes come and go. With `dryRun` it
    /// computes exactly the same changes and writes nothing. Regrading the same thing twice
    /// changes nothing the second time.
    ///
    /// Needs a grading role over the whole force: an exam's attempts span every unit.
    ///
    /// - Throws: ``MusterError`` `forbidden`, `exam_not_found`, `bank_version_not_found`,
    ///   `item_not_in_exam`, `reason_required`.
    public func regrade(
        _ request: RegradeRequest, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil,
        context: UseCaseContext
    ) async throws -> RegradeReport {
        try context.require(.gradeAttempts)
        guard context.principal.officerScope(for: .gradeAttempts).wholeForce else {
            throw MusterError(
                .forbidden, code: "forbidden",
                "Regrading spans every unit's attempts: it needs a force-wide grading role.")
        }
        let reason = try request.voidItem.map { _ in try Self.reason(request.reason ?? "") }
        return try await transaction(context) { connection in
            let body = {
                try await self.regrade(request, reason: reason, progress: progress, on: connection, context: context)
            }
            guard request.dryRun else { return try await body() }
            var report = try await DryRun.undoing(on: connection, logger: context.logger, body)
            report.applied = false
            return report
        }
    }

    private func regrade(
        _ request: RegradeRequest, reason: String?, progress: (@Sendable (Int, Int) -> Void)?,
        on connection: PostgresConnection, context: UseCaseContext
    ) async throws -> RegradeReport {
        guard
            let exam = try await ExamRepository(logger: context.logger).current(on: connection).first(where: {
                $0.exam.code == request.exam
            })?.exam
        else {
            throw MusterError(.notFound, code: "exam_not_found", "There is no exam \(request.exam).")
        }
        let banks = BankRepository(logger: context.logger)
        guard
            let (newest, corrected) = try await banks.version(
                bank: exam.bank, version: request.keyVersion, on: connection)
        else {
            throw MusterError(
                .notFound, code: "bank_version_not_found",
                "Bank \(exam.bank) has no version \(request.keyVersion.map(String.init) ?? "at all").")
        }
        let results = ResultRepository(logger: context.logger)
        for item in [request.item, request.voidItem].compactMap({ $0 })
        where !corrected.contains(where: { $0.id == item }) {
            throw MusterError(
                .invalidInput, code: "item_not_in_exam",
                "Bank \(exam.bank) version \(newest.version) has no item \(item).")
        }
        var voidedNow = false
        if let item = request.voidItem, let reason {
            voidedNow = try await results.voidItem(
                exam: exam.code, item: item, reason: reason, by: context.principal.username, at: context.now,
                on: connection)
        }
        // With --item, the attempts that drew it; a void reaches every attempt that drew the
        // voided item as well.
        let reached = Set([request.item, request.voidItem].compactMap { $0 })
        let voided = try await results.voidedItems(exam: exam.code, on: connection)
        let ids = try await results.gradedAttempts(exam: exam.code, on: connection)
        var changes: [RegradeChange] = []
        var changeIndex: [Int64: Int] = [:]
        var examined = 0
        // Per exam version the attempts pin: its definition and its items with corrected keys.
        var keys: [Int: (exam: ExamDefinition, items: ItemCatalog)] = [:]
        let batches = stride(from: 0, to: ids.count, by: 1_000).map { Array(ids[$0..<min(ids.count, $0 + 1_000)]) }
        // Each batch is read while the one before it is scored and written: the database works on
        // the next reads as this process grades. The answer logs of handed-in attempts never change
        // and are read on a second connection (the pool has at least two), beside the
        // transaction's own reads; inside a caller's transaction, on that one.
        let read = { @Sendable (ids: [Int64]) in
            Task {
                async let answers = self.connection(context) {
                    try await results.latestAnswers(attempts: ids, on: $0)
                }
                var batch = try await results.regradeBatch(ids, on: connection)
                batch.answers = try await answers
                return batch
            }
        }
        var reading = batches.first.map(read)
        var done = 0
        do {
            for index in batches.indices {
                guard let current = reading else { break }
                let batch = try await current.value
                reading = index + 1 < batches.count ? read(batches[index + 1]) : nil
                let (attempts, answers, manual, stored, storedMarks) = (
                    batch.attempts, batch.answers, batch.manual, batch.stored, batch.undigestedMarks
                )
                var changed: [(attempt: Int64, grade: AttemptGrade)] = []
                var unrecorded: [(attempt: Int64, digests: [Int64])] = []
                var changedPositions: [Int64: Set<Int>] = [:]
                for id in batch.ids {
                    guard let (attempt, entries) = attempts[id], let before = stored[id] else { continue }
                    if request.item != nil, !entries.contains(where: { reached.contains($0.itemID) }) { continue }
                    examined += 1
                    if keys[attempt.examVersion] == nil {
                        let pinned = try await examDefinition(
                            attempt.exam, version: attempt.examVersion, on: connection, context: context)
                        keys[attempt.examVersion] = (
                            pinned,
                            try await keyCatalog(of: pinned, corrected: corrected, on: connection, context: context)
                        )
                    }
                    guard let (pinned, items) = keys[attempt.examVersion] else { continue }
                    let grade = AttemptGrader.grade(
                        form: AttemptForm(entries: entries, catalog: items), answers: answers[id] ?? [],
                        markings: manual[id] ?? [:], exam: pinned, voided: voided)
                    let after = RegradeChange.Standing(grade)
                    let standingChanged = after != RegradeChange.Standing(before)
                    if let digests = before.markDigests, digests.count == grade.marks.count {
                        let differing = Set(
                            zip(grade.marks, digests).filter { $0.digest != $1 }.map(\.0.position))
                        guard standingChanged || !differing.isEmpty else { continue }
                        changedPositions[id] = differing
                    } else {
                        // Marks from before digests were kept are compared one by one, and their
                        // digests recorded when nothing changed.
                        guard standingChanged || grade.marks != storedMarks[id] ?? [] else {
                            unrecorded.append((id, grade.marks.map(\.digest)))
                            continue
                        }
                    }
                    changed.append((id, grade))
                    changeIndex[id] = changes.count
                    changes.append(
                        RegradeChange(
                            attempt: id, badge: attempt.badge, before: RegradeChange.Standing(before), after: after,
                            certificates: []))
                }
                try await results.write(
                    grades: changed, keyVersion: newest.version, at: context.now, changed: changedPositions,
                    on: connection)
                try await results.recordDigests(unrecorded, on: connection)
                for (id, grade) in changed where grade.passed != stored[id]?.passed {
                    guard let (attempt, _) = attempts[id], let index = changeIndex[id] else {
                        continue
                    }
                    guard let pinned = keys[attempt.examVersion]?.exam else { continue }
                    let followed = try await followCertificates(
                        attempt: attempt, exam: pinned, before: stored[id], after: grade, on: connection,
                        context: context)
                    changes[index].certificates = followed.issued.map { "+" + $0 } + followed.revoked.map { "-" + $0 }
                }
                done += batch.ids.count
                progress?(done, ids.count)
            }
        } catch {
            // The next batch's reads run on the transaction's connection: finish them before the
            // transaction is rolled back and the connection goes back to the pool.
            reading?.cancel()
            _ = try? await reading?.value
            throw error
        }
        let report = RegradeReport(
            exam: exam.code, item: request.item, keyVersion: newest.version, voided: voided.sorted(),
            examined: examined, changes: changes, applied: true)
        try await context.audit(on: connection).record(
            "exam.regrade", "exam", exam.code,
            after: RegradeAudit(
                item: request.item, keyVersion: newest.version, voidedItem: voidedNow ? request.voidItem : nil,
                reason: voidedNow ? reason : nil,
                examined: examined, changed: changes.map(\.attempt),
                certificates: changes.flatMap { change in change.certificates.map { "\(change.badge)\($0)" } }))
        return report
    }

    /// The items an attempt at `exam` is graded with against a corrected bank version: the
    /// pinned version's items, each replaced by the corrected version's item of the same id
    /// (with no correction, the pinned version's shared catalog).
    func keyCatalog(
        of exam: ExamDefinition, corrected: [Item], on connection: PostgresConnection, context: UseCaseContext
    ) async throws -> ItemCatalog {
        let pinned = try await pinnedBank(of: exam, on: connection, context: context)
        guard !corrected.isEmpty else { return pinned.catalog }
        var items = Dictionary(pinned.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for item in corrected where items[item.id] != nil { items[item.id] = item }
        return ItemCatalog(items)
    }
}

extension RegradeChange.Standing {
    init(_ grade: AttemptGrade) {
        self.init(
            score: grade.score, maximum: grade.maximum, percent: grade.percent, final: grade.isFinal,
            passed: grade.passed, band: grade.band)
    }

    init(_ stored: StoredResult) {
        self.init(
            score: stored.score, maximum: stored.maximum, percent: stored.percent, final: stored.isFinal,
            passed: stored.passed, band: stored.band)
    }
}

/// The audit record of a regrade.
struct RegradeAudit: Codable, Sendable {
    var item: String?
    var keyVersion: Int
    var voidedItem: String?
    var reason: String?
    var examined: Int
    var changed: [Int64]
    var certificates: [String]
}
