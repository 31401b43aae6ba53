import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport
import Testing

@testable import MusterApp

/// Essays marked on their rubric and practical stations by measurement, the marking queue per
/// role and unit, and the final mark issuing the certificate.
@Suite("Marking essays and practical stations")
struct MarkingTests {
    /// Version 2 of the police-pr paper: two true-false items of 5 points and one essay of 10.
    static let essayPaper = """
        exam: police-pr-written
        title: {en: "Police public relations, with an essay"}
        track: police-pr
        bank: police-public-relations
        bank_version: 1
        time_limit_minutes: 40
        pass_percent: 60
        bands:
          - {name: excellent, from: 90}
          - {name: pass, from: 60}
        attempts: 2
        cooldown_days: 30
        shuffle_items: false
        shuffle_options: false
        review: score
        sections:
          - {name: facts, types: [true-false], count: 2, points: 5}
          - {name: essay, types: [essay], topics: [complaints], count: 1, points: 10}
        """

    /// The practical-skills stations: two stations of 50 points.
    static let stations = """
        exam: practical-skills-stations
        title: {en: "Practical skills stations"}
        track: practical-skills
        bank: practical-skills
        bank_version: 1
        time_limit_minutes: 90
        pass_percent: 60
        bands: []
        attempts: 2
        cooldown_days: 7
        shuffle_items: false
        shuffle_options: false
        review: score
        sections:
          - {name: stations, types: [practical], count: 2, points: 50}
        """

    @Test(
        "an essay waits for a trainer's rubric marks; the final mark passes and issues the certificate; per role and unit"
    )
    func essayMarking() async throws {
        try await SittingFixture.with { fixture in
            let useCases = fixture.useCases
            _ = try await useCases.createExam(
                SourceFile(fileName: "pr2.yaml", text: Self.essayPaper), context: fixture.trainer)
            let (code, access, badges) = try await GradingTests.sitting(
                fixture, exam: "police-pr-written", track: "police-pr", count: 1)
            let me = AttemptTests.officer(fixture, badges[0])
            let view = try await useCases.startAttempt(sitting: code, accessCode: access, context: me)
            let form = try await GradingTests.form(fixture, attempt: view.attempt.id)
            var essayPosition = 0
            for entry in form.entries {
                let item = try #require(form.items[entry.itemID])
                let answer: CandidateAnswer
                if case .essay = item.kind {
                    essayPosition = entry.position
                    answer = .text("先安抚情绪，再核查办理过程，依法说明理由并告知投诉渠道。")
                } else {
                    answer = try #require(DemoAnswers.right(item, at: entry))
                }
                _ = try await useCases.saveAnswer(
                    view.attempt.id, position: entry.position, AnswerSubmission(sequence: 1, answer: answer),
                    context: me)
            }
            #expect(essayPosition == 3)
            // A NUL cannot be stored (jsonb refuses it): that one save is refused, and nothing else.
            func saveEssay(_ sequence: Int64, _ text: String) async throws -> SaveAcknowledgement {
                try await useCases.saveAnswer(
                    view.attempt.id, position: essayPosition, AnswerSubmission(sequence: sequence, answer: .text(text)),
                    context: me)
            }
            #expect(await AttemptTests.code { try await saveEssay(2, "a\u{0}b") } == "invalid_answer")
            // Quotes, backslashes and control characters go through the log and come back as typed.
            let typed = "先安抚情绪，\"再\"核查\\办理过程。\n\t\u{1}\u{1F}结束"
            #expect(try await saveEssay(3, typed).outcome == .saved)
            let essayAnswers = try await useCases.attemptView(view.attempt.id, context: me).answers
            #expect(essayAnswers.first { $0.position == essayPosition }?.answer == .text(typed))
            _ = try await useCases.submitAttempt(view.attempt.id, context: me)
            let waiting = try #require(try await useCases.myResults(context: me).first)
            #expect(waiting.state == "marking")
            #expect(waiting.passed == nil)
            #expect(try await GradingTests.certificates(fixture, badge: badges[0]).isEmpty)

            // The queue: the sitting's trainers see it; a trainer of another district does not,
            // and cannot mark it; an officer may not look.
            let queue = try await useCases.gradingQueue(exam: "police-pr-written", context: fixture.trainer)
            #expect(queue.map(\.attempt) == [view.attempt.id])
            #expect(queue.map(\.position) == [essayPosition])
            #expect(queue.map(\.badge) == [badges[0]])
            #expect(
                try await useCases.gradingQueue(exam: "computer-literacy-written", context: fixture.trainer).isEmpty)
            #expect(try await useCases.gradingQueue(exam: nil, context: fixture.eastTrainer).isEmpty)
            #expect(
                await AttemptTests.code { try await useCases.gradingQueue(exam: "nope", context: fixture.trainer) }
                    == "exam_not_found")
            #expect(
                await AttemptTests.code { try await useCases.gradingQueue(exam: "x\u{0}y", context: fixture.trainer) }
                    == "exam_not_found")
            #expect(await AttemptTests.code { try await useCases.gradingQueue(exam: nil, context: me) } == "forbidden")
            #expect(
                await AttemptTests.code {
                    try await useCases.markPosition(
                        attempt: view.attempt.id, position: essayPosition, .rubric(["1": "3", "2": "3", "3": "3"]),
                        note: nil, context: fixture.eastTrainer)
                } == "attempt_not_found")

            // Refusals name what is wrong; nothing is written.
            let missing = await Self.refusal {
                try await useCases.markPosition(
                    attempt: view.attempt.id, position: essayPosition, .rubric(["1": "complete"]), note: nil,
                    context: fixture.trainer)
            }
            #expect(missing?.code == "invalid_mark")
            #expect(missing?.message.hasSuffix("missing: 2 依法依规, 3 表达与沟通.") == true)
            let badLevel = await Self.refusal {
                try await useCases.markPosition(
                    attempt: view.attempt.id, position: essayPosition, .rubric(["1": "4", "2": "1", "3": "1"]),
                    note: nil, context: fixture.trainer)
            }
            #expect(badLevel?.message.contains("has no level '4'") == true)
            #expect(
                await AttemptTests.code {
                    try await useCases.markPosition(
                        attempt: view.attempt.id, position: 1, .points(5), note: nil, context: fixture.trainer)
                } == "invalid_mark")
            #expect(
                await AttemptTests.code {
                    try await useCases.markPosition(
                        attempt: view.attempt.id, position: 9, .points(5), note: nil, context: fixture.trainer)
                } == "invalid_position")

            // complete (4) + mostly right (1.5) + clear and humane (3) = 8.5 of the rubric's 10,
            // so 8.5 of the position's 10; with 10 from the true-false items, 18.5 of 20.
            let receipt = try await useCases.markPosition(
                attempt: view.attempt.id, position: essayPosition,
                .rubric(["1": "complete", "lawful and within the rules": "2", "3": "清楚有温度"]),
                note: "good structure", context: fixture.trainer)
            #expect((receipt.earned, receipt.maximum) == (8.5, 10))
            #expect((receipt.result.score, receipt.result.maximum, receipt.result.percent) == (18.5, 20, 92.5))
            #expect(receipt.result.final)
            #expect(receipt.result.passed == true)
            #expect(receipt.result.band == "excellent")
            #expect(receipt.result.pending.isEmpty)
            #expect(receipt.issued == ["police-pr"])
            #expect(try await GradingTests.certificates(fixture, badge: badges[0]).map(\.attempt) == [view.attempt.id])
            #expect(try await useCases.gradingQueue(exam: nil, context: fixture.trainer).isEmpty)

            let stored = try await fixture.database.transaction { connection in
                let results = ResultRepository(logger: fixture.database.logger)
                return (
                    try await results.manualMarks(attempt: view.attempt.id, on: connection),
                    try await results.marks(attempt: view.attempt.id, on: connection)
                )
            }
            #expect(stored.0 == [essayPosition: PositionMarking(first: .rubric(levels: [2, 1, 2]))])
            // The mark names the answer it marked: the latest save, sequence 3.
            let essayMark = try #require(stored.1.first { $0.position == essayPosition })
            #expect((essayMark.method, essayMark.earned, essayMark.sequence) == (.rubric, 8.5, 3))
            let audit = try await useCases.auditEntries(AuditFilter(entityType: "attempt"), context: useCases.admin)
            #expect(audit.filter { $0.action == "attempt.mark" }.count == 1)
            #expect(audit.first { $0.action == "attempt.mark" }?.actor == fixture.trainer.principal.username)

            // A lower second mark takes the pass away and revokes the certificate.
            let lower = try await useCases.markPosition(
                attempt: view.attempt.id, position: essayPosition, .rubric(["1": "1", "2": "1", "3": "1"]),
                note: nil, context: fixture.trainer)
            #expect((lower.result.score, lower.result.passed) == (10, false))
            let revoked = try await GradingTests.certificates(fixture, badge: badges[0])
            #expect(revoked.map(\.revoked) == [fixture.useCases.today.description])
        }
    }

    @Test("a practical station is marked by measurement with the officer's sex and age on the day; placeholders show")
    func stationMarking() async throws {
        try await SittingFixture.with { fixture in
            let useCases = fixture.useCases
            _ = try await useCases.createExam(
                SourceFile(fileName: "st.yaml", text: Self.stations), context: fixture.trainer)
            let (code, access, badges) = try await GradingTests.sitting(
                fixture, exam: "practical-skills-stations", track: "practical-skills", count: 1, duty: .frontline)
            let me = AttemptTests.officer(fixture, badges[0])
            let view = try await useCases.startAttempt(sitting: code, accessCode: access, context: me)
            #expect(view.items.map(\.kind) == ["practical", "practical"])
            _ = try await useCases.submitAttempt(view.attempt.id, context: me)
            let queue = try await useCases.gradingQueue(exam: nil, context: fixture.trainer)
            #expect(queue.map(\.position) == [1, 2])
            let form = try await GradingTests.form(fixture, attempt: view.attempt.id)
            let officer = try await useCases.officerRecord(badge: badges[0], context: useCases.admin).officer
            let age = officer.age(on: fixture.useCases.today)
            var expected = 0.0
            var placeholder = false
            for entry in form.entries.sorted(by: { $0.position < $1.position }) {
                guard case .practical(let station) = try #require(form.items[entry.itemID]).kind else {
                    Issue.record("position \(entry.position) is not a station")
                    return
                }
                let group = try #require(station.table.group(for: officer.sex, age: age))
                placeholder = placeholder || group.placeholder
                // The shipped stations' first band is the pass threshold, worth 60 of 100: a
                // measurement exactly at it earns 60% of the position's 50 points.
                let threshold = try #require(group.bands.first?.threshold)
                #expect(group.bands.first?.points == 60)
                #expect(station.table.maximumPoints == 100)
                expected += 30
                let receipt = try await useCases.markPosition(
                    attempt: view.attempt.id, position: entry.position, .measurement(threshold), note: nil,
                    context: fixture.trainer)
                #expect(receipt.earned == 30)
            }
            let result = try #require(try await useCases.myResults(context: me).first)
            #expect(result.score == expected)
            #expect(result.percent == 60)
            #expect(result.passed == true)
            #expect(result.placeholderTable == placeholder)
            #expect(
                await AttemptTests.code {
                    try await useCases.markPosition(
                        attempt: view.attempt.id, position: 1, .rubric(["1": "1"]), note: nil, context: fixture.trainer)
                } == "invalid_mark")
            // The track also needs the theory paper: no certificate from the stations alone.
            #expect(try await GradingTests.certificates(fixture, badge: badges[0]).isEmpty)
        }
    }

    static func refusal(_ body: () async throws -> some Any) async -> MusterError? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error as? MusterError
        }
    }
}
