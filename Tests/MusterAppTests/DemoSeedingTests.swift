import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport
import Testing

@testable import MusterApp

@Suite("Seeding the demo data set")
struct DemoSeedingTests {
    @Test("an empty database is seeded once; a second run leaves it untouched")
    func seedsOnce() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = UseCases(
                database: database, passwordHasher: PasswordHasher(cost: 4), logger: database.logger)
            let roster = DemoRoster.csv(
                today: useCases.today, policy: try await useCases.activePolicy(context: useCases.admin).policy)
            let parsed = RosterCSVParser().parse(roster, file: "demo.csv", today: useCases.today)
            #expect(parsed.diagnostics.isEmpty, "\(parsed.diagnostics.prefix(3))")
            let first = try await useCases.seedDemoDataIfEmpty()
            #expect(first.seeded)
            #expect(first.unitsCreated == DemoBureau.units.count)
            let second = try await useCases.seedDemoDataIfEmpty()
            #expect(second == DemoSeedReport(seeded: false, unitsCreated: 0))
            #expect(
                first.banksImported.keys.sorted() == [
                    "computer-literacy", "police-public-relations", "practical-skills",
                ]
            )
            #expect(try await useCases.listBanks(context: useCases.admin).map(\.version) == [1, 1, 1])
            #expect(first.officersCreated == 320)
            #expect(
                first.tracksLoaded == [
                    "computer-literacy", "initial-training", "police-pr", "practical-skills", "promotion-training",
                ])
            let officers = try await useCases.listOfficers(context: useCases.admin)
            #expect(officers.count == 320)
            #expect(Set(officers.map(\.unit)).count >= 6)
            let ages = officers.map { $0.age(on: useCases.today) }
            #expect(ages.min()! >= 22 && ages.max()! <= 58)
            #expect(Set(officers.map(\.rank)).count >= 5)
            let assessments = try await database.client.query("SELECT count(*), count(DISTINCT grade) FROM assessments")
            for try await (rows, grades) in assessments.decode((Int, Int).self) {
                #expect(rows == 960)
                #expect(grades == 4)
            }
            #expect(
                first.demoAccounts.keys.sorted() == [
                    "demo.admin", "demo.hr", "demo.officer", "demo.proctor", "demo.trainer", "east.hr", "east.trainer",
                ])
            let password = try #require(first.demoAccounts["demo.admin"])
            #expect(password.count == 16)
            let signIn = SignIn(username: "demo.admin", password: password, client: "test")
            #expect(try await useCases.login(signIn).roles == ["admin"])
            // The East district's HR account reads exactly the East subtree of the demo roster.
            let eastHR = try await useCases.authenticate(
                token: try await useCases.login(
                    SignIn(username: "east.hr", password: try #require(first.demoAccounts["east.hr"]), client: "test")
                ).token)
            let east = try await useCases.listOfficers(context: useCases.context(for: try #require(eastHR)))
            #expect(!east.isEmpty)
            #expect(east.map(\.badge) == officers.filter { $0.unit.hasPrefix("PSB.EAST.") }.map(\.badge))
            // The demo officer reads their own record.
            let officer = try await useCases.authenticate(
                token: try await useCases.login(
                    SignIn(
                        username: "demo.officer", password: try #require(first.demoAccounts["demo.officer"]),
                        client: "test")
                ).token)
            let own = try await useCases.myRecord(context: useCases.context(for: try #require(officer)))
            #expect(own.officer.badge == "P100001")
            try await Self.expectTrainingPicture(first, useCases: useCases, officer: try #require(officer))

            let units = try await database.client.withConnection { connection in
                try await UnitRepository(logger: database.logger).all(on: connection)
            }
            #expect(units.first?.code == "PSB")
            #expect(units.first?.parentCode == nil)
            #expect(Set(units) == Set(DemoBureau.units))
        }
    }

    /// The shipped exams, certificates with expired and expiring ones, and next week's sittings
    /// with the demo officer enrolled in one.
    static func expectTrainingPicture(_ report: DemoSeedReport, useCases: UseCases, officer: Principal) async throws {
        #expect(report.examsCreated == ["computer-literacy-written", "police-pr-written", "practical-skills-theory"])
        #expect(report.certificatesImported > 100)
        let compliance = try await useCases.compliance(context: useCases.admin)
        let pr = try #require(compliance.tracks.first { $0.track == "police-pr" })
        #expect(pr.officers.contains { $0.status == .expiring })
        #expect(pr.officers.contains { $0.reason == .expired })
        let all = try await useCases.listSittings(context: useCases.admin)
        let sittings = all.filter { $0.startsAt > useCases.clock.now() }
        #expect(sittings.map(\.exam) == DemoTraining.sittings.map(\.exam))
        #expect(sittings.map(\.enrolled) == DemoTraining.sittings.map(\.candidates))
        for sitting in sittings {
            let days = useCases.today.daysUntil(useCases.calendar.day(of: sitting.startsAt))
            #expect((7...9).contains(days))
            #expect(sitting.proctor == "demo.proctor")
        }
        let mine = try await useCases.mySittings(context: useCases.context(for: officer))
        #expect(mine.map(\.exam) == ["computer-literacy-written"])

        // Two weeks ago thirty officers (the demo officer among them) sat the public-relations
        // paper: all graded, a spread of scores, certificates for those who passed.
        let finished = try #require(all.first { $0.startsAt < useCases.clock.now() })
        #expect(finished.exam == "police-pr-written")
        #expect(finished.enrolled == 30)

        let statistics = try await useCases.examStatistics("police-pr-written", context: useCases.admin).statistics
        #expect(statistics.attempts == 30)
        #expect(statistics.distribution.filter { $0 > 0 }.count >= 4)
        #expect(statistics.alpha != nil)
        let results = try await useCases.myResults(context: useCases.context(for: officer))
        #expect(results.count == 1)
        #expect(results.first?.state == "final")
        let passers = try await useCases.database.transaction { connection in
            try await connection.query(
                "SELECT count(*)::int FROM results r WHERE r.passed", logger: useCases.logger
            ).decode(Int.self).reduce(0) { $0 + $1 }
        }
        let issued = try await useCases.database.transaction { connection in
            try await connection.query(
                "SELECT count(*)::int FROM certificates WHERE source = 'exam'", logger: useCases.logger
            ).decode(Int.self).reduce(0) { $0 + $1 }
        }
        #expect(passers > 0 && passers < 30)
        #expect(issued == passers)
    }
}
