import Foundation
import MusterDomain
import Testing

@Suite("Permissions, officer scopes and the bureau's calendar")
struct AccessScopeTests {
    static func principal(_ grants: [RoleGrant], badge: String? = nil) -> Principal {
        Principal(userID: 1, username: "u", displayName: "u", badge: badge, grants: grants)
    }

    @Test("an unscoped grant reaches the whole force; scoped grants their subtrees; officers only themselves")
    func scopes() {
        let hr = Self.principal([RoleGrant(role: .hr)])
        #expect(hr.officerScope(for: .readRoster) == .wholeForce)
        let districts = Self.principal([
            RoleGrant(role: .hr, unitScope: "PSB.WEST"), RoleGrant(role: .admin, unitScope: "PSB.EAST"),
        ])
        #expect(districts.officerScope(for: .readRoster) == OfficerScope(unitRoots: ["PSB.EAST", "PSB.WEST"]))
        // Only roles carrying the permission count: an admin scope does not widen HR's records import.
        #expect(districts.officerScope(for: .importRoster) == OfficerScope(unitRoots: ["PSB.EAST"]))
        let officer = Self.principal([RoleGrant(role: .officer)], badge: "P1")
        #expect(officer.officerScope(for: .readRoster).isEmpty)
        #expect(officer.officerScope(for: .readRoster, includingOwnRecord: true) == OfficerScope(ownBadge: "P1"))
        let trainer = Self.principal([RoleGrant(role: .trainer, unitScope: "PSB.TRAIN")])
        #expect(!trainer.holds(.readRoster) && trainer.holds(.readBanks) && trainer.holds(.readUnits))
        #expect(trainer.officerScope(for: .readRoster).isEmpty)
    }

    @Test("a district admin manages its district, not the force's accounts, audit trail or policy")
    func forceWidePermissions() {
        let district = Self.principal([RoleGrant(role: .admin, unitScope: "PSB.EAST")])
        #expect(district.holds(.importRoster) && district.holds(.importUnits) && district.holds(.readRoster))
        #expect(!district.holds(.manageUsers) && !district.holds(.readAudit) && !district.holds(.loadPolicy))
        #expect(Self.principal([RoleGrant(role: .admin)]).holds(.manageUsers))
    }

    @Test("the local operator is an unscoped admin")
    func localOperator() {
        let local = Principal.localOperator(name: "local:root")
        #expect(Permission.allCases.allSatisfy { local.holds($0) })
        #expect(local.officerScope(for: .importRecords) == .wholeForce)
    }

    @Test("today is the day in the bureau's time zone, not in UTC")
    func calendar() throws {
        let lateEvening = Date(timeIntervalSince1970: 1_767_286_800)  // 2026-01-01T17:00:00Z
        #expect(BureauCalendar.standard.day(of: lateEvening).description == "2026-01-02")
        #expect(try BureauCalendar(timeZoneIdentifier: "UTC").day(of: lateEvening).description == "2026-01-01")
        #expect(
            try BureauCalendar(timeZoneIdentifier: "America/Los_Angeles").day(of: lateEvening).description
                == "2026-01-01")
        #expect { try BureauCalendar(timeZoneIdentifier: "Mars/Olympus") } throws: {
            ($0 as? MusterError)?.code == "invalid_time_zone"
        }
    }

    @Test("a login policy's delays grow after the free failures and stop at the maximum")
    func delays() {
        let policy = LoginPolicy()
        #expect((1...8).map { policy.delay(afterFailures: $0) } == [0, 0, 0, 0, 5, 10, 20, 40])
        #expect(policy.delay(afterFailures: 40) == 15 * 60)
        #expect(policy.delay(afterFailures: 10_000) == 15 * 60)
    }
}
