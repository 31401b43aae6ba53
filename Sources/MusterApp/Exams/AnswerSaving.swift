import Foundation
import MusterDomain
import MusterStore
import NIOCore

extension UseCases {
    /// Saves one answer of the caller's own attempt; acknowledged once durable. A sequence number
    /// at or below the one held for the position is acknowledged as held and writes nothing.
    ///
    /// This is the exam-day hot path: the attempt's owner and form come from memory once read,
    /// the save is checked against them, and the write joins the next group commit
    /// (``AnswerWriter``), whose one statement also judges the deadline and the attempt's status.
    /// It commits on its own, never inside a calling use case's transaction.
    ///
    /// - Throws: ``MusterError`` `attempt_not_found`, `invalid_position`, `invalid_answer`,
    ///   `invalid_sequence`, `attempt_closed` (submitted, voided, or past the deadline and its grace),
    ///   `attempt_paused`.
    public func saveAnswer(
        _ id: Int64, position: Int, _ submission: AnswerSubmission, context: UseCaseContext
    ) async throws -> SaveAcknowledgement {
        let badge = try Self.ownBadge(context)
        try Self.checkSequence(submission)
        let form = try await ownedForm(id, badge: badge, context: context)
        let now = context.now
        let save = try Self.checkedSave(id, position: position, submission, form: form, at: now)
        let written = try await answerWriter.write(save)
        guard let acknowledgement = try Self.acknowledgement(written, of: save, at: now) else {
            throw try await closedAttempt(id, badge: badge, context: context)
        }
        return acknowledgement
    }

    /// ``saveAnswer(_:position:_:context:)`` for a caller on an event loop (an answer stream),
    /// without a task: the same checks, made at once, and the same write, answered on `loop`.
    ///
    /// Returns nil, having done nothing, when the attempt's form is not in memory; the caller then
    /// takes ``saveAnswer(_:position:_:context:)``, which reads it. The future fails with the
    /// errors that method throws.
    public func saveAnswerAtOnce(
        _ id: Int64, position: Int, _ submission: AnswerSubmission, context: UseCaseContext, on loop: any EventLoop
    ) -> EventLoopFuture<SaveAcknowledgement>? {
        let badge: String
        let save: AnswerSave
        let now = context.now
        do {
            badge = try Self.ownBadge(context)
            try Self.checkSequence(submission)
            guard let form = try cachedOwnedForm(id, badge: badge) else { return nil }
            save = try Self.checkedSave(id, position: position, submission, form: form, at: now)
        } catch {
            return loop.makeFailedFuture(error)
        }
        let written = loop.makePromise(of: AnswerWriter.SavedAt.self)
        answerWriter.write(save, answering: written)
        return written.futureResult.flatMap { written in
            do {
                if let acknowledgement = try Self.acknowledgement(written, of: save, at: now) {
                    return loop.makeSucceededFuture(acknowledgement)
                }
            } catch {
                return loop.makeFailedFuture(error)
            }
            return loop.makeFutureWithTask { throw try await closedAttempt(id, badge: badge, context: context) }
        }
    }

    static func checkSequence(_ submission: AnswerSubmission) throws {
        guard submission.sequence > 0 else {
            throw MusterError(.invalidInput, code: "invalid_sequence", "The sequence number must be 1 or more.")
        }
    }

    /// The log row for `submission` at `position` of `form`, once the position and the answer's
    /// shape are checked against the form.
    static func checkedSave(
        _ id: Int64, position: Int, _ submission: AnswerSubmission, form: AttemptForm, at now: Date
    ) throws -> AnswerSave {
        guard let (entry, item) = form.item(at: position) else {
            throw MusterError(
                .invalidInput, code: "invalid_position",
                "The form has positions 1 to \(form.entries.count); there is no position \(position).")
        }
        if let answer = submission.answer, let problem = answer.problem(for: item, at: entry) {
            throw MusterError(.invalidInput, code: "invalid_answer", "Position \(position): \(problem).")
        }
        let answerJSON =
            try AnswerSaveJSON.text(of: submission.answer)
            ?? String(decoding: JSONEncoder().encode(submission.answer), as: UTF8.self)
        return AnswerSave(
            attemptID: id, position: position, sequence: submission.sequence, answerJSON: answerJSON,
            flagged: submission.flagged ?? false, receivedAt: now)
    }

    /// The acknowledgement of a written save; nil when the attempt was closed (why is read apart),
    /// `attempt_paused` when the proctor had stopped its clock.
    static func acknowledgement(
        _ written: AnswerWriter.SavedAt, of save: AnswerSave, at now: Date
    ) throws
        -> SaveAcknowledgement?
    {
        switch written.outcome {
        case .paused:
            throw MusterError(
                .conflict, code: "attempt_paused",
                "The proctor has stopped your clock; your answer is not saved yet. Send it again when time runs.")
        case .closed:
            return nil
        case .saved, .held:
            return SaveAcknowledgement(
                position: save.position, sequence: save.sequence, outcome: written.outcome,
                secondsRemaining: max(0, Int(written.deadline.timeIntervalSince(now).rounded(.up))))
        }
    }

    /// Why a save found the caller's attempt closed: read apart from the save so that the hot
    /// path's frame, which every kept-alive terminal connection holds while its save waits for the
    /// group commit, does not carry a transaction's.
    @inline(never)
    func closedAttempt(_ id: Int64, badge: String, context: UseCaseContext) async throws -> MusterError {
        let attempt = try await transaction(context) { connection in
            try await Self.ownAttempt(id, badge: badge, on: connection, context: context).0
        }
        return Self.closed(attempt, context: context)
    }
}
