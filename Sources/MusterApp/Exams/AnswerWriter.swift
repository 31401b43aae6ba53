import Foundation
import Logging
import MusterStore
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// Writes answer saves with group commit: saves that arrive while a write is in flight wait for the
/// next one, and each write is one multi-row statement and one commit. Every caller is answered
/// only after the commit that made its save durable.
///
/// A save never waits for company: with nothing in flight it is written at once, so a quiet room
/// sees single-row latency, and a busy one shares each commit among all the saves that queued
/// behind the previous one.
///
/// The queue is guarded by a lock rather than an actor: a save appends itself and, when fewer than
/// ``writers`` writes are in flight, starts one; nothing else waits for a turn. A backlog of
/// ``backlogForExtraWriter`` saves or more starts one more write (up to ``extraWriters`` more):
/// such a queue fills large batches however many writes share it, and another PostgreSQL
/// backend then works in parallel; a short queue shared by more writes only makes more commits.
///
/// A caller waiting on an event loop (a server's connection) is answered on that loop: resumed
/// from the database connection's thread instead, every caller of a batch would go on there,
/// and one core would end up answering the requests of every connection. A batch's callers on
/// one loop are answered by one job there.
final class AnswerWriter: Sendable {
    struct Pending {
        var save: AnswerSave
        var caller: Caller
    }

    /// Where a waiting caller is answered.
    enum Caller {
        /// On the event loop the caller waits on.
        case loop(EventLoopPromise<SavedAt>)
        /// Wherever the writer happens to run (a caller off any event loop).
        case task(CheckedContinuation<SavedAt, any Error>)
    }

    /// A save's outcome and its attempt's deadline at the time of writing.
    struct SavedAt: Sendable {
        var outcome: SaveOutcome
        var deadline: Date
    }

    /// The queue and the counts, under one lock.
    private struct State {
        var pending: [Pending] = []
        var writing = 0
        var statements = 0
    }

    let database: Database
    let grace: TimeInterval
    /// Writes in flight at once (each on its own pooled connection).
    let writers: Int
    /// Writes that a long queue may add to ``writers``.
    let extraWriters: Int
    /// The queue length from which another write is started.
    let backlogForExtraWriter: Int
    /// The most saves one statement carries.
    let batchSize: Int
    let logger: Logger
    private let state = Mutex(State())

    /// Statements written so far (the tests check that saves share them).
    var statements: Int { state.withLock { $0.statements } }

    init(
        database: Database, grace: TimeInterval, writers: Int = 2, extraWriters: Int = 1,
        backlogForExtraWriter: Int = 64, batchSize: Int = 500, logger: Logger
    ) {
        self.database = database
        self.grace = grace
        self.writers = writers
        self.extraWriters = extraWriters
        self.backlogForExtraWriter = backlogForExtraWriter
        self.batchSize = batchSize
        self.logger = logger
    }

    /// Writes `save` and returns once it is durable (or known to be held or refused).
    func write(_ save: AnswerSave) async throws -> SavedAt {
        if let loop = MultiThreadedEventLoopGroup.currentEventLoop {
            let promise = loop.makePromise(of: SavedAt.self)
            write(save, answering: promise)
            return try await promise.futureResult.get()
        }
        return try await withCheckedThrowingContinuation { continuation in
            enqueue(Pending(save: save, caller: .task(continuation)))
        }
    }

    /// Writes `save` and completes `promise`, on its event loop, once the save is durable (or
    /// known to be held or refused).
    func write(_ save: AnswerSave, answering promise: EventLoopPromise<SavedAt>) {
        enqueue(Pending(save: save, caller: .loop(promise)))
    }

    /// Queues a save and starts a write when ``startsWriter(writing:queued:writers:extraWriters:backlogForExtraWriter:)``
    /// says so.
    private func enqueue(_ pending: Pending) {
        let startsWriter = state.withLock { state in
            state.pending.append(pending)
            guard
                Self.startsWriter(
                    writing: state.writing, queued: state.pending.count, writers: writers,
                    extraWriters: extraWriters, backlogForExtraWriter: backlogForExtraWriter)
            else { return false }
            state.writing += 1
            return true
        }
        if startsWriter { Task { await self.drain() } }
    }

    /// Whether a save that finds `writing` writes in flight and `queued` saves queued (its own
    /// among them) starts another write.
    static func startsWriter(
        writing: Int, queued: Int, writers: Int, extraWriters: Int, backlogForExtraWriter: Int
    ) -> Bool {
        writing < writers || (queued >= backlogForExtraWriter && writing < writers + extraWriters)
    }

    /// Writes queued saves, a batch at a time, until none are left, on one pooled connection
    /// for as long as batches keep coming (a lease per batch cost the pool's bookkeeping and
    /// timers for every statement).
    private func drain() async {
        var pending = nextBatch()
        while pending != nil {
            do {
                try await DatabaseErrors.translating(url: database.url) {
                    try await database.client.withConnection { connection in
                        while let batch = pending {
                            let results = try await Self.store(
                                batch.map(\.save), grace: grace, on: connection, logger: logger)
                            Self.answer(batch, with: results.map { .success($0) })
                            pending = nextBatch()
                        }
                    }
                }
            } catch {
                if let batch = pending {
                    Self.answer(batch, with: Array(repeating: .failure(error), count: batch.count))
                }
                pending = nextBatch()
            }
        }
    }

    /// Answers a batch's callers: those waiting on one event loop together, with one job on that
    /// loop (completing each promise from here would send the loop one job, and perhaps one
    /// wake-up, per caller); callers on no loop at once.
    static func answer(_ batch: [Pending], with results: [Result<SavedAt, any Error>]) {
        var byLoop:
            [ObjectIdentifier: (
                loop: any EventLoop, answers: [(EventLoopPromise<SavedAt>, Result<SavedAt, any Error>)]
            )] =
                [:]
        for (entry, result) in zip(batch, results) {
            switch entry.caller {
            case .task(let continuation):
                continuation.resume(with: result)
            case .loop(let promise):
                let loop = promise.futureResult.eventLoop
                byLoop[ObjectIdentifier(loop), default: (loop, [])].answers.append((promise, result))
            }
        }
        for (loop, answers) in byLoop.values {
            if loop.inEventLoop {
                for (promise, result) in answers { promise.completeWith(result) }
            } else {
                loop.execute { for (promise, result) in answers { promise.completeWith(result) } }
            }
        }
    }

    /// Takes the next batch off the queue, or ends this writer's turn when the queue is empty.
    private func nextBatch() -> [Pending]? {
        state.withLock { state in
            guard !state.pending.isEmpty else {
                state.writing -= 1
                return nil
            }
            let batch = Array(state.pending.prefix(batchSize))
            state.pending.removeFirst(batch.count)
            state.statements += 1
            return batch
        }
    }

    /// One statement, one commit.
    private static func store(
        _ saves: [AnswerSave], grace: TimeInterval, on connection: PostgresConnection, logger: Logger
    ) async throws -> [SavedAt] {
        let results = try await AttemptRepository(logger: logger).save(saves, grace: grace, on: connection)
        return results.map { SavedAt(outcome: $0.outcome, deadline: $0.deadline) }
    }
}
