import MusterDomain
import MusterStore

/// What seeding the demo data set did.
public struct DemoSeedReport: Sendable, Equatable, Codable {
    /// Whether the database was empty and therefore seeded.
    public var seeded: Bool
    /// How many organisational units were created.
    public var unitsCreated: Int
}

extension UseCases {
    /// Fills an empty database with the demo data set; leaves a database with data untouched.
    public func seedDemoDataIfEmpty() async throws -> DemoSeedReport {
        let units = UnitRepository(logger: logger)
        return try await database.transaction { connection in
            guard try await units.count(on: connection) == 0 else {
                return DemoSeedReport(seeded: false, unitsCreated: 0)
            }
            let created = try await units.insertMissing(
                try DemoBureau.units.orderedParentsFirst(),
                on: connection
            )
            return DemoSeedReport(seeded: true, unitsCreated: created)
        }
    }
}
