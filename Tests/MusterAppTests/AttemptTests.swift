import Foundation
import MusterDomain
import MusterStore
import MusterTestSupport
import NIOPosix
import Testing

@testable import MusterApp

@Suite("Taking an exam")
struct AttemptTests {
    /// The demo computer-literacy sitting (day 7, 09:00–10:30) and its access code: the first
    /// still to come (the demo's finished sitting lies two weeks back).
    static func demoSitting(_ fixture: SittingFixture) async throws -> SittingDetail {
        let now = fixture.clock.wallClock.now()
        let first = try #require(
            try await fixture.useCases.listSittings(context: fixture.trainer).first { $0.startsAt > now })
        return try await fixture.useCases.showSitting(first.code, context: fixture.trainer)
    }

    static func officer(_ fixture: SittingFixture, _ badge: String) -> UseCaseContext {
        fixture.useCases.signedIn("officer-\(badge)", [RoleGrant(role: .officer)], badge: badge)
    }

    /// The refusal code of `body`, or nil when it succeeds.
    static func code(_ body: () async throws -> some Any) async -> String? {
        do {
            _ = try await body()
            return nil
        } catch let error as MusterError {
            return error.code
        } catch {
            return "\(error)"
        }
    }

    @Test("starting checks the place, the window and the access code; starting again resumes the same form")
    func start() async throws {
        try await SittingFixture.with { fixture in
            let useCases = fixture.useCases
            let detail = try await Self.demoSitting(fixture)
            let code = detail.sitting.code
            let me = Self.officer(fixture, "P100001")
            let access = detail.sitting.accessCode
            #expect(
                await Self.code { try await useCases.startAttempt(sitting: code, accessCode: access, context: me) }
                    == "sitting_not_open")
            fixture.clock.advance(by: 7 * 86_400 - 3_300)  // 2026-12-02 09:05
            #expect(
                await Self.code { try await useCases.startAttempt(sitting: code, accessCode: "000000x", context: me) }
                    == "wrong_access_code")
            let stranger = Self.officer(fixture, "P100002")
            #expect(
                await Self.code {
                    try await useCases.startAttempt(sitting: code, accessCode: access, context: stranger)
                } == "sitting_not_found")
            #expect(
                await Self.code {
                    try await useCases.startAttempt(sitting: code, accessCode: access, context: fixture.trainer)
                } == "no_badge")

            let view = try await useCases.startAttempt(sitting: code, accessCode: access, context: me)
            #expect(view.items.count == 20)
            #expect(view.items.map(\.position) == Array(1...20))
            #expect((view.attempt.number, view.attempt.status, view.attempt.badge) == (1, .active, "P100001"))
            #expect(view.attempt.deadline == view.attempt.admittedAt.addingTimeInterval(45 * 60))
            #expect(view.secondsRemaining == 45 * 60)
            #expect(view.answers.isEmpty)
            // The form is the deterministic draw for (exam, officer, attempt 1).
            let exam = try await useCases.showExam("computer-literacy-written", context: fixture.trainer).exam
            let items = try await fixture.database.transaction {
                try await BankRepository(logger: fixture.database.logger).version(
                    bank: "computer-literacy", version: 1, on: $0)
            }
            let drawn = try FormAssembler.form(exam: exam, items: try #require(items).1, badge: "P100001", attempt: 1)
                .get()
            let byID = Dictionary(uniqueKeysWithValues: try #require(items).1.map { ($0.id, $0) })
            #expect(view.items.map(\.prompt) == drawn.map { byID[$0.itemID]!.prompt })

            fixture.clock.advance(by: 60)
            let resumed = try await useCases.startAttempt(sitting: code, accessCode: access, context: me)
            #expect(resumed.attempt.id == view.attempt.id)
            #expect(resumed.items == view.items)
            #expect(resumed.secondsRemaining == 44 * 60)
            #expect(
                await Self.code { try await useCases.attemptView(view.attempt.id, context: stranger) }
                    == "attempt_not_found")
            // Everything the candidate receives is free of keys and feedback.
            let json = String(decoding: try JSONEncoder().encode(resumed), as: UTF8.self)
            for secret in ["fraction", "feedback", "correct", "tolerance", "rubric", "table"] {
                #expect(!json.contains(secret), "the form shows \(secret)")
            }
        }
    }

    @Test("eight starts pressed at once by one officer all land on one attempt")
    func concurrentStarts() async throws {
        try await SittingFixture.with { fixture in
            let useCases = fixture.useCases
            let detail = try await Self.demoSitting(fixture)
            let badge = try #require(detail.enrollments.first?.badge)
            let me = Self.officer(fixture, badge)
            fixture.clock.advance(by: 7 * 86_400 - 3_300)
            let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await useCases.startAttempt(
                            sitting: detail.sitting.code, accessCode: detail.sitting.accessCode, context: me
                        ).attempt.id
                    }
                }
                var ids: Set<Int64> = []
                for try await id in group { ids.insert(id) }
                return ids
            }
            #expect(ids.count == 1)
            let stored = try await fixture.database.withConnection { connection in
                try await AttemptRepository(logger: fixture.database.logger).attempts(
                    badge: badge, exam: detail.sitting.exam, on: connection)
            }
            #expect(stored.map(\.0.id) == Array(ids))
        }
    }

    /// How a test's saves reach the use cases: as `PUT` does (a task), or as an answer stream
    /// does (at once on an event loop, the task path only when the form is not in memory).
    enum SavePath: String, CaseIterable, CustomTestStringConvertible {
        case task, atOnce
        var testDescription: String { rawValue }

        func save(
            _ useCases: UseCases, _ id: Int64, position: Int, _ submission: AnswerSubmission, context: UseCaseContext
        ) async throws -> SaveAcknowledgement {
            switch self {
            case .task:
                return try await useCases.saveAnswer(id, position: position, submission, context: context)
            case .atOnce:
                let loop = MultiThreadedEventLoopGroup.singleton.next()
                let saved = try #require(
                    useCases.saveAnswerAtOnce(id, position: position, submission, context: context, on: loop))
                return try await saved.get()
            }
        }
    }

    @Test(
        "saves are idempotent by sequence; the latest is the answer; time closes the attempt after the grace",
        arguments: SavePath.allCases)
    func saves(path: SavePath) async throws {
        try await SittingFixture.with { fixture in
            let useCases = fixture.useCases
            let detail = try await Self.demoSitting(fixture)
            let me = Self.officer(fixture, "P100001")
            fixture.clock.advance(by: 7 * 86_400 - 3_600)  // 09:00, the window opens
            let view = try await useCases.startAttempt(
                sitting: detail.sitting.code, accessCode: detail.sitting.accessCode, context: me)
            let id = view.attempt.id
            let choice = try #require(view.items.first { $0.kind == "single-choice" })
            let position = choice.position
            func save(
                _ sequence: Int64, _ answer: CandidateAnswer?, flagged: Bool = false
            ) async throws -> SaveAcknowledgement {
                try await path.save(
                    useCases, id, position: position,
                    AnswerSubmission(sequence: sequence, answer: answer, flagged: flagged), context: me)
            }
            #expect(try await save(1, .choice(0)).outcome == .saved)
            #expect(try await save(1, .choice(0)).outcome == .held)
            #expect(try await save(3, .choice(2), flagged: true).outcome == .saved)
            #expect(try await save(2, .choice(1)).outcome == .held)
            var answers = try await useCases.attemptView(id, context: me).answers
            #expect(answers == [SavedAnswer(position: position, sequence: 3, answer: .choice(2), flagged: true)])
            // Every column of the stored row, as the one batch statement wrote it.
            let stored = try await fixture.database.client.query(
                """
                SELECT attempt_id, position, sequence, answer::text, flagged, saved_at FROM answer_log
                WHERE attempt_id = \(id) AND sequence = 3
                """)
            var storedRows = 0
            for try await row in stored.decode((Int64, Int, Int64, String, Bool, Date).self) {
                storedRows += 1
                #expect(row.0 == id && row.1 == position && row.2 == 3)
                #expect(row.3 == #"{"choice": 2}"#)
                #expect(row.4)
                #expect(abs(row.5.timeIntervalSince(useCases.clock.now())) < 0.001)
            }
            #expect(storedRows == 1)
            #expect(await Self.code { try await save(0, .choice(1)) } == "invalid_sequence")
            #expect(await Self.code { try await save(4, .truth(true)) } == "invalid_answer")
            #expect(await Self.code { try await save(4, .choice(99)) } == "invalid_answer")
            #expect(
                await Self.code {
                    try await path.save(
                        useCases, id, position: 21, AnswerSubmission(sequence: 1, answer: nil), context: me)
                } == "invalid_position")
            let stranger = Self.officer(fixture, "P100004")
            #expect(
                await Self.code {
                    try await path.save(
                        useCases, id, position: position, AnswerSubmission(sequence: 9, answer: nil), context: stranger)
                } == "attempt_not_found")
            // Another server process has nothing in memory: it leaves the save to the task path,
            // which reads the form, and then saves at once too.
            let other = UseCases(database: fixture.database, clock: useCases.clock, logger: useCases.logger)
            let loop = MultiThreadedEventLoopGroup.singleton.next()
            let retry = AnswerSubmission(sequence: 3, answer: .choice(2))
            #expect(other.saveAnswerAtOnce(id, position: position, retry, context: me, on: loop) == nil)
            #expect(try await other.saveAnswer(id, position: position, retry, context: me).outcome == .held)
            #expect(
                try await other.saveAnswerAtOnce(id, position: position, retry, context: me, on: loop)?.get().outcome
                    == .held)
            // Clearing is a save too.
            #expect(try await save(5, nil).outcome == .saved)
            answers = try await useCases.attemptView(id, context: me).answers
            #expect(answers.first?.answer == nil)

            fixture.clock.advance(by: 45 * 60 + 20)  // 20 s past the deadline: inside the grace
            let late = try await save(6, .choice(1))
            #expect((late.outcome, late.secondsRemaining) == (.saved, 0))
            fixture.clock.advance(by: 11)  // 31 s past
            #expect(await Self.code { try await save(7, .choice(0)) } == "attempt_closed")
            // A retry of a save already held is still acknowledged as held.
            #expect(try await save(6, .choice(1)).outcome == .held)
            let rows = try await fixture.database.client.query(
                "SELECT count(*)::int, max(sequence)::int FROM answer_log WHERE attempt_id = \(id)")
            for try await (count, latest) in rows.decode((Int, Int).self) {
                #expect((count, latest) == (4, 6))
            }
        }
    }

    @Test("handing in is idempotent; overdue attempts are handed in once, however many servers look")
    func submitting() async throws {
        try await SittingFixture.with { fixture in
            let useCases = fixture.useCases
            let detail = try await Self.demoSitting(fixture)
            fixture.clock.advance(by: 7 * 86_400 - 3_600)
            var ids: [Int64] = []
            for enrollment in detail.enrollments {
                let view = try await useCases.startAttempt(
                    sitting: detail.sitting.code, accessCode: detail.sitting.accessCode,
                    context: Self.officer(fixture, enrollment.badge))
                ids.append(view.attempt.id)
            }
            let first = Self.officer(fixture, detail.enrollments[0].badge)
            let handedIn = try await useCases.submitAttempt(ids[0], context: first)
            #expect((handedIn.attempt.status, handedIn.attempt.submittedBy) == (.submitted, "candidate"))
            fixture.clock.advance(by: 60)
            let again = try await useCases.submitAttempt(ids[0], context: first)
            #expect(again.attempt.submittedAt == handedIn.attempt.submittedAt)
            #expect(
                await Self.code {
                    try await useCases.saveAnswer(
                        ids[0], position: 1, AnswerSubmission(sequence: 1, answer: nil), context: first)
                } == "attempt_closed")
            #expect(try await useCases.submitDueAttempts().isEmpty)

            fixture.clock.advance(by: 45 * 60 + 31)
            let second = UseCases(
                database: fixture.database, clock: fixture.clock.wallClock, logger: fixture.database.logger)
            async let one = useCases.submitDueAttempts(limit: 4)
            async let two = second.submitDueAttempts(limit: 4)
            var handed = try await one + two
            while true {
                async let more = useCases.submitDueAttempts(limit: 4)
                async let other = second.submitDueAttempts(limit: 4)
                let batch = try await more + other
                if batch.isEmpty { break }
                handed += batch
            }
            #expect(handed.count == ids.count - 1)
            #expect(Set(handed) == Set(ids.dropFirst()))
            let audit = try await useCases.auditEntries(AuditFilter(entityType: "attempt"), context: useCases.admin)
            #expect(
                audit.filter { $0.action == "attempt.auto-submit" }.map(\.entityID).sorted()
                    == handed.map(String.init).sorted())
            #expect(audit.allSatisfy { $0.actor == "system:deadline" })
            let auto = try await useCases.attemptView(
                ids[1], context: Self.officer(fixture, detail.enrollments[1].badge))
            #expect((auto.attempt.status, auto.attempt.submittedBy, auto.secondsRemaining) == (.submitted, "auto", 0))
            #expect(try await useCases.attemptView(ids[0], context: first).attempt.submittedBy == "candidate")
        }
    }

    @Test("concurrent saves from a whole room share commits, and every acknowledged save is the stored answer")
    func groupCommit() async throws {
        try await SittingFixture.with { fixture in
            let useCases = fixture.useCases
            let detail = try await Self.demoSitting(fixture)
            fixture.clock.advance(by: 7 * 86_400 - 3_600)
            var attempts: [(UseCaseContext, AttemptView)] = []
            for enrollment in detail.enrollments {
                let context = Self.officer(fixture, enrollment.badge)
                let view = try await useCases.startAttempt(
                    sitting: detail.sitting.code, accessCode: detail.sitting.accessCode, context: context)
                attempts.append((context, view))
            }
            let before = useCases.answerWriter.statements
            let acknowledged = try await withThrowingTaskGroup(of: Int.self) { group in
                for (context, view) in attempts {
                    for item in view.items where item.kind == "single-choice" || item.kind == "numeric" {
                        for sequence in Int64(1)...3 {
                            let answer: CandidateAnswer =
                                item.kind == "numeric" ? .number(Double(sequence)) : .choice(Int(sequence) % 2)
                            group.addTask {
                                let ack = try await useCases.saveAnswer(
                                    view.attempt.id, position: item.position,
                                    AnswerSubmission(sequence: sequence, answer: answer), context: context)
                                return ack.outcome == .saved || ack.outcome == .held ? 1 : 0
                            }
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            let statements = useCases.answerWriter.statements - before
            #expect(acknowledged > 300)
            #expect(statements < acknowledged / 2, "\(statements) statements for \(acknowledged) saves")
            for (context, view) in attempts {
                let answers = try await useCases.attemptView(view.attempt.id, context: context).answers
                let expected = view.items.filter { $0.kind == "single-choice" || $0.kind == "numeric" }
                #expect(answers.map(\.position) == expected.map(\.position))
                #expect(answers.allSatisfy { $0.sequence == 3 })
                #expect(
                    answers.map(\.answer)
                        == expected.map { $0.kind == "numeric" ? CandidateAnswer.number(3) : CandidateAnswer.choice(1) }
                )
            }
        }
    }
}
