import Foundation
import MusterApp
import MusterDomain

/// Sends journalled answers to the server one at a time, in the order given, and keeps trying
/// across a dropped connection: waits grow from half a second to eight seconds between tries.
/// Only the latest answer per position is kept waiting: an older one has nothing left to say.
actor AnswerOutbox {
    /// What happened to the answers, for the screen.
    enum Report: Sendable, Equatable {
        /// The server holds `sequence` (or later) for `position`; time left by its clock.
        case delivered(position: Int, sequence: Int64, secondsRemaining: Int)
        /// The server already held this or a later sequence for `position` (another terminal of
        /// the same officer saved it): the screen must show the server's answer.
        case held(position: Int, secondsRemaining: Int)
        /// A proctor has stopped the candidate's clock; answers wait and are tried again.
        case paused
        /// The server cannot be reached; the next try is in this many seconds.
        case offline(retryInSeconds: Int)
        /// The server refused this answer as given (it will not be sent again).
        case rejected(position: Int, reason: String)
        /// The attempt takes no more answers (handed in, voided, or time is up).
        case closed(String)
    }

    private let connection: ExamConnection
    private let attempt: Int64
    private let report: @Sendable (Report) -> Void
    private var waiting: [AnswerJournal.Entry] = []
    private var sender: Task<Void, Never>?
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []

    init(connection: ExamConnection, attempt: Int64, report: @escaping @Sendable (Report) -> Void) {
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

    /// Waits until nothing is waiting (sent, refused, or the attempt closed).
    func whenIdle() async {
        guard sender != nil else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
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
                    report(.held(position: entry.position, secondsRemaining: acknowledgement.secondsRemaining))
                } else {
                    report(
                        .delivered(
                            position: entry.position, sequence: entry.sequence,
                            secondsRemaining: acknowledgement.secondsRemaining))
                }
            } catch {
                switch error {
                case .offline:
                    failures += 1
                    let wait = min(8.0, 0.5 * pow(2, Double(failures - 1)))
                    report(.offline(retryInSeconds: Int(wait.rounded(.up))))
                    try? await Task.sleep(for: .seconds(wait))
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
                    report(.rejected(position: entry.position, reason: refusal.message))
                }
            }
        }
        sender = nil
        resumeIdleWaiters()
    }

    private func remove(_ entry: AnswerJournal.Entry) {
        waiting.removeAll { $0.position == entry.position && $0.sequence <= entry.sequence }
    }

    private func closeAll(_ message: String) {
        waiting.removeAll()
        report(.closed(message))
    }

    private func resumeIdleWaiters() {
        let waiters = idleWaiters
        idleWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }
}
