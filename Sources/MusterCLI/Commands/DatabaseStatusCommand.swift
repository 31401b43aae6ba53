import ArgumentParser
import MusterApp
import MusterStore

/// `muster db status`: where the database is, whether it runs, and which migrations are applied.
struct DatabaseStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether the database runs and list applied and pending migrations."
    )

    @OptionGroup var options: GlobalOptions
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    /// The status report, as printed with `--format json`.
    struct Report: Codable {
        var url: String
        var embedded: Bool
        var server: String
        var migrations: [MigrationStatus]
    }

    func run() async throws {
        let logger = options.logger()
        let location = try options.databaseLocation()
        var report = Report(url: location.url.description, embedded: false, server: "external", migrations: [])
        var reachable = true
        if case .embedded(let cluster) = location {
            report.embedded = true
            report.server = try cluster.state().rawValue
            reachable = report.server == EmbeddedCluster.State.running.rawValue
        }
        if reachable {
            report.migrations = try await DatabaseSession.with(options, logger: logger, startEmbedded: false) {
                try await $0.migrationRunner().status()
            }
            if !report.embedded { report.server = "reachable" }
        } else {
            report.migrations = try MigrationCatalog.embedded().migrations.map {
                MigrationStatus(version: $0.version, fileName: $0.fileName, state: .pending)
            }
        }
        switch format {
        case .json:
            try Output.json(report)
        case .table:
            print("database: \(report.url)")
            print("server:   \(report.server)\(report.embedded ? " (embedded)" : "")")
            if !reachable { print("(migration states unknown until the server runs; listed as pending)") }
            Output.table(
                header: ["VERSION", "FILE", "STATE", "APPLIED AT"],
                rows: report.migrations.map {
                    [
                        String(format: "%04d", $0.version), $0.fileName, $0.state.rawValue,
                        $0.appliedAt.map { $0.formatted(.iso8601) } ?? "-",
                    ]
                }
            )
        }
    }
}
