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
        let size = officers
        try await BenchmarkDatabase.with { database in
            let useCases = UseCases(database: database, logger: BenchmarkDatabase.logger)
            _ = try await useCases.ensureDemoUnits()
            let csv = try await useCases.demoRosterCSV(size: size)
            print("generated \(size) officers: \(csv.utf8.count / 1024) KiB of CSV")
            let context = useCases.operatorContext(name: "benchmark")
            for pass in ["first import (inserts)", "re-import (unchanged)"] {
                if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\(pass)…\r".utf8)) }
                let start = ContinuousClock.now
                let report = try await useCases.importOfficers(
                    SourceFile(fileName: "bench.csv", text: csv), context: context)
                let seconds = BenchmarkDatabase.seconds(since: start)
                print(
                    String(
                        format: "%@: %d new, %d unchanged in %.2f s (%.0f officers/s)",
                        pass, report.inserted, report.unchanged, seconds, Double(size) / seconds
                    )
                )
            }
        }
    }
}
