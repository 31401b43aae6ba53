import Foundation
import MusterDomain
import MusterStore
import PostgresNIO

/// How delivery treats time.
public struct DeliveryPolicy: Sendable, Equatable {
    /// How long after the deadline a save still counts (answers in flight when time ran out).
    public var answerGrace: TimeInterval

    public init(answerGrace: TimeInterval = 30) {
        self.answerGrace = answerGrace
    }
}

/// An attempt as its candidate sees it: the form without keys, what they have saved, and the
/// time left by the server's clock.
public struct AttemptView: Sendable, Codable, Equatable {
    public var attempt: Attempt
    public var secondsRemaining: Int
    public var items: [CandidateItem]
    public var answers: [SavedAnswer]

    public init(attempt: Attempt, secondsRemaining: Int, items: [CandidateItem], answers: [SavedAnswer]) {
        self.attempt = attempt
        self.secondsRemaining = secondsRemaining
        self.items = items
        self.answers = answers
    }
}

/// What handing in answers: the attempt as it now stands and how many positions hold an answer.
public struct SubmitReceipt: Sendable, Codable, Equatable {
    public var attempt: Attempt
    public var answered: Int
}

/// The acknowledgement of a save, sent only once it is durable.
public struct SaveAcknowledgement: Sendable, Codable, Equatable {
    public var position: Int
    public var sequence: Int64
    public var outcome: SaveOutcome
    public var secondsRemaining: Int
}

extension UseCases {
    /// Starts the caller's attempt in a sitting (or resumes it): they must hold a place, the
    /// window must be open and the access code right. The form is drawn for (exam, officer,
    /// attempt number) and stored; time is counted from now, the admission.
    ///
    /// - Throws: ``MusterError`` `no_badge`, `sitting_not_found` (also when not enrolled),
    ///   `sitting_not_open`, `sitting_closed`, `wrong_access_code`, `attempt_active`.
    public func startAttempt(
        sitting code: String, accessCode: String, context: UseCaseContext
    ) async throws
        -> AttemptView
    {
        do {
            return try await start(sitting: code, accessCode: accessCode, context: context)
        } catch let error as MusterError where error == AttemptRepository.startedMeanwhile && context.transaction == nil
        {
            // Two presses of start by one officer at once: the second finds the first's attempt.
            // (Inside a caller's transaction the failed insert has ended it: nothing can be read.)
            return try await start(sitting: code, accessCode: accessCode, context: context)
        }
    }

    /// One try at ``startAttempt(sitting:accessCode:context:)``: two reads and, for a new attempt,
    /// one insert, with no transaction around them. The constraints on `attempts` (one per
    /// sitting and officer, one open per officer and exam) keep concurrent starts right.
    private func start(sitting code: String, accessCode: String, context: UseCaseContext) async throws -> AttemptView {
        let badge = try Self.ownBadge(context)
        let sittings = SittingRepository(logger: context.logger)
        let attempts = AttemptRepository(logger: context.logger)
        return try await connection(context) { connection in
            guard let (stored, accommodation) = try await sittings.place(sitting: code, badge: badge, on: connection)
            else {
                throw MusterError(
                    .notFound, code: "sitting_not_found", "You hold no place in a sitting '\(code.prefix(64))'.")
            }
            let sitting = stored.sitting
            guard sitting.accessCode == accessCode else {
                throw MusterError(
                    .forbidden, code: "wrong_access_code", "That is not the access code of sitting \(code).")
            }
            // One read answers three questions: started here already, open elsewhere, how many.
            let earlier = try await attempts.attempts(badge: badge, exam: sitting.exam, on: connection)
            if let (attempt, entries) = earlier.first(where: { $0.0.sitting == code }) {
                return try await view(attempt, entries, on: connection, context: context)
            }
            try Self.checkWindowOpen(sitting, context: context)
            if let other = earlier.first(where: { $0.0.status == .active })?.0.sitting {
                throw MusterError(
                    .conflict, code: "attempt_active",
                    "You have an attempt at \(sitting.exam) open in sitting \(other); finish it first.")
            }
            let exam = try await examDefinition(
                sitting.exam, version: sitting.examVersion, on: connection, context: context)
            let items = try await bankItems(of: exam, on: connection, context: context)
            let number = (earlier.map(\.0.number).max() ?? 0) + 1
            let entries: [FormEntry]
            switch FormAssembler.form(exam: exam, items: items, badge: badge, attempt: number) {
            case .success(let drawn): entries = drawn
            case .failure(let shortfall):
                throw MusterError(
                    .internalFailure, code: "form_short", "The form cannot be drawn.", details: shortfall.messages)
            }
            let admitted = context.now
            let deadline = Attempt.deadline(
                admittedAt: admitted, timeLimitMinutes: exam.timeLimitMinutes, accommodationMinutes: accommodation,
                sittingEnd: sitting.endsAt)
            let id = try await attempts.insert(
                sittingID: stored.id, badge: badge, exam: exam.code, examVersion: sitting.examVersion, number: number,
                form: entries, admittedAt: admitted, deadline: deadline, on: connection)
            let attempt = Attempt(
                id: id, sitting: code, exam: exam.code, examVersion: sitting.examVersion, badge: badge, number: number,
                admittedAt: admitted, deadline: deadline)
            // A new attempt has no answers yet: nothing more to read.
            return try await view(attempt, entries, answers: [], on: connection, context: context)
        }
    }

    /// Checks that the caller may open an answer stream on attempt `id`: it must be their own.
    /// Each save on the stream is then judged by ``saveAnswer(_:position:_:context:)``.
    ///
    /// - Throws: ``MusterError`` `no_badge`, `attempt_not_found` (also for someone else's attempt).
    public func openAnswerStream(_ id: Int64, context: UseCaseContext) async throws {
        _ = try await ownedForm(id, badge: try Self.ownBadge(context), context: context)
    }

    /// The caller's own attempt: the form without keys, their saved answers and the time left.
    ///
    /// - Throws: ``MusterError`` `attempt_not_found` (also for someone else's attempt).
    public func attemptView(_ id: Int64, context: UseCaseContext) async throws -> AttemptView {
        let badge = try Self.ownBadge(context)
        return try await transaction(context) { connection in
            let (attempt, entries) = try await Self.ownAttempt(id, badge: badge, on: connection, context: context)
            return try await view(attempt, entries, on: connection, context: context)
        }
    }

    /// Hands in the caller's own attempt and grades it; handing it in again changes nothing.
    ///
    /// - Throws: ``MusterError`` `attempt_not_found`, `attempt_closed` (voided).
    public func submitAttempt(_ id: Int64, context: UseCaseContext) async throws -> SubmitReceipt {
        let badge = try Self.ownBadge(context)
        let attempts = AttemptRepository(logger: context.logger)
        return try await transaction(context) { connection in
            var (attempt, _) = try await Self.ownAttempt(
                id, badge: badge, locking: true, on: connection, context: context)
            if attempt.status == .voided { throw Self.closed(attempt, context: context) }
            if try await attempts.submit(id: id, by: "candidate", at: context.now, on: connection) {
                attempt.status = .submitted
                attempt.submittedAt = context.now
                attempt.submittedBy = "candidate"
                // Graded in the same transaction: a handed-in attempt always has its result.
                _ = try await grade(attempt: id, on: connection, context: context)
            }
            let answered = try await attempts.answers(attemptID: id, on: connection).filter { $0.answer != nil }.count
            return SubmitReceipt(attempt: attempt, answered: answered)
        }
    }

    /// Hands in up to `limit` attempts whose deadline and grace have passed, with the answers
    /// saved in time; several servers may run this at once, and each attempt is handed in once.
    /// Each hand-in is written to the audit log in the same transaction (by `system:deadline`),
    /// so "exactly once" can be checked afterwards, and graded in it.
    public func submitDueAttempts(limit: Int = 500) async throws -> [Int64] {
        let attempts = AttemptRepository(logger: logger)
        let context = operatorContext(name: "system:deadline")
        return try await transaction(context) { connection in
            let ids = try await attempts.submitDue(
                at: context.now, grace: delivery.answerGrace, limit: limit, on: connection)
            let audit = context.audit(on: connection)
            for id in ids {
                try await audit.record("attempt.auto-submit", "attempt", String(id))
                _ = try await grade(attempt: id, on: connection, context: context)
            }
            return ids
        }
    }

    /// The candidate's view of `attempt`; its saved answers are read unless given.
    func view(
        _ attempt: Attempt, _ entries: [FormEntry], answers: [SavedAnswer]? = nil, on connection: PostgresConnection,
        context: UseCaseContext
    ) async throws -> AttemptView {
        let form = try await attemptForm(attempt, entries: entries, on: connection, context: context)
        // The candidate's saves check their answers against this form: keep it, so that the first
        // save of a room that has just started does not read every form again.
        memory.attemptForms.keep(
            OwnedForm(badge: attempt.badge, form: memory.optionOrders.sharing(form)), for: attempt.id)
        let saved: [SavedAnswer]
        if let answers {
            saved = answers
        } else {
            saved = try await AttemptRepository(logger: context.logger).answers(attemptID: attempt.id, on: connection)
        }
        return AttemptView(
            attempt: attempt,
            secondsRemaining: attempt.status == .active ? attempt.secondsRemaining(at: context.now) : 0,
            items: form.candidateItems, answers: saved)
    }

    static func ownBadge(_ context: UseCaseContext) throws -> String {
        guard let badge = context.principal.badge else {
            throw MusterError(
                .forbidden, code: "no_badge", "Only an account linked to an officer's badge takes exams.")
        }
        return badge
    }

    static func ownAttempt(
        _ id: Int64, badge: String, locking: Bool = false, on connection: PostgresConnection, context: UseCaseContext
    ) async throws -> (Attempt, [FormEntry]) {
        guard
            let found = try await AttemptRepository(logger: context.logger).attempt(
                id: id, locking: locking, on: connection),
            found.0.badge == badge
        else {
            throw MusterError(.notFound, code: "attempt_not_found", "You have no attempt \(id).")
        }
        return found
    }

    static func checkWindowOpen(_ sitting: Sitting, context: UseCaseContext) throws {
        if sitting.status == .cancelled {
            throw MusterError(.conflict, code: "sitting_closed", "Sitting \(sitting.code) was cancelled.")
        }
        if context.now < sitting.startsAt {
            throw MusterError(
                .conflict, code: "sitting_not_open",
                "Sitting \(sitting.code) opens at \(context.calendar.minuteText(of: sitting.startsAt)).")
        }
        if context.now >= sitting.endsAt {
            throw MusterError(
                .conflict, code: "sitting_closed",
                "Sitting \(sitting.code) closed at \(context.calendar.minuteText(of: sitting.endsAt)).")
        }
    }

    static func closed(_ attempt: Attempt, context: UseCaseContext) -> MusterError {
        let why =
            switch attempt.status {
            case .submitted: "was handed in"
            case .voided: "was voided by the proctor"
            case .active: "ran out of time at \(context.calendar.minuteText(of: attempt.deadline))"
            }
        return MusterError(.conflict, code: "attempt_closed", "Attempt \(attempt.id) \(why); it takes no more answers.")
    }
}
