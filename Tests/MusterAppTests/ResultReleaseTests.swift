import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport
import Testing

@testable import MusterApp

@Suite("Releasing withheld results")
struct ResultReleaseTests {
    @Test("review none withholds the score until a trainer releases the sitting; releasing again changes nothing")
    func release() async throws {
        try await SittingFixture.with { fixture in
            let useCases = fixture.useCases
            let shipped = try #require(ShippedExams.files.first { $0.fileName.hasSuffix("police-pr-written.yaml") })
            // A new version of the paper that shows candidates nothing until release.
            let text = shipped.text.replacingOccurrences(of: "review: responses", with: "review: none")
            #expect(text.contains("review: none"))
            _ = try await useCases.createExam(SourceFile(fileName: "closed.yaml", text: text), context: useCases.admin)
            let (code, access, badges) = try await GradingTests.sitting(
                fixture, exam: "police-pr-written", track: "police-pr", count: 1)
            let me = AttemptTests.officer(fixture, badges[0])
            let view = try await useCases.startAttempt(sitting: code, accessCode: access, context: me)
            _ = try await useCases.submitAttempt(view.attempt.id, context: me)

            let withheld = try await useCases.myResults(context: me)
            #expect(withheld.map(\.released) == [false])
            #expect(withheld.first?.score == nil && withheld.first?.passed == nil)
            // Staff see the score all along.
            #expect(try await useCases.officerResults(badge: badges[0], context: useCases.hr).first?.score == 0)

            #expect(
                await AttemptTests.code { try await useCases.releaseResults(sitting: code, context: me) } == "forbidden"
            )
            #expect(
                await AttemptTests.code {
                    try await useCases.releaseResults(sitting: "S20990101-01", context: fixture.trainer)
                }
                    == "sitting_not_found")
            let release = try await useCases.releaseResults(sitting: code, context: fixture.trainer)
            #expect(release.releasedNow)
            #expect(release.attempts == 1)
            let shown = try await useCases.myResults(context: me)
            #expect(shown.map(\.released) == [true])
            #expect(shown.first?.score == 0)
            #expect(shown.first?.passed == false)

            let again = try await useCases.releaseResults(sitting: code, context: fixture.trainer)
            #expect(!again.releasedNow)
            #expect(again.releasedAt == release.releasedAt)
            let audit = try await fixture.database.withConnection { connection in
                try await connection.query(
                    "SELECT count(*)::int FROM audit_log WHERE action = 'results.release'",
                    logger: fixture.database.logger
                ).collect().first?.decode(Int.self)
            }
            #expect(audit == 1)
        }
    }
}
