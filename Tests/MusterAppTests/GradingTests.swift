import Foundation
import MusterDomain
import MusterStore
import MusterTestSupport
import PostgresNIO
import Testing

@testable import MusterApp

/// Grading on hand-in and on auto-submit, the stored result read back column by column, and the
/// track's certificate issued in the same transaction as a final pass.
@Suite("Grading handed-in attempts")
struct GradingTests {
    /// A place in a sitting of `exam` on day 3 for each of `count` free officers with the track's
    /// hours and no valid certificate of it yet, and the clock at 09:05 of that day.
    static func sitting(
        _ fixture: SittingFixture, exam: String, track: String, count: Int, duty: Officer.DutyType? = nil
    ) async throws -> (code: String, accessCode: String, badges: [String]) {
        let compliance = try await fixture.useCases.compliance(track: track, context: fixture.useCases.admin)
        let holders = Set(compliance.tracks.flatMap(\.officers).filter { $0.status != .missing }.map(\.badge))
        let badges = Array(
            try await fixture.freeOfficers(duty: duty, count: count + 200).map(\.badge).filter { !holders.contains($0) }
                .prefix(count))
        try await fixture.giveHours(badges, track: track)
        let sitting = try await fixture.useCases.scheduleSitting(
            fixture.plan(exam, day: 3, minutes: 90, capacity: 10), context: fixture.trainer)
        _ = try await fixture.useCases.enroll(
            SittingFixture.candidates(badges), in: sitting.code, context: fixture.trainer)
        fixture.clock.advance(by: 3 * 86_400 - 3_300)
        let detail = try await fixture.useCases.showSitting(sitting.code, context: fixture.trainer)
        return (sitting.code, detail.sitting.accessCode, badges)
    }

    /// The attempt's form with its keys, as grading sees it.
    static func form(_ fixture: SittingFixture, attempt: Int64) async throws -> AttemptForm {
        try await fixture.database.transaction { connection in
            let (attempt, entries) = try #require(
                try await AttemptRepository(logger: fixture.database.logger).attempt(id: attempt, on: connection))
            return try await fixture.useCases.attemptForm(
                attempt, entries: entries, on: connection, context: fixture.useCases.admin)
        }
    }

    /// The certificates rows of one officer, every column.
    static func certificates(
        _ fixture: SittingFixture, badge: String
    ) async throws
        -> [(code: String, issued: String, validUntil: String?, revoked: String?, source: String, attempt: Int64?)]
    {
        try await fixture.database.transaction { connection in
            let rows = try await connection.query(
                """
                SELECT c.certificate, c.issued::text, c.valid_until::text, c.revoked_on::text, c.source, c.attempt_id
                FROM certificates c JOIN officers o ON o.id = c.officer_id
                WHERE o.badge = \(badge) AND c.source = 'exam' ORDER BY c.issued
                """, logger: fixture.database.logger)
            var found: [(String, String, String?, String?, String, Int64?)] = []
            for try await row in rows.decode((String, String, String?, String?, String, Int64?).self) {
                found.append(row)
            }
            return found.map {
                (code: $0.0, issued: $0.1, validUntil: $0.2, revoked: $0.3, source: $0.4, attempt: $0.5)
            }
        }
    }

    @Test("handing in grades every position from its saved answer; a final pass with the hours issues the certificate")
    func handInGrades() async throws {
        try await SittingFixture.with { fixture in
            let useCases = fixture.useCases
            let (code, access, badges) = try await Self.sitting(
                fixture, exam: "police-pr-written", track: "police-pr", count: 2)
            let me = AttemptTests.officer(fixture, badges[0])
            let view = try await useCases.startAttempt(sitting: code, accessCode: access, context: me)
            let form = try await Self.form(fixture, attempt: view.attempt.id)
            // Every position answered right, except the first answered wrong; the sequence of the
            // last save of each position is what its mark must name.
            var expectedScore = 0.0
            var sequences: [Int: Int64] = [:]
            for entry in form.entries {
                let item = try #require(form.items[entry.itemID])
                let wrong = entry.position == 1
                let answer = try #require(
                    wrong ? DemoAnswers.wrong(item, at: entry) : DemoAnswers.right(item, at: entry))
                if !wrong { expectedScore += entry.points }
                // Saved twice: a cleared answer first, then the real one.
                _ = try await useCases.saveAnswer(
                    view.attempt.id, position: entry.position, AnswerSubmission(sequence: 1, answer: nil), context: me)
                _ = try await useCases.saveAnswer(
                    view.attempt.id, position: entry.position, AnswerSubmission(sequence: 2, answer: answer),
                    context: me)
                sequences[entry.position] = 2
            }
            let maximum = form.entries.map(\.points).reduce(0, +)
            #expect(maximum == 48)
            fixture.clock.advance(by: 20 * 60)
            let receipt = try await useCases.submitAttempt(view.attempt.id, context: me)
            #expect(receipt.attempt.status == .submitted)

            let (stored, marks) = try await fixture.database.transaction { connection in
                let results = ResultRepository(logger: fixture.database.logger)
                return (
                    try await results.result(attempt: view.attempt.id, on: connection),
                    try await results.marks(attempt: view.attempt.id, on: connection)
                )
            }
            let result = try #require(stored)
            let percent = (expectedScore / maximum * 100 * 1_000_000).rounded() / 1_000_000
            #expect(result.attempt == view.attempt.id)
            #expect(result.badge == badges[0])
            #expect((result.exam, result.examVersion, result.sitting) == ("police-pr-written", 1, code))
            #expect(result.attemptNumber == 1)
            #expect(result.submittedAt == fixture.clock.wallClock.now())
            #expect((result.score, result.maximum, result.percent) == (expectedScore, maximum, percent))
            #expect(result.isFinal)
            #expect(result.passed == true)
            #expect(result.band == (percent >= 90 ? "excellent" : percent >= 80 ? "good" : "pass"))
            #expect(!result.placeholderTable)
            #expect(result.keyVersion == 1)
            #expect(result.gradedAt == fixture.clock.wallClock.now())
            #expect(marks.map(\.position) == form.entries.map(\.position).sorted())
            for mark in marks {
                let entry = try #require(form.entries.first { $0.position == mark.position })
                #expect(mark.itemID == entry.itemID)
                #expect(mark.sequence == sequences[mark.position])
                #expect(mark.maximum == entry.points)
                #expect(mark.earned == (mark.position == 1 ? 0 : entry.points))
                #expect(mark.method == .auto)
                #expect(!mark.placeholderTable)
            }

            // The certificate: issued the day of the hand-in, valid three years less a day, linked.
            let today = fixture.useCases.calendar.day(of: fixture.clock.wallClock.now())
            let held = try await Self.certificates(fixture, badge: badges[0])
            #expect(held.count == 1)
            #expect(held.first?.code == "police-pr")
            #expect(held.first?.issued == today.description)
            #expect(held.first?.validUntil == today.addingMonths(36).addingDays(-1).description)
            #expect(held.first?.revoked == nil)
            #expect(held.first?.attempt == view.attempt.id)
            let audit = try await useCases.auditEntries(AuditFilter(entityType: "certificate"), context: useCases.admin)
            #expect(audit.filter { $0.entityID == "\(badges[0])/police-pr" }.map(\.action) == ["certificate.issue"])

            // The officer sees the score (the exam's review policy shows it).
            let mine = try await useCases.myResults(context: me)
            #expect(mine.count == 1)
            #expect(mine.first?.state == "final")
            #expect(mine.first?.released == true)
            #expect(mine.first?.score == expectedScore)
            #expect(mine.first?.passed == true)
            // The paper's review policy is `responses`: every position with the answer given in
            // words, its marks, and no key.
            let reviewed = try #require(mine.first?.responses)
            #expect(reviewed.map(\.position) == form.entries.map(\.position).sorted())
            for response in reviewed {
                let mark = try #require(marks.first { $0.position == response.position })
                #expect(response.item == mark.itemID)
                #expect(response.earned == mark.earned)
                #expect(response.maximum == mark.maximum)
                #expect(response.method == "auto")
                #expect(!response.prompt.isEmpty)
                #expect(response.answer?.isEmpty == false, "position \(response.position) was answered")
            }
            let json = String(decoding: try JSONEncoder().encode(reviewed), as: UTF8.self)
            #expect(!json.contains("fraction") && !json.contains("\"key\""))

            // Handing in again grades nothing twice and issues nothing more.
            _ = try await useCases.submitAttempt(view.attempt.id, context: me)
            #expect(try await Self.certificates(fixture, badge: badges[0]).count == 1)

            // The second officer answers nothing; the deadline service hands in and grades: 0, failed.
            let other = AttemptTests.officer(fixture, badges[1])
            let second = try await useCases.startAttempt(sitting: code, accessCode: access, context: other)
            fixture.clock.advance(by: 2 * 3_600)
            #expect(try await useCases.submitDueAttempts() == [second.attempt.id])
            let failed = try await useCases.myResults(context: other)
            #expect(failed.map(\.score) == [0])
            #expect(failed.map(\.passed) == [false])
            #expect(failed.map(\.band) == [nil])
            #expect(try await Self.certificates(fixture, badge: badges[1]).isEmpty)

            // The transcripts: HR and the officer themself read them; another officer cannot.
            let passed = try await useCases.transcript(badge: badges[0], context: useCases.hr)
            let track = try #require(passed.tracks.first { $0.track == "police-pr" })
            #expect(track.modules.allSatisfy { $0.attended == $0.required })
            #expect(track.attempts.map(\.attempt) == [view.attempt.id])
            #expect(track.attempts.map(\.passed) == [true])
            #expect(track.certificate?.status == "valid")
            #expect(track.certificate?.issued == today)
            #expect(track.missing.isEmpty)
            let failing = try await useCases.transcript(badge: badges[1], context: other)
            let failedTrack = try #require(failing.tracks.first { $0.track == "police-pr" })
            // (The demo may have given them a certificate that has since expired.)
            #expect(failedTrack.certificate?.status != "valid")
            #expect(failedTrack.missing.first == "exam police-pr-written: not passed")
            #expect(failedTrack.missing.count == (failedTrack.certificate == nil ? 1 : 2))
            #expect(
                await AttemptTests.code { try await useCases.transcript(badge: badges[0], context: other) }
                    == "officer_not_found")
            let page = try ReportPages.transcript(failing)
            #expect(page.contains("exam police-pr-written: not passed"))
            #expect(page.contains(badges[1]))
            #expect(!page.contains("{{") && !page.contains("src=") && !page.contains("href="))
        }
    }

    @Test("statistics of the final results: first attempts, the form's slots, a self-contained HTML page")
    func statistics() async throws {
        try await SittingFixture.with { fixture in
            let useCases = fixture.useCases
            // The theory paper of practical skills: the demo has no results for it.
            let (code, access, badges) = try await Self.sitting(
                fixture, exam: "practical-skills-theory", track: "practical-skills", count: 3, duty: .frontline)
            // The first officer answers everything right, the second the first half, the third nothing.
            var totals: [Double] = []
            for (index, badge) in badges.enumerated() {
                let me = AttemptTests.officer(fixture, badge)
                let view = try await useCases.startAttempt(sitting: code, accessCode: access, context: me)
                let form = try await Self.form(fixture, attempt: view.attempt.id)
                var total = 0.0
                for entry in form.entries.sorted(by: { $0.position < $1.position })
                where index == 0 || (index == 1 && entry.position <= 10) {
                    let item = try #require(form.items[entry.itemID])
                    let answer = try #require(DemoAnswers.right(item, at: entry))
                    _ = try await useCases.saveAnswer(
                        view.attempt.id, position: entry.position, AnswerSubmission(sequence: 1, answer: answer),
                        context: me)
                    total += entry.points
                }
                totals.append(total)
                _ = try await useCases.submitAttempt(view.attempt.id, context: me)
            }
            let report = try await useCases.examStatistics("practical-skills-theory", context: fixture.trainer)
            #expect(report.statistics.attempts == 3)
            #expect(report.statistics.maximum == 50)
            #expect(abs(report.statistics.meanScore - totals.reduce(0, +) / 3) < 1e-9)
            #expect(report.statistics.medianScore == totals.sorted()[1])
            #expect(report.statistics.distribution.reduce(0, +) == 3)
            #expect(report.statistics.distribution[9] == 1)
            #expect(report.statistics.distribution[0] == 1)
            #expect(report.statistics.items.allSatisfy { report.prompts[$0.item]?.isEmpty == false })
            // Every item is calibrated or named as extreme; the difficulties are centred.
            #expect(
                Set(report.rasch.items.map(\.item)).union(report.rasch.extremeItems.keys)
                    == Set(report.statistics.items.map(\.item)))
            #expect(abs(report.rasch.items.map(\.difficulty).reduce(0, +)) < 1e-6)
            // 20 slots (section and rank), so alpha is defined once totals vary.
            #expect(report.statistics.alpha != nil)
            #expect(
                await AttemptTests.code {
                    try await useCases.examStatistics(
                        "police-pr-written", context: AttemptTests.officer(fixture, badges[0]))
                } == "forbidden")

            let page = try ReportPages.examStatistics(report, generatedAt: "2026-11-28 10:00")
            #expect(page.hasPrefix("<!DOCTYPE html>"))
            #expect(page.contains("Rasch difficulty"))
            #expect(page.components(separatedBy: "<rect ").count == 11)
            #expect(page.contains("<circle ") || report.statistics.items.allSatisfy { $0.discriminationIndex == nil })
            #expect(!page.contains("src=") && !page.contains("href=") && !page.contains("{{"))
            let prompt = try #require(report.prompts.values.first { $0.contains("“") || $0.contains("，") })
            #expect(page.contains(prompt) || page.contains(prompt.replacingOccurrences(of: "\"", with: "&quot;")))
        }
    }
}
