import ArgumentParser
import MusterStore

/// `muster db start`: starts the embedded cluster, creating it on first use.
struct DatabaseStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start the embedded PostgreSQL cluster (created on first use)."
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let logger = options.logger()
        switch try options.databaseLocation() {
        case .external(let url):
            print("DATABASE_URL is set (\(url)); nothing to start.")
        case .embedded(let cluster):
            let started = try await cluster.start(logger: logger)
            print(started ? "Started" : "Already running:", cluster.url.urlString)
        }
    }
}

/// `muster db stop`: stops the embedded cluster.
struct DatabaseStopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop the embedded PostgreSQL cluster."
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        switch try options.databaseLocation() {
        case .external(let url):
            print("DATABASE_URL is set (\(url)); nothing to stop.")
        case .embedded(let cluster):
            print(try cluster.stop() ? "Stopped." : "Not running.")
        }
    }
}

/// `muster db url`: prints the connection URL, for psql and other tools.
struct DatabaseURLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "url",
        abstract: "Print the database connection URL (for example: psql \"$(muster db url)\")."
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        print(try options.databaseLocation().url.urlString)
    }
}
