import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport
import Testing

@testable import MusterApp

/// Regrading replays the stored answers against corrected keys or a voided item: a dry run
/// reports exactly what applying changes, applying twice changes nothing the second time, and
/// the certificate follows the pass across the mark, both ways.
@Suite("Regrading an exam")
struct RegradeTests {
    static let bankFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("QuestionBanks/police-public-relations.yaml")

    @Test("a corrected key takes the pass away and revokes the certificate; voiding the item gives both back")
    func acrossThePassMark() async throws {
        try await SittingFixture.with { fixture in
            let useCases = fixture.useCases
            let (code, access, badges) = try await GradingTests.sitting(
                fixture, exam: "police-pr-written", track: "police-pr", count: 1)
            let me = AttemptTests.officer(fixture, badges[0])
            let view = try await useCases.startAttempt(sitting: code, accessCode: access, context: me)
            let form = try await GradingTests.form(fixture, attempt: view.attempt.id)
            // Right answers worth exactly 30 of 48 (62.5%, a pass at 60): a true-false item (the
            // one whose key is corrected below), then others until 30; the rest unanswered.
            let entries = form.entries.sorted { $0.position < $1.position }
            let target = try #require(
                entries.first { if case .trueFalse = form.items[$0.itemID]?.kind { true } else { false } })
            var chosen = [target]
            var total = target.points
            for entry in entries where entry != target && total + entry.points <= 30 {
                chosen.append(entry)
                total += entry.points
            }
            #expect(total == 30)
            // Each answer saved twice, the first time in reverse order: the log holds two
            // sequences per position, not in position order, and the latest must count.
            for (sequence, pass) in [(Int64(1), Array(chosen.reversed())), (2, chosen)] {
                for entry in pass {
                    let item = try #require(form.items[entry.itemID])
                    let answer = try #require(DemoAnswers.right(item, at: entry))
                    _ = try await useCases.saveAnswer(
                        view.attempt.id, position: entry.position, AnswerSubmission(sequence: sequence, answer: answer),
                        context: me)
                }
            }
            _ = try await useCases.submitAttempt(view.attempt.id, context: me)
            let (regradeRead, liveRead) = try await fixture.database.transaction { connection in
                (
                    try await ResultRepository(logger: fixture.database.logger).latestAnswers(
                        attempts: [view.attempt.id], on: connection)[view.attempt.id] ?? [],
                    try await AttemptRepository(logger: fixture.database.logger).answers(
                        attemptID: view.attempt.id, on: connection)
                )
            }
            #expect(regradeRead.map(\.position) == chosen.map(\.position).sorted())
            #expect(regradeRead.allSatisfy { $0.sequence == 2 })
            #expect(
                regradeRead.map(\.answer)
                    == liveRead.sorted { $0.position < $1.position }.filter { $0.sequence == 2 }.map(\.answer))
            #expect(try await useCases.myResults(context: me).map(\.percent) == [62.5])
            #expect(try await GradingTests.certificates(fixture, badge: badges[0]).map(\.revoked) == [nil])

            // Version 2 of the bank flips the target item's key.
            var text = try String(contentsOf: Self.bankFile, encoding: .utf8)
            let block = try #require(text.range(of: "- id: \"\(target.itemID)\""))
            let answerLine = try #require(
                text.range(
                    of: #"answer: (true|false)"#, options: .regularExpression, range: block.upperBound..<text.endIndex))
            let flipped = text[answerLine] == "answer: true" ? "answer: false" : "answer: true"
            text.replaceSubrange(answerLine, with: flipped)
            let imported = try await useCases.importBank(
                [SourceFile(fileName: "police-public-relations.yaml", text: text)], context: useCases.trainer)
            #expect(imported.version == 2)

            // The demo's finished sitting has graded attempts at this exam too: they are regraded
            // alike; this officer's attempt is followed here.
            let demoAttempts =
                try await fixture.database.transaction {
                    try await ResultRepository(logger: fixture.database.logger).gradedAttempts(
                        exam: "police-pr-written", on: $0)
                }.count - 1
            let request = RegradeRequest(exam: "police-pr-written", dryRun: true)
            let dry = try await useCases.regrade(request, context: useCases.admin)
            #expect((dry.examined, dry.keyVersion, dry.applied) == (demoAttempts + 1, 2, false))
            let change = try #require(dry.changes.first { $0.attempt == view.attempt.id })
            #expect((change.before.score, change.before.passed) == (30, true))
            #expect((change.after.score, change.after.percent, change.after.passed) == (28, 58.333333, false))
            #expect(change.certificates == ["-police-pr"])
            // The dry run wrote nothing.
            #expect(try await useCases.myResults(context: me).map(\.score) == [30])
            #expect(try await GradingTests.certificates(fixture, badge: badges[0]).map(\.revoked) == [nil])

            var apply = request
            apply.dryRun = false
            let writtenBefore = try await Self.markWrites(fixture, attempt: view.attempt.id)
            let applied = try await useCases.regrade(apply, context: useCases.admin)
            #expect(applied.changes == dry.changes)
            // Only the corrected position's mark was written again (xmin names the transaction
            // that last wrote a row), and the result's digests are those of the marks as stored.
            let writtenAfter = try await Self.markWrites(fixture, attempt: view.attempt.id)
            #expect(writtenAfter.keys.filter { writtenAfter[$0] != writtenBefore[$0] } == [target.position])
            try await Self.expectDigestsMatch(fixture, attempt: view.attempt.id)
            #expect(applied.applied)
            #expect(try await useCases.myResults(context: me).map(\.passed) == [false])
            let today = useCases.today.description
            #expect(try await GradingTests.certificates(fixture, badge: badges[0]).map(\.revoked) == [today])
            let again = try await useCases.regrade(apply, context: useCases.admin)
            #expect(again.changes.isEmpty)
            #expect(again.examined == demoAttempts + 1)
            // Results from before digests were kept are compared mark by mark: a stored mark
            // that differs from the replay is rewritten, the others change nothing, and every
            // digest is recorded.
            try await fixture.database.transaction {
                try await $0.query(
                    """
                    UPDATE results SET mark_digests = NULL;
                    """, logger: fixture.database.logger)
                try await $0.query(
                    """
                    UPDATE item_marks SET earned = earned + 1
                    WHERE attempt_id = \(view.attempt.id) AND position = \(chosen[0].position)
                    """, logger: fixture.database.logger)
            }
            let healed = try await useCases.regrade(apply, context: useCases.admin)
            #expect(healed.changes.map(\.attempt) == [view.attempt.id])
            #expect(healed.changes.first.map { $0.before == $0.after } == true)
            try await Self.expectDigestsMatch(fixture, attempt: view.attempt.id)
            let undigested = try await fixture.database.transaction { connection in
                let rows = try await connection.query(
                    "SELECT count(*)::int FROM results WHERE mark_digests IS NULL", logger: fixture.database.logger)
                for try await count in rows.decode(Int.self) { return count }
                return -1
            }
            #expect(undigested == 0)
            #expect(try await useCases.regrade(apply, context: useCases.admin).changes.isEmpty)

            // Voiding the corrected item: 28 of 46 = 60.87%, a pass again, and the certificate back.
            var void = apply
            void.voidItem = target.itemID
            #expect(
                await AttemptTests.code { try await useCases.regrade(void, context: useCases.admin) }
                    == "reason_required")
            void.reason = "the key was disputed"
            // Limited to an item this attempt did not draw, the void still reaches every attempt
            // that drew the voided item.
            let bankItems = try await fixture.database.transaction {
                try await BankRepository(logger: fixture.database.logger).version(
                    bank: "police-public-relations", version: 2, on: $0)?.1 ?? []
            }
            void.item = try #require(bankItems.first { item in !form.entries.contains { $0.itemID == item.id } }?.id)
            let restored = try await useCases.regrade(void, context: useCases.admin)
            #expect(restored.voided == [target.itemID])
            let mine = try #require(restored.changes.first { $0.attempt == view.attempt.id })
            #expect((mine.after.passed, mine.after.maximum, mine.certificates) == (true, 46, ["+police-pr"]))
            // Every attempt that drew the voided item changes its maximum.
            #expect(restored.changes.allSatisfy { $0.after.maximum == 46 })
            #expect(try await GradingTests.certificates(fixture, badge: badges[0]).map(\.revoked) == [nil])
            #expect(try await useCases.regrade(void, context: useCases.admin).changes.isEmpty)

            // A district trainer may not regrade a force-wide exam; audit has each applied run.
            #expect(
                await AttemptTests.code { try await useCases.regrade(request, context: fixture.eastTrainer) }
                    == "forbidden")
            let audit = try await useCases.auditEntries(AuditFilter(entityType: "exam"), context: useCases.admin)
            #expect(audit.filter { $0.action == "exam.regrade" }.count == 6)
        }
    }

    /// The transaction that last wrote each of an attempt's marks, by position.
    static func markWrites(_ fixture: SittingFixture, attempt: Int64) async throws -> [Int: String] {
        try await fixture.database.transaction { connection in
            let rows = try await connection.query(
                "SELECT position, xmin::text FROM item_marks WHERE attempt_id = \(attempt)",
                logger: fixture.database.logger)
            var written: [Int: String] = [:]
            for try await (position, transaction) in rows.decode((Int, String).self) { written[position] = transaction }
            return written
        }
    }

    /// Expects the result's mark digests to be the digests of the marks stored for it.
    static func expectDigestsMatch(_ fixture: SittingFixture, attempt: Int64) async throws {
        let (result, marks) = try await fixture.database.transaction { connection in
            let results = ResultRepository(logger: fixture.database.logger)
            return (
                try await results.result(attempt: attempt, on: connection),
                try await results.marks(attempt: attempt, on: connection)
            )
        }
        #expect(result?.markDigests == marks.map(\.digest))
        #expect(marks.count > 0)
    }
}
