import Foundation
import MusterDomain
import MusterStore
import PostgresNIO

/// Forms rebuilt from what never changes: an attempt stores its form's entries; the exam version
/// it pins and that version's bank items are immutable, so they are read once and kept in memory.
extension UseCases {
    /// An exam version, from memory once read.
    func examDefinition(
        _ code: String, version: Int, on connection: PostgresConnection, context: UseCaseContext
    ) async throws -> ExamDefinition {
        let key = "\(code)|\(version)"
        if let cached = memory.exams.value(for: key) { return cached }
        guard
            let stored = try await ExamRepository(logger: context.logger).version(
                code: code, version: version, on: connection)
        else {
            throw MusterError(
                .internalFailure, code: "exam_version_missing", "Exam \(code) version \(version) is not stored.")
        }
        memory.exams.keep(stored.exam, for: key)
        return stored.exam
    }

    /// A bank version's items (in the bank's order, as forms are drawn from them) and their
    /// catalog (built once and shared by every form and grade over the version), from memory once
    /// read; nil when the version is not stored.
    func bankVersion(
        bank: String, version: Int, on connection: PostgresConnection, context: UseCaseContext
    ) async throws -> BankVersionItems? {
        let key = "\(bank)|\(version)"
        if let cached = memory.bankVersions.value(for: key) { return cached }
        guard
            let items = try await BankRepository(logger: context.logger).version(
                bank: bank, version: version, on: connection)?.1
        else { return nil }
        let stored = BankVersionItems(items: items, catalog: ItemCatalog(items))
        memory.bankVersions.keep(stored, for: key)
        return stored
    }

    /// The bank version an exam pins; `bank_version_missing` when it is not stored.
    func pinnedBank(
        of exam: ExamDefinition, on connection: PostgresConnection, context: UseCaseContext
    ) async throws -> BankVersionItems {
        guard
            let stored = try await bankVersion(
                bank: exam.bank, version: exam.bankVersion, on: connection, context: context)
        else {
            throw MusterError(
                .internalFailure, code: "bank_version_missing",
                "Exam \(exam.code) pins bank \(exam.bank) version \(exam.bankVersion), which is not stored.")
        }
        return stored
    }

    /// The items of the bank version an exam pins, in the bank's order.
    func bankItems(
        of exam: ExamDefinition, on connection: PostgresConnection, context: UseCaseContext
    ) async throws -> [Item] {
        try await pinnedBank(of: exam, on: connection, context: context).items
    }

    /// An attempt's form: its entries over the pinned bank version's items.
    func attemptForm(
        _ attempt: Attempt, entries: [FormEntry], on connection: PostgresConnection, context: UseCaseContext
    ) async throws -> AttemptForm {
        let exam = try await examDefinition(
            attempt.exam, version: attempt.examVersion, on: connection, context: context)
        return AttemptForm(
            entries: entries, catalog: try await pinnedBank(of: exam, on: connection, context: context).catalog)
    }

    /// The caller's attempt's form, from memory once read; `attempt_not_found` for anyone else's.
    func ownedForm(_ id: Int64, badge: String, context: UseCaseContext) async throws -> AttemptForm {
        if let form = try cachedOwnedForm(id, badge: badge) { return form }
        let read = try await database.transaction { connection -> OwnedForm? in
            guard
                let (attempt, entries) = try await AttemptRepository(logger: context.logger).attempt(
                    id: id, on: connection)
            else { return nil }
            return OwnedForm(
                badge: attempt.badge,
                form: try await attemptForm(attempt, entries: entries, on: connection, context: context))
        }
        guard var owned = read else { throw Self.noAttempt(id) }
        owned.form = memory.optionOrders.sharing(owned.form)
        memory.attemptForms.keep(owned, for: id)
        guard owned.badge == badge else { throw Self.noAttempt(id) }
        return owned.form
    }

    /// The caller's attempt's form when it is in memory; nil when it must be read first.
    func cachedOwnedForm(_ id: Int64, badge: String) throws -> AttemptForm? {
        guard let owned = memory.attemptForms.value(for: id) else { return nil }
        guard owned.badge == badge else { throw Self.noAttempt(id) }
        return owned.form
    }

    private static func noAttempt(_ id: Int64) -> MusterError {
        MusterError(.notFound, code: "attempt_not_found", "You have no attempt \(id).")
    }
}
