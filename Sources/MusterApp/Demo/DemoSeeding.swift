import MusterDomain
import MusterFormats
import MusterStore

/// What seeding the demo data set did.
public struct DemoSeedReport: Sendable, Equatable, Codable {
    /// Whether the database was empty and therefore seeded.
    public var seeded: Bool
    /// How many organisational units were created.
    public var unitsCreated: Int
    /// The shipped banks imported, with their item counts.
    public var banksImported: [String: Int] = [:]
    /// The shipped tracks loaded.
    public var tracksLoaded: [String] = []
    /// Officers put on the demo roster.
    public var officersCreated: Int = 0
    /// Demo accounts created, username to a password generated for this run (shown once, never stored).
    public var demoAccounts: [String: String] = [:]
}

extension UseCases {
    /// Fills an empty database with the demo data set, in one transaction (all of it or none);
    /// leaves a database with data untouched.
    public func seedDemoDataIfEmpty() async throws -> DemoSeedReport {
        let operatorContext = operatorContext(name: "demo-seed")
        return try await transaction(operatorContext) { connection in
            let units = UnitRepository(logger: logger)
            guard try await units.count(on: connection) == 0 else {
                return DemoSeedReport(seeded: false, unitsCreated: 0)
            }
            // Every step joins this transaction through the context.
            let seeder = operatorContext.within(connection)
            var report = DemoSeedReport(
                seeded: true,
                unitsCreated: try await units.insertMissing(try DemoBureau.units.orderedParentsFirst(), on: connection)
            )
            for bank in ShippedBanks.yamlBanks {
                let imported = try await importBank([bank], context: seeder)
                report.banksImported[imported.bank] = imported.itemCount
            }
            if let defaultPolicy = ShippedPolicies.files.first(where: { $0.fileName == ShippedPolicies.defaultFile }) {
                _ = try await loadPolicy(defaultPolicy, context: seeder)
            }
            for track in ShippedTracks.files {
                report.tracksLoaded.append(try await loadTrack(track, context: seeder).track)
            }
            let roster = DemoRoster.csv(today: seeder.today, policy: try await activePolicy(context: seeder).policy)
            report.officersCreated = try await importOfficers(
                SourceFile(fileName: "demo-roster.csv", text: roster), context: seeder
            ).inserted
            for (kind, text) in DemoRoster.records(today: seeder.today) {
                _ = try await importRecords(
                    kind, SourceFile(fileName: "demo-\(kind.rawValue).csv", text: text), context: seeder)
            }
            for (username, name, badge, grants) in DemoBureau.accounts {
                let password = Self.newToken().prefix(16).description
                _ = try await addUser(
                    NewAccount(username: username, displayName: name, password: password, badge: badge, grants: grants),
                    context: seeder)
                report.demoAccounts[username] = password
            }
            return report
        }
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
        let seeder = operatorContext(name: "demo-seed")
        return DemoRoster.csv(size: size, today: seeder.today, policy: try await activePolicy(context: seeder).policy)
    }
}
