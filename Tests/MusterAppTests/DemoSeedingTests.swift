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
            let roster = DemoRoster.csv(today: useCases.today, policy: try await useCases.activePolicy().policy)
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
            #expect(try await useCases.listBanks().map(\.version) == [1, 1, 1])
            #expect(first.officersCreated == 320)
            let officers = try await useCases.listOfficers()
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
            #expect(first.demoAccounts.keys.sorted() == ["demo.admin", "demo.hr", "demo.proctor", "demo.trainer"])
            let password = try #require(first.demoAccounts["demo.admin"])
            #expect(password.count == 16)
            #expect(try await useCases.login(username: "demo.admin", password: password).roles == ["admin"])

            let units = try await database.client.withConnection { connection in
                try await UnitRepository(logger: database.logger).all(on: connection)
            }
            #expect(units.first?.code == "PSB")
            #expect(units.first?.parentCode == nil)
            #expect(Set(units) == Set(DemoBureau.units))
        }
    }
}
