import Foundation
import MusterDomain
import MusterStore
import MusterTestSupport
import Testing

@testable import MusterApp

@Suite("Proctoring a sitting")
struct ProctorTests {
    /// The demo proctor as the service sees them (their real account id, so assigned sittings count).
    static func proctor(_ fixture: SittingFixture, scope: String? = nil) async throws -> UseCaseContext {
        let id = try await fixture.database.transaction {
            try await UserRepository(logger: fixture.database.logger).id(of: "demo.proctor", on: $0)
        }
        return fixture.useCases.context(
            for: Principal(
                userID: id, username: "demo.proctor", displayName: "p", badge: nil,
                grants: [RoleGrant(role: .proctor, unitScope: scope)]))
    }

    @Test("the live view shows each candidate's state, answers, flags and time; only the sitting's proctors see it")
    func monitor() async throws {
        try await SittingFixture.with { fixture in
            let useCases = fixture.useCases
            let detail = try await AttemptTests.demoSitting(fixture)
            fixture.clock.advance(by: 7 * 86_400 - 3_600)
            let first = detail.enrollments[0].badge
            let me = AttemptTests.officer(fixture, first)
            let view = try await useCases.startAttempt(
                sitting: detail.sitting.code, accessCode: detail.sitting.accessCode, context: me)
            let choices = view.items.filter { $0.kind == "single-choice" }.prefix(3)
            for (index, item) in choices.enumerated() {
                _ = try await useCases.saveAnswer(
                    view.attempt.id, position: item.position,
                    AnswerSubmission(sequence: 1, answer: .choice(0), flagged: index == 0), context: me)
            }
            _ = try await useCases.saveAnswer(
                view.attempt.id, position: choices.last!.position, AnswerSubmission(sequence: 2, answer: nil),
                context: me)
            fixture.clock.advance(by: 600)
            // Assigned to the sitting, though scoped to another district.
            let proctor = try await Self.proctor(fixture, scope: "PSB.WEST")
            let monitor = try await useCases.monitorSitting(detail.sitting.code, context: proctor)
            #expect(monitor.candidates.count == detail.enrollments.count)
            let line = try #require(monitor.candidates.first { $0.badge == first })
            #expect((line.state, line.answered, line.flagged, line.items) == ("active", 2, 1, 20))
            #expect(line.secondsRemaining == 35 * 60)
            #expect(monitor.counts == ["active": 1, "not-started": detail.enrollments.count - 1])
            let stranger = useCases.signedIn("west.proctor", [RoleGrant(role: .proctor, unitScope: "PSB.WEST")])
            #expect(
                await AttemptTests.code { try await useCases.monitorSitting(detail.sitting.code, context: stranger) }
                    == "sitting_not_found")
            #expect(
                await AttemptTests.code { try await useCases.monitorSitting(detail.sitting.code, context: me) }
                    == "forbidden")
        }
    }

    @Test("extending moves the deadline and is audited; voiding closes the attempt for good")
    func extendAndVoid() async throws {
        try await SittingFixture.with { fixture in
            let useCases = fixture.useCases
            let detail = try await AttemptTests.demoSitting(fixture)
            fixture.clock.advance(by: 7 * 86_400 - 3_600)
            let (firstBadge, secondBadge) = (detail.enrollments[0].badge, detail.enrollments[1].badge)
            let first = AttemptTests.officer(fixture, firstBadge)
            let second = AttemptTests.officer(fixture, secondBadge)
            let one = try await useCases.startAttempt(
                sitting: detail.sitting.code, accessCode: detail.sitting.accessCode, context: first)
            let two = try await useCases.startAttempt(
                sitting: detail.sitting.code, accessCode: detail.sitting.accessCode, context: second)
            let proctor = try await Self.proctor(fixture)
            #expect(
                await AttemptTests.code {
                    try await useCases.extendAttempt(one.attempt.id, minutes: 0, reason: "x", context: proctor)
                } == "invalid_minutes")
            #expect(
                await AttemptTests.code {
                    try await useCases.extendAttempt(one.attempt.id, minutes: 10, reason: " ", context: proctor)
                } == "reason_required")
            #expect(
                await AttemptTests.code {
                    try await useCases.extendAttempt(
                        one.attempt.id, minutes: 10, reason: "terminal froze", context: first)
                } == "forbidden")
            let deadline = try await useCases.extendAttempt(
                one.attempt.id, minutes: 10, reason: "terminal froze", context: proctor)
            #expect(deadline == one.attempt.deadline.addingTimeInterval(600))
            fixture.clock.advance(by: 50 * 60)  // past the original deadline and grace, inside the extension
            let position = one.items[0].position
            let late = try await useCases.saveAnswer(
                one.attempt.id, position: position, AnswerSubmission(sequence: 1, answer: nil), context: first)
            #expect((late.outcome, late.secondsRemaining) == (.saved, 5 * 60))

            try await useCases.voidAttempt(two.attempt.id, reason: "used a phone", context: proctor)
            try await useCases.voidAttempt(two.attempt.id, reason: "used a phone", context: proctor)
            #expect(
                await AttemptTests.code {
                    try await useCases.saveAnswer(
                        two.attempt.id, position: two.items[0].position, AnswerSubmission(sequence: 1, answer: nil),
                        context: second)
                } == "attempt_closed")
            #expect(
                await AttemptTests.code { try await useCases.submitAttempt(two.attempt.id, context: second) }
                    == "attempt_closed")
            #expect(try await useCases.attemptView(two.attempt.id, context: second).attempt.status == .voided)
            fixture.clock.advance(by: 20 * 60)
            #expect(try await useCases.submitDueAttempts() == [one.attempt.id])
            let audit = try await useCases.auditEntries(AuditFilter(entityType: "attempt"), context: useCases.admin)
            #expect(audit.map(\.action) == ["attempt.extend", "attempt.void", "attempt.auto-submit"])
            #expect(audit[0].actor == "demo.proctor")
            #expect(try EnrollmentTests.field("reason", of: audit[0].after) == "terminal froze")
            #expect(try EnrollmentTests.field("reason", of: audit[1].after) == "used a phone")
        }
    }

    @Test("pausing stops the clock: saves wait, the deadline service waits, resuming moves the deadline on; audited")
    func pauseAndResume() async throws {
        try await SittingFixture.with { fixture in
            let useCases = fixture.useCases
            let detail = try await AttemptTests.demoSitting(fixture)
            fixture.clock.advance(by: 7 * 86_400 - 3_600)
            let badge = detail.enrollments[0].badge
            let me = AttemptTests.officer(fixture, badge)
            let view = try await useCases.startAttempt(
                sitting: detail.sitting.code, accessCode: detail.sitting.accessCode, context: me)
            let position = view.items[0].position
            let proctor = try await Self.proctor(fixture)
            fixture.clock.advance(by: 10 * 60)
            _ = try await useCases.saveAnswer(
                view.attempt.id, position: position, AnswerSubmission(sequence: 1, answer: nil), context: me)
            #expect(
                await AttemptTests.code {
                    try await useCases.resumeAttempt(view.attempt.id, reason: "x", context: proctor)
                } == "attempt_not_paused")
            #expect(
                await AttemptTests.code { try await useCases.pauseAttempt(view.attempt.id, reason: "x", context: me) }
                    == "forbidden")
            let paused = try await useCases.pauseAttempt(
                view.attempt.id, reason: "candidate taken ill", context: proctor)
            #expect(paused.pausedAt == fixture.clock.wallClock.now())
            #expect(
                await AttemptTests.code {
                    try await useCases.pauseAttempt(view.attempt.id, reason: "again", context: proctor)
                } == "attempt_paused")
            #expect(
                await AttemptTests.code {
                    try await useCases.saveAnswer(
                        view.attempt.id, position: position, AnswerSubmission(sequence: 2, answer: nil), context: me)
                } == "attempt_paused")
            // An hour paused: past the original deadline, yet not handed in, and the time left is held,
            // in the candidate's view, in a retried save's answer and on the proctor's monitor.
            fixture.clock.advance(by: 60 * 60)
            #expect(try await useCases.submitDueAttempts() == [])
            #expect(try await useCases.attemptView(view.attempt.id, context: me).secondsRemaining == 35 * 60)
            let retried = try await useCases.saveAnswer(
                view.attempt.id, position: position, AnswerSubmission(sequence: 1, answer: nil), context: me)
            #expect((retried.outcome, retried.secondsRemaining) == (.held, 35 * 60))
            let pausedRow = try await useCases.monitorSitting(detail.sitting.code, context: proctor).candidates.first {
                $0.badge == badge
            }
            #expect(pausedRow?.state == "paused")
            #expect(pausedRow?.secondsRemaining == 35 * 60)
            let resumed = try await useCases.resumeAttempt(view.attempt.id, reason: "back", context: proctor)
            #expect(resumed.deadline == view.attempt.deadline.addingTimeInterval(60 * 60))
            #expect(resumed.pausedAt == nil)
            let saved = try await useCases.saveAnswer(
                view.attempt.id, position: position, AnswerSubmission(sequence: 2, answer: .choice(0)), context: me)
            #expect((saved.outcome, saved.secondsRemaining) == (.saved, 35 * 60))
            let monitor = try await useCases.monitorSitting(detail.sitting.code, context: proctor)
            #expect(monitor.candidates.first { $0.badge == badge }?.state == "active")
            let audit = try await useCases.auditEntries(AuditFilter(entityType: "attempt"), context: useCases.admin)
            #expect(audit.map(\.action) == ["attempt.pause", "attempt.resume"])
            #expect(try EnrollmentTests.field("reason", of: audit[0].after) == "candidate taken ill")

            // A pause nobody ends does not outlive the sitting: once its end and the deadline are
            // past the grace, the attempt is handed in with the answers saved before the pause.
            _ = try await useCases.pauseAttempt(view.attempt.id, reason: "fire drill", context: proctor)
            fixture.clock.advance(by: 30 * 60)
            #expect(try await useCases.submitDueAttempts() == [])
            fixture.clock.advance(by: 2 * 86_400)
            #expect(try await useCases.submitDueAttempts() == [view.attempt.id])
            let closed = try await useCases.attemptView(view.attempt.id, context: me)
            #expect(closed.attempt.status == .submitted)
            #expect(closed.attempt.submittedBy == "auto")
            #expect(closed.answers.map(\.answer) == [.choice(0)])
        }
    }
}
