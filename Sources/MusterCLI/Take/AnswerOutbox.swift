import Foundation
import MusterApp
import MusterDomain

/// What carries one answer to the server: the exam connection, or a stand-in in tests of the
/// outbox's retry rules.
protocol AnswerCarrier: Sendable {
    /// Saves one position; returns only once the server holds it durably.
    func save(
        attempt: Int64, position: Int, _ submission: AnswerSubmission
    ) async throws(ExamConnection.Failure)
        -> SaveAcknowledgement
}

extension ExamConnection: AnswerCarrier {}

/// Sends journalled answers to the server one at a time, in the order given, and keeps trying
/// across a dropped connection: waits grow from half a second to eight seconds between tries.
/// Only the latest answer per position is kept waiting: an older one has nothing left to say.
///
/// An answer leaves the queue only when the server has decided on it: held, refused as given,
/// or the attempt closed. A server that cannot answer now (unreachable, overloaded, failing, or
/// with a reply that cannot be read) is tried again, like a dropped connection: sequence numbers
/// make a second delivery harmless.
actor AnswerOutbox {
    /// What happened to the answers, for the screen.
    enum Report: Sendable, Equatable {
        /// The server holds `sequence` (or later) for `position`; time left by its clock.
        case delivered(position: Int, sequence: Int64, secondsRemaining: Int)
        /// The server already held this or a later sequence for `position` (another terminal of
        /// the same officer saved it): the screen must show the server's answer.
        case held(position: Int, sequence: Int64, secondsRemaining: Int)
        /// A proctor has stopped the candidate's clock; answers wait and are tried again.
        case paused
        /// The server cannot be reached; the next try is in this many seconds.
        case offline(retryInSeconds: Int)
        /// The server refused this answer as given (it will not be sent again).
        case rejected(position: Int, sequence: Int64, reason: String)
        /// The attempt takes no more answers (handed in, voided, or time is up).
        case closed(String)
    }

    private let connection: any AnswerCarrier
    private let attempt: Int64
    private let report: @Sendable (Report) -> Void
    private var waiting: [AnswerJournal.Entry] = []
    private var sender: Task<Void, Never>?
    /// Callers of ``settle(within:)`` waiting, by a number of their own.
    private var idleWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiter = 0

    init(connection: any AnswerCarrier, attempt: Int64, report: @escaping @Sendable (Report) -> Void) {
        self.connection = connection
        self.attempt = attempt
        self.report = report
    }

    /// Queues `entry`, replacing an older answer for the same position that has not gone yet.
    func send(_ entry: AnswerJournal.Entry) {
        waiting.removeAll { $0.position == entry.position && $0.sequence <= entry.sequence }
        waiting.append(entry)
        if sender == nil { sender = Task { await drain() } }
    }

    /// How many answers are still waiting to be sent.
    var unsentCount: Int { waiting.count }

    /// Waits until nothing is waiting (sent, refused, or the attempt closed) or `limit` has
    /// passed, whichever is first; returns how many answers are still waiting.
    func settle(within limit: Duration) async -> Int {
        guard sender != nil else { return waiting.count }
        let waiter = nextWaiter
        nextWaiter += 1
        let timer = Task {
            try? await Task.sleep(for: limit)
            self.resumeIdleWaiter(waiter)
        }
        await withCheckedContinuation { idleWaiters[waiter] = $0 }
        timer.cancel()
        return waiting.count
    }

    /// Stops trying (the terminal is closing; what is unsent stays in the journal).
    func stop() {
        sender?.cancel()
        sender = nil
        waiting.removeAll()
        resumeIdleWaiters()
    }

    private func drain() async {
        var failures = 0
        while let entry = waiting.first, !Task.isCancelled {
            let submission = AnswerSubmission(sequence: entry.sequence, answer: entry.answer, flagged: entry.flagged)
            do throws(ExamConnection.Failure) {
                let acknowledgement = try await connection.save(
                    attempt: attempt, position: entry.position, submission)
                failures = 0
                remove(entry)
                if acknowledgement.outcome == .closed {
                    closeAll("This attempt takes no more answers.")
                } else if acknowledgement.outcome == .held {
                    report(
                        .held(
                            position: entry.position, sequence: entry.sequence,
                            secondsRemaining: acknowledgement.secondsRemaining))
                } else {
                    report(
                        .delivered(
                            position: entry.position, sequence: entry.sequence,
                            secondsRemaining: acknowledgement.secondsRemaining))
                }
            } catch {
                switch error {
                case .offline:
                    failures = await backOff(after: failures)
                case .refused(let refusal) where Self.isTransient(refusal):
                    failures = await backOff(after: failures)
                case .refused(let refusal) where refusal.code == "attempt_paused":
                    failures = 0
                    report(.paused)
                    try? await Task.sleep(for: .seconds(3))
                case .refused(let refusal)
                where refusal.code == "attempt_closed" || refusal.code == "attempt_not_found":
                    failures = 0
                    closeAll(refusal.message)
                case .refused(let refusal):
                    failures = 0
                    remove(entry)
                    report(.rejected(position: entry.position, sequence: entry.sequence, reason: refusal.message))
                }
            }
        }
        sender = nil
        resumeIdleWaiters()
    }

    /// Whether a refusal says "not now" rather than "not this answer": too many requests, a
    /// server error, or a reply that could not be read.
    private static func isTransient(_ refusal: MusterError) -> Bool {
        refusal.kind == .throttled || refusal.kind == .unavailable
    }

    /// Reports the wait and waits before the next try: half a second after the first failure,
    /// doubling up to eight seconds. Returns the failures counted so far.
    private func backOff(after failures: Int) async -> Int {
        let wait = min(8.0, 0.5 * pow(2, Double(failures)))
        report(.offline(retryInSeconds: Int(wait.rounded(.up))))
        try? await Task.sleep(for: .seconds(wait))
        return failures + 1
    }

    private func remove(_ entry: AnswerJournal.Entry) {
        waiting.removeAll { $0.position == entry.position && $0.sequence <= entry.sequence }
    }

    private func closeAll(_ message: String) {
        waiting.removeAll()
        report(.closed(message))
    }

    private func resumeIdleWaiters() {
        let waiters = idleWaiters.values
        idleWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    private func resumeIdleWaiter(_ waiter: Int) {
        idleWaiters.removeValue(forKey: waiter)?.resume()
    }
}
