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
