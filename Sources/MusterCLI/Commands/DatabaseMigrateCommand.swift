import ArgumentParser
import MusterStore

/// `muster db migrate`: applies pending migrations.
struct DatabaseMigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending migrations, each in its own transaction."
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let logger = options.logger()
        let applied = try await DatabaseSession.with(options, logger: logger) {
            try await $0.migrationRunner().migrate()
        }
        if applied.isEmpty {
            print("Nothing to apply; the database is up to date.")
        } else {
            for migration in applied { print("applied \(migration.fileName)") }
        }
    }
}
