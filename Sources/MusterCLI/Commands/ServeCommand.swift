import ArgumentParser

/// Options shared by the commands that run the HTTP server.
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "TCP port to listen on (0 picks a free port).") var port = 8080

    func validate() throws {
        guard (0...65535).contains(port) else {
            throw ValidationError("--port must be from 0 to 65535, not \(port).")
        }
    }
}

/// `muster serve`: runs the HTTP service against the configured database.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP service (refuses pending migrations unless --migrate)."
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var server: ServerOptions
    @Flag(help: "Apply pending migrations before serving.") var migrate = false

    func run() async throws {
        try await ServerLauncher(
            options: options,
            host: server.host,
            port: server.port,
            migrate: migrate,
            seedDemo: false,
            stopEmbeddedOnExit: false,
            announce: true
        ).run()
    }
}

/// `muster up`: the one command a new user runs.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start the embedded database if needed, migrate, seed demo data when empty, and serve.",
        discussion: """
            Without DATABASE_URL the embedded cluster is used; if this command started it, it stops \
            it again on exit. Press Ctrl-C to stop.
            """
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        try await ServerLauncher(
            options: options,
            host: server.host,
            port: server.port,
            migrate: true,
            seedDemo: true,
            stopEmbeddedOnExit: true,
            announce: true
        ).run()
    }
}
