import MusterDomain
import MusterStore

/// What seeding the demo data set did.
public struct DemoSeedReport: Sendable, Equatable, Codable {
    /// Whether the database was empty and therefore seeded.
    public var seeded: Bool
    /// How many organisational units were created.
    public var unitsCreated: Int
    /// The shipped banks imported, with their item counts.
    public var banksImported: [String: Int] = [:]
    /// Officers put on the demo roster.
    public var officersCreated: Int = 0
    /// Demo accounts created, username to a password generated for this run (shown once, never stored).
    public var demoAccounts: [String: String] = [:]
}

extension UseCases {
    /// Fills an empty database with the demo data set; leaves a database with data untouched.
    public func seedDemoDataIfEmpty() async throws -> DemoSeedReport {
        let units = UnitRepository(logger: logger)
        var report = try await database.transaction { connection in
            guard try await units.count(on: connection) == 0 else {
                return DemoSeedReport(seeded: false, unitsCreated: 0)
            }
            let created = try await units.insertMissing(
                try DemoBureau.units.orderedParentsFirst(),
                on: connection
            )
            return DemoSeedReport(seeded: true, unitsCreated: created)
        }
        guard report.seeded else { return report }
        let seeder = Actor(name: "demo-seed", role: "admin")
        for bank in ShippedBanks.yamlBanks {
            let imported = try await importBank([bank], actor: seeder)
            report.banksImported[imported.bank] = imported.itemCount
        }
        if let defaultPolicy = ShippedPolicies.files.first(where: { $0.fileName == ShippedPolicies.defaultFile }) {
            _ = try await loadPolicy(defaultPolicy, actor: seeder)
        }
        let roster = DemoRoster.csv(today: today, policy: try await activePolicy().policy)
        report.officersCreated = try await importOfficers(
            BankSource(fileName: "demo-roster.csv", text: roster), actor: seeder
        ).inserted
        for (kind, text) in DemoRoster.records(today: today) {
            _ = try await importRecords(
                kind, BankSource(fileName: "demo-\(kind.rawValue).csv", text: text), actor: seeder)
        }
        for (username, name, grants) in DemoBureau.accounts {
            let password = Self.newToken().prefix(16).description
            _ = try await addUser(
                NewAccount(username: username, displayName: name, password: password, grants: grants), actor: seeder)
            report.demoAccounts[username] = password
        }
        return report
    }

    /// Creates the demo bureau's unit tree where units are missing; returns how many were created.
    public func ensureDemoUnits() async throws -> Int {
        let units = UnitRepository(logger: logger)
        return try await database.transaction {
            try await units.insertMissing(try DemoBureau.units.orderedParentsFirst(), on: $0)
        }
    }

    /// A deterministic demo roster of `size` officers as CSV, for the active policy.
    public func demoRosterCSV(size: Int) async throws -> String {
        DemoRoster.csv(size: size, today: today, policy: try await activePolicy().policy)
    }
}
