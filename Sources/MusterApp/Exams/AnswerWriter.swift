import Foundation
import Logging
import MusterStore

/// Writes answer saves with group commit: saves that arrive while a write is in flight wait for the
/// next one, and each write is one multi-row statement and one commit. Every caller is answered
/// only after the commit that made its save durable.
///
/// A save never waits for company: with nothing in flight it is written at once, so a quiet room
/// sees single-row latency, and a busy one shares each commit among all the saves that queued
/// behind the previous one.
actor AnswerWriter {
    struct Pending {
        var save: AnswerSave
        var continuation: CheckedContinuation<SavedAt, any Error>
    }

    /// A save's outcome and its attempt's deadline at the time of writing.
    struct SavedAt: Sendable {
        var outcome: SaveOutcome
        var deadline: Date
    }

    let database: Database
    let grace: TimeInterval
    /// Writes in flight at once (each on its own pooled connection).
    let writers: Int
    /// The most saves one statement carries.
    let batchSize: Int
    let logger: Logger
    private var pending: [Pending] = []
    private var writing = 0
    /// Statements written so far, and the saves they carried (for the benchmark's figures).
    private(set) var statements = 0
    private(set) var savesWritten = 0

    init(database: Database, grace: TimeInterval, writers: Int = 2, batchSize: Int = 500, logger: Logger) {
        self.database = database
        self.grace = grace
        self.writers = writers
        self.batchSize = batchSize
        self.logger = logger
    }

    /// Writes `save` and returns once it is durable (or known to be held or refused).
    func write(_ save: AnswerSave) async throws -> SavedAt {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Pending(save: save, continuation: continuation))
            if writing < writers {
                writing += 1
                Task { await self.drain() }
            }
        }
    }

    /// Writes queued saves, a batch at a time, until none are left.
    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(batchSize))
            pending.removeFirst(batch.count)
            statements += 1
            savesWritten += batch.count
            do {
                let results = try await Self.store(
                    batch.map(\.save), grace: grace, database: database, logger: logger)
                for (entry, result) in zip(batch, results) { entry.continuation.resume(returning: result) }
            } catch {
                for entry in batch { entry.continuation.resume(throwing: error) }
            }
        }
        writing -= 1
    }

    /// One statement, one commit.
    private static func store(
        _ saves: [AnswerSave], grace: TimeInterval, database: Database, logger: Logger
    ) async throws -> [SavedAt] {
        let repository = AttemptRepository(logger: logger)
        let results = try await DatabaseErrors.translating(url: database.url) {
            try await database.client.withConnection { try await repository.save(saves, grace: grace, on: $0) }
        }
        return results.map { SavedAt(outcome: $0.outcome, deadline: $0.deadline) }
    }
}
