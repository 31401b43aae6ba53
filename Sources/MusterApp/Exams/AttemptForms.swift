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

    /// The items of the bank version an exam pins, from memory once read.
    func bankItems(
        of exam: ExamDefinition, on connection: PostgresConnection, context: UseCaseContext
    ) async throws -> [Item] {
        let key = "\(exam.bank)|\(exam.bankVersion)"
        if let cached = memory.bankItems.value(for: key) { return cached }
        guard
            let items = try await BankRepository(logger: context.logger).version(
                bank: exam.bank, version: exam.bankVersion, on: connection)?.1
        else {
            throw MusterError(
                .internalFailure, code: "bank_version_missing",
                "Exam \(exam.code) pins bank \(exam.bank) version \(exam.bankVersion), which is not stored.")
        }
        memory.bankItems.keep(items, for: key)
        return items
    }

    /// The pinned bank version's items as a catalog, built once and shared by every form drawn
    /// from it: a room's cached forms then hold their entries only.
    func bankCatalog(
        of exam: ExamDefinition, on connection: PostgresConnection, context: UseCaseContext
    ) async throws -> ItemCatalog {
        let key = "\(exam.bank)|\(exam.bankVersion)"
        if let cached = memory.bankCatalogs.value(for: key) { return cached }
        let catalog = ItemCatalog(try await bankItems(of: exam, on: connection, context: context))
        memory.bankCatalogs.keep(catalog, for: key)
        return catalog
    }

    /// An attempt's form: its entries over the pinned bank version's items.
    func attemptForm(
        _ attempt: Attempt, entries: [FormEntry], on connection: PostgresConnection, context: UseCaseContext
    ) async throws -> AttemptForm {
        let exam = try await examDefinition(
            attempt.exam, version: attempt.examVersion, on: connection, context: context)
        return AttemptForm(entries: entries, catalog: try await bankCatalog(of: exam, on: connection, context: context))
    }

    /// The caller's attempt's form, from memory once read; `attempt_not_found` for anyone else's.
    func ownedForm(_ id: Int64, badge: String, context: UseCaseContext) async throws -> AttemptForm {
        var owned = memory.attemptForms.value(for: id)
        if owned == nil {
            owned = try await database.transaction { connection -> OwnedForm? in
                guard
                    let (attempt, entries) = try await AttemptRepository(logger: context.logger).attempt(
                        id: id, on: connection)
                else { return nil }
                return OwnedForm(
                    badge: attempt.badge,
                    form: try await attemptForm(attempt, entries: entries, on: connection, context: context))
            }
            if let owned { memory.attemptForms.keep(owned, for: id) }
        }
        guard let owned, owned.badge == badge else {
            throw MusterError(.notFound, code: "attempt_not_found", "You have no attempt \(id).")
        }
        return owned.form
    }
}
