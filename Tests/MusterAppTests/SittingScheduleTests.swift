import Foundation
import MusterDomain
import MusterStore
import MusterTestSupport
import PostgresNIO
import Testing

@testable import MusterApp

@Suite("Scheduling sittings")
struct SittingScheduleTests {
    @Test("a scheduled sitting stores every field and reads it back; the audit row keeps no access code")
    func readBack() async throws {
        try await SittingFixture.with { fixture in
            var plan = fixture.plan(day: 20, from: "13:30", minutes: 75, capacity: 7, unit: "PSB.EAST")
            plan.proctor = "demo.proctor"
            plan.accessCode = "ROOM42"
            let sitting = try await fixture.useCases.scheduleSitting(plan, context: fixture.trainer)
            #expect(sitting.code == "S20261215-01")
            let shown = try await fixture.useCases.showSitting(sitting.code, context: fixture.trainer)
            let stored = shown.sitting
            #expect(stored == sitting)
            #expect(
                (stored.exam, stored.examVersion, stored.unit, stored.venue, stored.capacity)
                    == ("computer-literacy-written", 1, "PSB.EAST", "Room 9", 7))
            #expect(SittingFixture.calendar.minuteText(of: stored.startsAt) == "2026-12-15 13:30")
            #expect(SittingFixture.calendar.minuteText(of: stored.endsAt) == "2026-12-15 14:45")
            #expect(
                (stored.accessCode, stored.proctor, stored.status, stored.enrolled) == (
                    "ROOM42", "demo.proctor", .scheduled, 0
                ))
            #expect(shown.timeLimitMinutes == 45)
            #expect(shown.examTitle.text(in: "en") == "Computer literacy, written paper")
            let rows = try await fixture.database.client.query(
                "SELECT created_by, created_at FROM sittings WHERE code = \(sitting.code)")
            for try await (author, created) in rows.decode((String, Date).self) {
                #expect(author == "trainer-li")
                #expect(created == SittingFixture.start)
            }
            let audit = try await fixture.useCases.auditEntries(
                AuditFilter(entityType: "sitting", entityID: sitting.code), context: fixture.useCases.admin)
            #expect(audit.map(\.action) == ["sitting.schedule"])
            #expect(audit[0].after?.contains("ROOM42") == false)
            #expect(try EnrollmentTests.field("venue", of: audit[0].after) == "Room 9")
            // Generated access codes are six digits; the second sitting of a day takes the next code.
            let second = try await fixture.useCases.scheduleSitting(
                fixture.plan(venue: "Room 10", day: 20), context: fixture.trainer)
            #expect(second.code == "S20261215-02")
            #expect(second.accessCode.wholeMatch(of: /[0-9]{6}/) != nil)
            #expect(second.unit == "PSB")
        }
    }

    @Test("a venue is not double-booked (whatever its spelling of case and spaces); touching windows are fine")
    func venueBooking() async throws {
        try await SittingFixture.with { fixture in
            let first = try await fixture.useCases.scheduleSitting(
                fixture.plan(venue: "Room 9", day: 20, from: "09:00", minutes: 60), context: fixture.trainer)
            do {
                _ = try await fixture.useCases.scheduleSitting(
                    fixture.plan(venue: " room 9 ", day: 20, from: "09:59", minutes: 60), context: fixture.trainer)
                Issue.record("a double booking was accepted")
            } catch let error as MusterError {
                #expect(error.code == "venue_double_booked")
                #expect(error.message == "room 9 is booked at that time by \(first.code).")
            }
            let touching = try await fixture.useCases.scheduleSitting(
                fixture.plan(venue: "Room 9", day: 20, from: "10:00", minutes: 60), context: fixture.trainer)
            #expect(touching.code == "S20261215-02")
            // A cancelled sitting frees its venue.
            _ = try await fixture.useCases.cancelSitting(first.code, reason: "room flooded", context: fixture.trainer)
            let again = try await fixture.useCases.scheduleSitting(
                fixture.plan(venue: "Room 9", day: 20, from: "09:00", minutes: 60), context: fixture.trainer)
            #expect(again.code == "S20261215-03")
        }
    }

    @Test("bad times, windows, capacities, proctors, units and exams are refused with their codes")
    func refusals() async throws {
        try await SittingFixture.with { fixture in
            func code(_ plan: SittingPlan, context: UseCaseContext? = nil) async -> String? {
                do {
                    _ = try await fixture.useCases.scheduleSitting(plan, context: context ?? fixture.trainer)
                    return nil
                } catch let error as MusterError {
                    return error.code
                } catch {
                    return "\(error)"
                }
            }
            var plan = fixture.plan(day: 20)
            plan.start = "next tuesday"
            #expect(await code(plan) == "invalid_time")
            plan = fixture.plan(day: 20)
            plan.end = plan.start
            #expect(await code(plan) == "invalid_window")
            #expect(await code(fixture.plan(day: -1)) == "sitting_in_past")
            #expect(await code(fixture.plan(day: 20, minutes: 44)) == "window_too_short")
            #expect(await code(fixture.plan(day: 20, capacity: 0)) == "invalid_capacity")
            #expect(await code(fixture.plan(venue: "  ", day: 20)) == "invalid_venue")
            #expect(await code(fixture.plan("no-such-exam", day: 20)) == "exam_not_found")
            #expect(await code(fixture.plan(day: 20, proctor: "demo.officer")) == "proctor_not_found")
            #expect(await code(fixture.plan(day: 20, proctor: "nobody")) == "proctor_not_found")
            plan = fixture.plan(day: 20)
            plan.accessCode = "12"
            #expect(await code(plan) == "invalid_access_code")
            // A district trainer schedules in their district only, by default in it.
            #expect(
                await code(fixture.plan(day: 20, unit: "PSB.WEST"), context: fixture.eastTrainer) == "unit_not_found")
            let east = try await fixture.useCases.scheduleSitting(fixture.plan(day: 20), context: fixture.eastTrainer)
            #expect(east.unit == "PSB.EAST")
            #expect(await code(fixture.plan(day: 21), context: fixture.useCases.hr) == "forbidden")
            // The demo's three upcoming sittings, its finished one, and this one.
            #expect(try await fixture.useCases.listSittings(context: fixture.useCases.admin).count == 5)
        }
    }

    @Test("who sees which sittings: trainers by unit, proctors also theirs, officers only their own")
    func visibility() async throws {
        try await SittingFixture.with { fixture in
            let useCases = fixture.useCases
            let east = try await useCases.scheduleSitting(fixture.plan(day: 20), context: fixture.eastTrainer)
            let all = try await useCases.listSittings(context: fixture.trainer)
            #expect(all.count == 5)
            // The demo's finished sitting lies two weeks back; these are the ones to come.
            let demo = all.filter { $0.startsAt > fixture.clock.wallClock.now() }
            #expect(try await useCases.listSittings(context: fixture.eastTrainer).map(\.code) == [east.code])
            do {
                _ = try await useCases.showSitting(demo[0].code, context: fixture.eastTrainer)
                Issue.record("a district trainer read a training-centre sitting")
            } catch let error as MusterError {
                #expect(error.code == "sitting_not_found")
            }
            let westProctor = useCases.signedIn(
                "demo.proctor", [RoleGrant(role: .proctor, unitScope: "PSB.WEST")])
            let proctorID = try await fixture.database.transaction {
                try await UserRepository(logger: fixture.database.logger).id(of: "demo.proctor", on: $0)
            }
            let assigned = useCases.context(
                for: Principal(
                    userID: proctorID, username: "demo.proctor", displayName: "p", badge: nil,
                    grants: westProctor.principal.grants))
            let demoCodes = all.map(\.code).filter { $0 != east.code }
            #expect(try await useCases.listSittings(context: assigned).map(\.code) == demoCodes)
            #expect(try await useCases.showSitting(demo[0].code, context: assigned).enrollments.count == 16)
            let between = try await useCases.listSittings(
                from: CalendarDay("2026-12-03"), to: CalendarDay("2026-12-03"), context: fixture.trainer)
            #expect(between.map(\.exam) == ["police-pr-written"])
            for context in [useCases.hr, useCases.signedIn("o", [RoleGrant(role: .officer)], badge: "P100001")] {
                do {
                    _ = try await useCases.listSittings(context: context)
                    Issue.record("\(context.principal.username) listed sittings")
                } catch let error as MusterError {
                    #expect(error.code == "forbidden")
                }
            }
            let officer = useCases.signedIn("o", [RoleGrant(role: .officer)], badge: "P100001")
            #expect(try await useCases.mySittings(context: officer).map(\.sitting) == [demo[0].code])
            // Once the sitting is over it is no longer upcoming.
            fixture.clock.advance(by: 8 * 86_400)
            #expect(try await useCases.mySittings(context: officer).isEmpty)
        }
    }
}
