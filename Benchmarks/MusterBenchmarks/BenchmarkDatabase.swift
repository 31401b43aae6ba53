import Foundation
import Logging
import MusterStore
import PostgresNIO

/// A fresh, migrated `muster_bench` database for one benchmark run: on DATABASE_URL's server
/// when set, else on an embedded cluster in /tmp/muster-bench-UID that is stopped afterwards.
enum BenchmarkDatabase {
    static let logger: Logger = {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        return logger
    }()

    /// Runs `body` with the migrated database, then drops it.
    static func with<Result: Sendable>(
        maximumConnections: Int = 4, keep: Bool = false, _ body: @Sendable (Database) async throws -> Result
    ) async throws -> Result {
        var environment = ProcessInfo.processInfo.environment
        environment["MUSTER_HOME"] = "/tmp/muster-bench-\(getuid())"
        let location = try DatabaseLocation.resolve(environment: environment)
        var started: EmbeddedCluster?
        if case .embedded(let cluster) = location, try await cluster.start(logger: logger) { started = cluster }
        defer { if !keep { _ = try? started?.stop() } }
        let server = location.url.withDatabase("postgres")
        try await TemporaryClient.with(url: server, logger: logger) { client in
            try await client.query("DROP DATABASE IF EXISTS muster_bench WITH (FORCE)")
            try await client.query("CREATE DATABASE muster_bench")
        }
        let url = location.url.withDatabase("muster_bench")
        let result = try await TemporaryClient.with(
            url: url, logger: logger, maximumConnections: maximumConnections
        ) { client in
            let database = Database(client: client, url: url, logger: logger)
            try await database.migrationRunner().migrate()
            return try await body(database)
        }
        if keep {
            print("kept the database: psql '\(url)'")
        } else {
            try await TemporaryClient.with(url: server, logger: logger) { client in
                try await client.query("DROP DATABASE IF EXISTS muster_bench WITH (FORCE)")
            }
        }
        return result
    }

    /// Seconds elapsed since `start`.
    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
