import Foundation
import Logging
import MusterApp
import MusterDomain
import MusterServer
import MusterStore
import NIOCore
import NIOPosix

/// Brings the service up: database, migrations, optional demo data, then the HTTP server until a
/// termination signal arrives.
struct ServerLauncher {
    var options: GlobalOptions
    var host: String
    var port: Int
    /// Apply pending migrations instead of refusing to start.
    var migrate: Bool
    /// Seed the demo data set when the database is empty.
    var seedDemo: Bool
    /// Stop the embedded cluster on exit if this launch started it.
    var stopEmbeddedOnExit: Bool
    /// Print the address and what to try next once listening.
    var announce: Bool

    func run() async throws {
        let logger = options.logger(defaultLevel: .info)
        // A taken port is said at once, before any database work and before services start that
        // would have to be stopped again.
        try await ensurePortAvailable()
        let location = try options.databaseLocation()
        var startedCluster: EmbeddedCluster?
        if case .embedded(let cluster) = location, try await cluster.start(logger: logger) {
            startedCluster = cluster
        }
        do {
            let seeded = try await prepareDatabase(url: location.url, logger: logger)
            try await serve(url: location.url, logger: logger, seeded: seeded)
        } catch {
            try stopIfStarted(startedCluster)
            throw error
        }
        try stopIfStarted(startedCluster)
        if case .embedded = location, startedCluster == nil || !stopEmbeddedOnExit {
            print("The embedded database keeps running for reuse; stop it with: muster db stop\(options.homeArgument)")
        }
    }

    private func stopIfStarted(_ cluster: EmbeddedCluster?) throws {
        guard stopEmbeddedOnExit, let cluster else { return }
        try cluster.stop()
        print("Stopped the embedded database this run started.")
    }

    /// Checks (or applies) migrations and seeds demo data, over a short-lived client.
    private func prepareDatabase(url: DatabaseURL, logger: Logger) async throws -> DemoSeedReport? {
        let migrate = self.migrate
        let seedDemo = self.seedDemo
        let hasher = options.passwordHasher
        let calendar = try options.calendar
        return try await TemporaryClient.with(url: url, logger: logger) { client -> DemoSeedReport? in
            let database = Database(client: client, url: url, logger: logger)
            let runner = try database.migrationRunner()
            let pending = try await runner.pending()
            if !pending.isEmpty {
                guard migrate else {
                    throw MusterError(
                        .misconfigured,
                        code: "migrations_pending",
                        "The database has \(pending.count) pending migration(s) "
                            + "(\(pending.map(\.fileName).joined(separator: ", "))). "
                            + "Run `muster db migrate` or start with --migrate."
                    )
                }
                try await runner.migrate()
            }
            guard seedDemo else { return nil }
            let report = try await UseCases(
                database: database, calendar: calendar, passwordHasher: hasher, logger: logger
            ).seedDemoDataIfEmpty()
            if report.seeded { logger.info("seeded demo data", metadata: ["units": "\(report.unitsCreated)"]) }
            return report
        }
    }

    private func serve(url: DatabaseURL, logger: Logger, seeded: DemoSeedReport?) async throws {
        let database = try Database(url: url, logger: logger)
        let useCases = UseCases(
            database: database, calendar: try options.calendar, passwordHasher: options.passwordHasher, logger: logger)
        let accounts = (seeded?.demoAccounts ?? [:]).sorted { $0.key < $1.key }
            .map { "    \($0.key)  \($0.value)" }.joined(separator: "\n")
        let accountLines =
            accounts.isEmpty
            ? ""
            : "\nDemo accounts (passwords generated now, shown once; change with muster users passwd):\n\(accounts)\n"
        let announce = self.announce
        let host = self.host
        let home = options.homeArgument
        let app = buildApplication(
            useCases: useCases,
            configuration: ServerConfiguration(host: host, port: port),
            services: [database.client],
            logger: logger
        ) { boundPort in
            guard announce else { return }
            print(
                """

                Muster is running at http://\(host):\(boundPort)
                  curl http://\(host):\(boundPort)/ready
                  curl http://\(host):\(boundPort)/openapi.yaml
                  curl -X POST http://\(host):\(boundPort)/auth/login -d '{"username":"…","password":"…"}'
                  muster banks list\(home)       (question banks; the demo loads the shipped ones)
                  muster units list\(home)       (the unit tree with officer counts)
                  muster sittings list\(home)    (next week's demo sittings; demo.officer is enrolled in one)
                  muster db status\(home)        (migrations; psql "$(muster db url\(home))" for SQL)
                \(accountLines)
                Press Ctrl-C to stop.

                """
            )
            // Standard output is block-buffered when it is a pipe or a log file; show this now.
            fflush(nil)
        }
        do {
            try await app.runService()
        } catch let error as IOError {
            throw portUnavailable(error) ?? error
        }
    }

    /// Binds the port for a moment (as the server will, with address reuse) to find out whether
    /// it is free. Other failures, such as a host that does not resolve, are left to the server.
    private func ensurePortAvailable() async throws {
        guard port != 0 else { return }
        do {
            let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port).get()
            try await channel.close()
        } catch let error as IOError {
            if let unavailable = portUnavailable(error) { throw unavailable }
        } catch {
            return
        }
    }

    /// The clear error for a port that is taken or needs privileges; nil for other failures.
    private func portUnavailable(_ error: IOError) -> MusterError? {
        guard error.errnoCode == EADDRINUSE || error.errnoCode == EACCES else { return nil }
        let reason = error.errnoCode == EADDRINUSE ? "is already in use" : "needs privileges to bind"
        return MusterError(
            .misconfigured, code: "port_unavailable", "Port \(port) on \(host) \(reason); choose another with --port.")
    }
}
