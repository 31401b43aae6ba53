import ArgumentParser
import Foundation
import Logging
import MusterApp
import MusterDomain
import MusterFormats
import MusterStore
import PostgresNIO

/// Imports a generated roster into a fresh database and prints officers per second.
struct RosterBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "Import a generated roster into a fresh database (target: 100,000 officers in under 10 s).",
        discussion: "Uses DATABASE_URL when set, else an embedded cluster in /tmp/muster-bench-UID, stopped afterwards."
    )

    @Option(help: "Officers in the generated roster.") var officers = 100_000

    func run() async throws {
        let logger = {
            var logger = Logger(label: "bench")
            logger.logLevel = .error
            return logger
        }()
        var environment = ProcessInfo.processInfo.environment
        environment["MUSTER_HOME"] = "/tmp/muster-bench-\(getuid())"
        let location = try DatabaseLocation.resolve(environment: environment)
        var started: EmbeddedCluster?
        if case .embedded(let cluster) = location, try await cluster.start(logger: logger) { started = cluster }
        defer { _ = try? started?.stop() }
        let server = location.url.withDatabase("postgres")
        try await TemporaryClient.with(url: server, logger: logger) { client in
            try await client.query("DROP DATABASE IF EXISTS muster_bench WITH (FORCE)")
            try await client.query("CREATE DATABASE muster_bench")
        }
        let url = location.url.withDatabase("muster_bench")
        let size = officers
        _ = try await TemporaryClient.with(url: url, logger: logger, maximumConnections: 4) { client in
            let database = Database(client: client, url: url, logger: logger)
            try await database.migrationRunner().migrate()
            let useCases = UseCases(database: database, logger: logger)
            _ = try await useCases.ensureDemoUnits()
            let csv = try await useCases.demoRosterCSV(size: size)
            print("generated \(size) officers: \(csv.utf8.count / 1024) KiB of CSV")
            let context = useCases.operatorContext(name: "benchmark")
            for pass in ["first import (inserts)", "re-import (unchanged)"] {
                if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\(pass)…\r".utf8)) }
                let start = ContinuousClock.now
                let report = try await useCases.importOfficers(
                    SourceFile(fileName: "bench.csv", text: csv), context: context)
                let elapsed = ContinuousClock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                print(
                    String(
                        format: "%@: %d new, %d unchanged in %.2f s (%.0f officers/s)",
                        pass, report.inserted, report.unchanged, seconds, Double(size) / seconds
                    )
                )
            }
        }
        try await TemporaryClient.with(url: server, logger: logger) { client in
            try await client.query("DROP DATABASE IF EXISTS muster_bench WITH (FORCE)")
        }
    }
}
