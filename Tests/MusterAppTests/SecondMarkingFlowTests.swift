import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport
import Testing

@testable import MusterApp

/// Double marking end to end: the first and second markers, the queue per marker, moderation by
/// a third person, the stored rows read back, and the certificate following the decided mark.
@Suite("Double marking and moderation, end to end")
struct SecondMarkingFlowTests {
    /// The essay paper, double-marked with a tolerance of 20% of a position's points.
    static let paper = MarkingTests.essayPaper + "\nsecond_marking: {tolerance_percent: 20}\n"

    static func trainer(_ fixture: SittingFixture, _ name: String) -> UseCaseContext {
        fixture.useCases.signedIn(name, [RoleGrant(role: .trainer)])
    }

    /// Starts, answers (the true-false items right, the essay in words) and hands in an attempt;
    /// returns its id and the essay's position.
    static func handIn(
        _ fixture: SittingFixture, sitting: String, access: String, badge: String
    ) async throws
        -> (attempt: Int64, essay: Int)
    {
        let me = AttemptTests.officer(fixture, badge)
        let view = try await fixture.useCases.startAttempt(sitting: sitting, accessCode: access, context: me)
        let form = try await GradingTests.form(fixture, attempt: view.attempt.id)
        var essay = 0
        for entry in form.entries {
            let item = try #require(form.items[entry.itemID])
            let answer: CandidateAnswer
            if case .essay = item.kind {
                essay = entry.position
                answer = .text("先安抚情绪，再核查办理过程。")
            } else {
                answer = try #require(DemoAnswers.right(item, at: entry))
            }
            _ = try await fixture.useCases.saveAnswer(
                view.attempt.id, position: entry.position, AnswerSubmission(sequence: 1, answer: answer), context: me)
        }
        _ = try await fixture.useCases.submitAttempt(view.attempt.id, context: me)
        return (view.attempt.id, essay)
    }

    /// Every stored manual mark of an attempt: role, marker, mark and note.
    static func rows(_ fixture: SittingFixture, attempt: Int64) async throws -> [[String?]] {
        try await fixture.database.transaction { connection in
            let rows = try await connection.query(
                """
                SELECT position::text, role, marker, mark::text, note FROM manual_marks
                WHERE attempt_id = \(attempt) ORDER BY position, role
                """, logger: fixture.database.logger)
            var found: [[String?]] = []
            for try await (position, role, marker, mark, note) in rows.decode(
                (String, String, String, String, String?).self)
            {
                found.append([position, role, marker, mark, note])
            }
            return found
        }
    }

    @Test("two marks that agree are averaged; apart they go to a moderator whose mark decides; the queue follows")
    func doubleMarking() async throws {
        try await SittingFixture.with { fixture in
            let useCases = fixture.useCases
            _ = try await useCases.createExam(
                SourceFile(fileName: "pr2.yaml", text: Self.paper), context: fixture.trainer)
            let (code, access, badges) = try await GradingTests.sitting(
                fixture, exam: "police-pr-written", track: "police-pr", count: 2)
            let agreeing = try await Self.handIn(fixture, sitting: code, access: access, badge: badges[0])
            let apart = try await Self.handIn(fixture, sitting: code, access: access, badge: badges[1])
            let (li, wang, zhao, sun) = (
                Self.trainer(fixture, "trainer.li"), Self.trainer(fixture, "trainer.wang"),
                Self.trainer(fixture, "trainer.zhao"), Self.trainer(fixture, "trainer.sun")
            )
            func mark(
                _ attempt: (attempt: Int64, essay: Int), _ levels: [String], by context: UseCaseContext
            )
                async throws -> MarkReceipt
            {
                var given: [String: String] = [:]
                for (index, level) in levels.enumerated() { given[String(index + 1)] = level }
                return try await useCases.markPosition(
                    attempt: attempt.attempt, position: attempt.essay, .rubric(given),
                    note: "by \(context.principal.username)",
                    context: context)
            }

            // The first marks: 4 + 3 + 3 = 10 of the rubric's 10 on both essays (li corrects a
            // first try of 0 before anyone else marks); each waits for a second marker, and
            // leaves li's queue.
            let slip = try await mark(agreeing, ["1", "1", "1"], by: li)
            #expect((slip.role, slip.given, slip.awaiting) == (.first, 0, .secondMark))
            let first = try await mark(agreeing, ["3", "3", "3"], by: li)
            #expect(first.role == .first)
            #expect((first.given, first.earned, first.awaiting) == (10, nil, .secondMark))
            #expect(!first.result.final)
            #expect(first.result.pending == [agreeing.essay])
            _ = try await mark(apart, ["3", "3", "3"], by: li)
            #expect(try await useCases.gradingQueue(exam: nil, context: li).isEmpty)
            let forWang = try await useCases.gradingQueue(exam: nil, context: wang)
            #expect(forWang.map(\.attempt) == [agreeing.attempt, apart.attempt])
            #expect(forWang.map(\.awaiting) == [.secondMark, .secondMark])

            // Agreeing: 4 + 1.5 + 3 = 8.5, 15% of 10 from li's 10: within 20%, the mean 9.25.
            let agreed = try await mark(agreeing, ["3", "2", "3"], by: wang)
            #expect(agreed.role == .second)
            #expect((agreed.given, agreed.earned, agreed.awaiting) == (8.5, 9.25, nil))
            // 10 from the true-false items + 9.25 = 19.25 of 20: final, a pass, the certificate.
            #expect((agreed.result.score, agreed.result.final, agreed.result.passed) == (19.25, true, true))
            #expect(agreed.issued == ["police-pr"])
            // Agreed: no third mark, and neither marker may now move theirs.
            for marker in [zhao, li, wang] {
                #expect(
                    await AttemptTests.code { try await mark(agreeing, ["1", "1", "1"], by: marker) }
                        == "marking_complete")
            }

            // Apart: 0 + 0 + 1.5 = 1.5, 85% from li's 10: moderation, for a third person only.
            let disputed = try await mark(apart, ["1", "1", "2"], by: wang)
            #expect((disputed.given, disputed.earned, disputed.awaiting) == (1.5, nil, .moderation))
            #expect(try await useCases.gradingQueue(exam: nil, context: li).isEmpty)
            #expect(try await useCases.gradingQueue(exam: nil, context: wang).isEmpty)
            // In moderation li cannot move their mark to meet wang's.
            let refusal = await MarkingTests.refusal { try await mark(apart, ["1", "1", "2"], by: li) }
            #expect(refusal?.code == "marking_complete")
            #expect(refusal?.message.hasPrefix("Your first mark at position \(apart.essay) of attempt") == true)
            let forZhao = try await useCases.gradingQueue(exam: nil, context: zhao)
            #expect(forZhao.map(\.attempt) == [apart.attempt])
            #expect(forZhao.map(\.awaiting) == [.moderation])
            let moderated = try await mark(apart, ["2", "2", "2"], by: zhao)
            #expect(moderated.role == .moderator)
            // 2 + 1.5 + 1.5 = 5: the moderator's mark decides; 15 of 20 passes.
            #expect((moderated.given, moderated.earned, moderated.awaiting) == (5, 5, nil))
            #expect((moderated.result.score, moderated.result.passed) == (15, true))
            #expect(
                await AttemptTests.code { try await mark(apart, ["3", "3", "3"], by: sun) } == "marking_complete")
            // The moderator may correct their own mark: 2 + 0 + 1.5 = 3.5, 13.5 of 20, a pass still.
            let corrected = try await mark(apart, ["2", "1", "2"], by: zhao)
            #expect((corrected.role, corrected.earned, corrected.result.score) == (.moderator, 3.5, 13.5))
            #expect(try await useCases.gradingQueue(exam: nil, context: sun).isEmpty)

            // Every stored column read back.
            let rows = try await Self.rows(fixture, attempt: apart.attempt)
            let essay = String(apart.essay)
            #expect(rows.map { $0[0] } == [essay, essay, essay])
            #expect(rows.map { $0[1] } == ["first", "moderator", "second"])
            #expect(rows.map { $0[2] } == ["trainer.li", "trainer.zhao", "trainer.wang"])
            #expect(
                rows.map { $0[3] } == [
                    #"{"rubric": {"levels": [2, 2, 2]}}"#, #"{"rubric": {"levels": [1, 0, 1]}}"#,
                    #"{"rubric": {"levels": [0, 0, 1]}}"#,
                ])
            #expect(rows.map { $0[4] } == ["by trainer.li", "by trainer.zhao", "by trainer.wang"])
            let marks = try await fixture.database.transaction { connection in
                try await ResultRepository(logger: fixture.database.logger).marks(
                    attempt: apart.attempt, on: connection)
            }
            let decided = try #require(marks.first { $0.position == apart.essay })
            #expect((decided.method, decided.earned, decided.awaiting) == (.rubric, 3.5, nil))
            let audit = try await useCases.auditEntries(AuditFilter(entityType: "attempt"), context: useCases.admin)
            #expect(audit.filter { $0.action == "attempt.mark" }.count == 7)
        }
    }
}
