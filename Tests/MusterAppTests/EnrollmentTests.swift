import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport
import PostgresNIO
import Testing

@testable import MusterApp

@Suite("Enrolling candidates")
struct EnrollmentTests {
    /// The refusal of `body`, or a recorded issue when it succeeds.
    static func refusal(_ body: () async throws -> some Any) async -> MusterError? {
        do {
            _ = try await body()
            Issue.record("the enrollment was accepted")
            return nil
        } catch let error as MusterError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    /// A text field of an audit row's JSON.
    static func field(_ name: String, of json: String?) throws -> String? {
        guard let json else { return nil }
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return object?[name] as? String
    }

    @Test("every refusal reason is reported per candidate, and one refusal enrolls nobody")
    func refusalsEndToEnd() async throws {
        try await SittingFixture.with { fixture in
            let useCases = fixture.useCases
            let east = try await fixture.freeOfficers(under: "PSB.EAST", count: 5).map(\.badge)
            let west = try await fixture.freeOfficers(under: "PSB.WEST", count: 1)[0].badge
            try await fixture.giveHours(Array(east.prefix(4)), track: "computer-literacy")
            let sitting = try await useCases.scheduleSitting(
                fixture.plan(day: 20, capacity: 3), context: fixture.eastTrainer)
            let mixed = [
                Candidate(badge: east[0]), Candidate(badge: west), Candidate(badge: east[4]),
                Candidate(badge: "P100001"),
                Candidate(badge: east[0]), Candidate(badge: east[1], accommodationMinutes: 30),
            ]
            let error = await Self.refusal {
                try await useCases.enroll(mixed, in: sitting.code, context: fixture.eastTrainer)
            }
            #expect(error?.code == "enrollment_refused")
            #expect(error?.message == "5 of 6 candidates cannot be enrolled in \(sitting.code); nobody was enrolled.")
            #expect(
                error.map(SittingFixture.reasons) == [
                    "\(west):officer_not_found", "\(east[4]):modules_incomplete", "P100001:cooldown",
                    "\(east[0]):listed_twice", "\(east[1]):accommodation_too_long", "\(east[1]):sitting_full",
                ])
            var shown = try await useCases.showSitting(sitting.code, context: fixture.eastTrainer)
            #expect(shown.sitting.enrolled == 0)
            #expect(shown.enrollments.isEmpty)

            let report = try await useCases.enroll(
                SittingFixture.candidates(Array(east.prefix(3))), in: sitting.code, context: fixture.eastTrainer)
            #expect((report.enrolled, report.unchanged, report.seatsLeft) == (Array(east.prefix(3)), [], 0))
            let full = await Self.refusal {
                try await useCases.enroll([Candidate(badge: east[3])], in: sitting.code, context: fixture.eastTrainer)
            }
            #expect(full.map(SittingFixture.reasons) == ["\(east[3]):sitting_full"])
            // Enrolling someone already enrolled changes nothing, even when the sitting is full;
            // a new accommodation is stored.
            let again = try await useCases.enroll(
                [Candidate(badge: east[0]), Candidate(badge: east[1], accommodationMinutes: 15)], in: sitting.code,
                context: fixture.eastTrainer)
            #expect((again.enrolled, again.unchanged) == ([east[1]], [east[0]]))
            shown = try await useCases.showSitting(sitting.code, context: fixture.eastTrainer)
            #expect(shown.enrollments.map(\.badge) == Array(east.prefix(3)).sorted())
            #expect(shown.enrollments.first { $0.badge == east[1] }?.accommodationMinutes == 15)
            #expect(shown.enrollments.allSatisfy { $0.status == .enrolled && $0.unit.hasPrefix("PSB.EAST") })

            // A file's refusals carry the row's place; a malformed file is refused before any check.
            let file = SourceFile(
                fileName: "e.csv", text: "badge,accommodation_minutes\r\n\(east[3]),\r\n\(west),5\r\n")
            let fromFile = await Self.refusal {
                try await useCases.enroll(
                    try useCases.candidates(from: file), in: sitting.code, context: fixture.eastTrainer)
            }
            #expect(
                fromFile?.details == [
                    "e.csv:2:1: \(east[3]): sitting_full: sitting \(sitting.code) has 0 seats left for 1 new candidate",
                    "e.csv:3:1: \(west): officer_not_found: no officer with badge '\(west)' in your scope",
                ])
            let malformed = await Self.refusal {
                try useCases.candidates(from: SourceFile(fileName: "m.csv", text: "badge,minutes\nP1,3\n"))
            }
            #expect(malformed?.code == "enrollment_rejected")

            // The practical-skills track is for frontline officers only.
            let support = try await fixture.freeOfficers(under: "PSB.EAST", duty: .support, count: 1)[0].badge
            try await fixture.giveHours([support], track: "practical-skills")
            let practical = try await useCases.scheduleSitting(
                fixture.plan("practical-skills-theory", venue: "Room 3", day: 20), context: fixture.eastTrainer)
            let barred = await Self.refusal {
                try await useCases.enroll([Candidate(badge: support)], in: practical.code, context: fixture.eastTrainer)
            }
            #expect(
                barred?.details == [
                    "\(support): not_in_audience: track practical-skills is for frontline officers; \(support) is support"
                ])
        }
    }

    @Test("attempts are taken by places held and given back by a cancellation; clashes are refused")
    func attemptsAndClashes() async throws {
        try await SittingFixture.with { fixture in
            let useCases = fixture.useCases
            let candidate = try await fixture.freeOfficers(count: 1)[0].badge
            try await fixture.giveHours([candidate], track: "police-pr")
            try await fixture.giveHours([candidate], track: "computer-literacy")
            var sittings: [Sitting] = []
            for day in [40, 80, 120] {
                sittings.append(
                    try await useCases.scheduleSitting(
                        fixture.plan("police-pr-written", day: day), context: fixture.trainer))
            }
            for sitting in sittings.prefix(2) {
                _ = try await useCases.enroll([Candidate(badge: candidate)], in: sitting.code, context: fixture.trainer)
            }
            let third = await Self.refusal {
                try await useCases.enroll([Candidate(badge: candidate)], in: sittings[2].code, context: fixture.trainer)
            }
            #expect(third.map(SittingFixture.reasons) == ["\(candidate):no_attempts_left"])
            #expect(third?.details.first?.hasSuffix("the exam allows 2 attempts") == true)
            _ = try await useCases.cancelSitting(sittings[0].code, reason: "trainer ill", context: fixture.trainer)
            let report = try await useCases.enroll(
                [Candidate(badge: candidate)], in: sittings[2].code, context: fixture.trainer)
            #expect(report.enrolled == [candidate])
            // Another exam at the same time clashes.
            let clash = try await useCases.scheduleSitting(
                fixture.plan(venue: "Room 5", day: 80, from: "09:30"), context: fixture.trainer)
            let refused = await Self.refusal {
                try await useCases.enroll([Candidate(badge: candidate)], in: clash.code, context: fixture.trainer)
            }
            #expect(refused.map(SittingFixture.reasons) == ["\(candidate):overlapping_sitting"])
            let closed = await Self.refusal {
                try await useCases.enroll([Candidate(badge: candidate)], in: sittings[0].code, context: fixture.trainer)
            }
            #expect(closed?.code == "sitting_closed")
            #expect(closed?.message == "Sitting \(sittings[0].code) was cancelled.")
        }
    }

    @Test("concurrent enrollments into the last seat: exactly one wins; the database refuses overbooking itself")
    func lastSeat() async throws {
        try await SittingFixture.with { fixture in
            let useCases = fixture.useCases
            let badges = try await fixture.freeOfficers(count: 8).map(\.badge)
            try await fixture.giveHours(badges, track: "computer-literacy")
            let sitting = try await useCases.scheduleSitting(
                fixture.plan(day: 20, capacity: 1), context: fixture.trainer)
            let outcomes = await withTaskGroup(of: String.self) { group in
                for badge in badges {
                    group.addTask {
                        do {
                            _ = try await useCases.enroll(
                                [Candidate(badge: badge)], in: sitting.code, context: fixture.trainer)
                            return "enrolled"
                        } catch let error as MusterError {
                            return SittingFixture.reasons(of: error).first.map { String($0.split(separator: ":")[1]) }
                                ?? error.code
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                var all: [String] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { $0 == "enrolled" }.count == 1)
            #expect(outcomes.filter { $0 == "sitting_full" }.count == 7)
            let shown = try await useCases.showSitting(sitting.code, context: fixture.trainer)
            #expect(shown.sitting.enrolled == 1)
            #expect(shown.enrollments.count == 1)
            // Straight SQL past the application cannot overbook either.
            let loser = try #require(badges.first { $0 != shown.enrollments[0].badge })
            await #expect(throws: PSQLError.self) {
                try await fixture.database.client.query(
                    """
                    INSERT INTO sitting_enrollments (sitting_id, officer_id, changed_by, changed_at)
                    SELECT s.id, o.id, 'sql', now() FROM sittings s, officers o
                    WHERE s.code = \(sitting.code) AND o.badge = \(loser)
                    """)
            }
        }
    }

    @Test("moving, withdrawing and cancelling keep enrollments consistent and are audited")
    func rescheduleWithdrawCancel() async throws {
        try await SittingFixture.with { fixture in
            let useCases = fixture.useCases
            let trainer = fixture.trainer
            let badges = try await fixture.freeOfficers(count: 2).map(\.badge)
            let (first, second) = (badges[0], badges[1])
            try await fixture.giveHours(badges, track: "computer-literacy")
            try await fixture.giveHours([first], track: "police-pr")
            let exam = try await useCases.scheduleSitting(fixture.plan(day: 30, capacity: 5), context: trainer)
            let other = try await useCases.scheduleSitting(
                fixture.plan("police-pr-written", venue: "Room 8", day: 30, from: "11:00"), context: trainer)
            _ = try await useCases.enroll(
                [Candidate(badge: first, accommodationMinutes: 10), Candidate(badge: second)], in: exam.code,
                context: trainer)
            _ = try await useCases.enroll([Candidate(badge: first)], in: other.code, context: trainer)

            func refusal(_ change: SittingChange) async -> MusterError? {
                await Self.refusal { try await useCases.rescheduleSitting(exam.code, change, context: trainer) }
            }
            let clash = await refusal(SittingChange(start: fixture.time(30, "11:30"), end: fixture.time(30, "12:30")))
            #expect(clash?.code == "reschedule_refused")
            #expect(clash.map(SittingFixture.reasons) == ["\(first):overlapping_sitting"])
            #expect(await refusal(SittingChange(capacity: 1))?.code == "capacity_below_enrolled")
            #expect(
                await refusal(
                    SittingChange(venue: "room 8", start: fixture.time(30, "11:00"), end: fixture.time(30, "12:00")))?
                    .code == "venue_double_booked")
            let tight = await refusal(SittingChange(end: fixture.time(30, "09:50")))
            #expect(tight.map(SittingFixture.reasons) == ["\(first):accommodation_too_long"])
            #expect(await refusal(SittingChange(end: fixture.time(30, "09:40")))?.code == "window_too_short")

            let moved = try await useCases.rescheduleSitting(
                exam.code,
                SittingChange(
                    start: fixture.time(31, "14:00"), end: fixture.time(31, "15:00"), proctor: "demo.proctor"),
                context: trainer)
            let shown = try await useCases.showSitting(exam.code, context: trainer).sitting
            #expect(shown == moved)
            #expect(SittingFixture.calendar.minuteText(of: shown.startsAt) == "2026-12-26 14:00")
            #expect((shown.proctor, shown.code, shown.enrolled) == ("demo.proctor", exam.code, 2))

            let withdrawn = try await useCases.withdraw(second, from: exam.code, context: trainer)
            #expect((withdrawn.withdrawn, withdrawn.seatsLeft) == ([second], 4))
            let detail = try await useCases.showSitting(exam.code, context: trainer)
            #expect(
                detail.enrollments.map(\.status)
                    == (first < second ? [.enrolled, .withdrawn] : [.withdrawn, .enrolled]))
            #expect(detail.sitting.enrolled == 1)
            #expect(
                await Self.refusal { try await useCases.withdraw(second, from: exam.code, context: trainer) }?.code
                    == "not_enrolled")
            #expect(
                try await useCases.enroll([Candidate(badge: second)], in: exam.code, context: trainer).enrolled == [
                    second
                ])

            #expect(
                await Self.refusal { try await useCases.cancelSitting(exam.code, reason: " ", context: trainer) }?.code
                    == "reason_required")
            let cancelled = try await useCases.cancelSitting(exam.code, reason: "venue closed", context: trainer)
            #expect((cancelled.status, cancelled.cancelReason) == (.cancelled, "venue closed"))
            let officer = useCases.signedIn("o", [RoleGrant(role: .officer)], badge: first)
            #expect(try await useCases.mySittings(context: officer).map(\.sitting) == [other.code])
            #expect(
                await Self.refusal { try await useCases.cancelSitting(exam.code, reason: "again", context: trainer) }?
                    .code == "sitting_closed")
            #expect(await refusal(SittingChange(capacity: 9))?.code == "sitting_closed")

            let audit = try await useCases.auditEntries(
                AuditFilter(entityType: "sitting", entityID: exam.code), context: useCases.admin)
            #expect(
                audit.map(\.action) == [
                    "sitting.schedule", "sitting.enroll", "sitting.reschedule", "sitting.withdraw", "sitting.enroll",
                    "sitting.cancel",
                ])
            let reschedule = try #require(audit.first { $0.action == "sitting.reschedule" })
            #expect(try Self.field("proctor", of: reschedule.before) == nil)
            #expect(try Self.field("proctor", of: reschedule.after) == "demo.proctor")

            // Once a sitting has started, its candidates are fixed.
            fixture.clock.advance(by: 31 * 86_400)
            #expect(
                await Self.refusal { try await useCases.withdraw(first, from: other.code, context: trainer) }?.code
                    == "sitting_closed")
        }
    }
}
