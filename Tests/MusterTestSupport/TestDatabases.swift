import Foundation
import Logging
import MusterStore
import PostgresNIO

/// Gives each test a database of its own, cloned from a migrated template.
///
/// The server is the one `DATABASE_URL` names or, when it is unset, a throwaway embedded cluster
/// in the system temporary folder that the first test starts (and `scripts/test` stops). The
/// template is migrated once per test process; each test then gets `CREATE DATABASE … TEMPLATE`,
/// so tests run in parallel and start clean.
public actor TestDatabases {
    /// The process-wide harness.
    public static let shared = TestDatabases()

    private var template: Task<DatabaseURL, any Error>?
    private let logger: Logger = {
        var logger = Logger(label: "muster.tests")
        logger.logLevel = .warning
        return logger
    }()

    /// The template database's name; tests must not connect to it.
    public static let templateName = "muster_template"

    /// The URL of a maintenance database on the test server, migrating the template on first use.
    func serverURL() async throws -> DatabaseURL {
        if let template { return try await template.value }
        let logger = self.logger
        let task = Task { try await Self.prepareTemplate(logger: logger) }
        template = task
        return try await task.value
    }

    /// Runs `body` with a fresh, fully migrated database that is dropped afterwards.
    public func withMigratedDatabase<Result: Sendable>(
        _ body: @Sendable (Database) async throws -> Result
    ) async throws -> Result {
        try await withDatabase(template: Self.templateName, body)
    }

    /// Runs `body` with a fresh database that has no tables, dropped afterwards.
    public func withEmptyDatabase<Result: Sendable>(
        _ body: @Sendable (Database) async throws -> Result
    ) async throws -> Result {
        try await withDatabase(template: "template0", body)
    }

    /// The URL of a new database created from `template`; the caller drops it with ``drop(_:)``.
    public func createDatabase(template: String = TestDatabases.templateName) async throws -> DatabaseURL {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        return try await createDatabase(named: String(name), template: template)
    }

    /// The URL of database `name` created afresh from `template` (replacing one of that name).
    public func createDatabase(named name: String, template: String) async throws -> DatabaseURL {
        let server = try await serverURL()
        try await Self.maintenance(server, logger: logger) { client in
            try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE \(template)"))
        }
        return server.withDatabase(name)
    }

    /// Runs `body` with a fresh copy of database `template` (which nothing may be connected to),
    /// dropped afterwards.
    public func withDatabase<Result: Sendable>(
        cloning template: String, _ body: @Sendable (Database) async throws -> Result
    ) async throws -> Result {
        try await withDatabase(template: template, body)
    }

    /// Drops a database made by ``createDatabase(template:)``.
    public func drop(_ url: DatabaseURL) async throws {
        let server = try await serverURL()
        try await Self.maintenance(server, logger: logger) { client in
            try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(url.database) WITH (FORCE)"))
        }
    }

    private func withDatabase<Result: Sendable>(
        template: String,
        _ body: @Sendable (Database) async throws -> Result
    ) async throws -> Result {
        let url = try await createDatabase(template: template)
        let logger = self.logger
        do {
            let result = try await TemporaryClient.with(url: url, logger: logger, maximumConnections: 8) { client in
                try await body(Database(client: client, url: url, logger: logger))
            }
            try await drop(url)
            return result
        } catch {
            do {
                try await drop(url)
            } catch let dropError {
                logger.warning("could not drop test database", metadata: ["error": "\(String(reflecting: dropError))"])
            }
            throw error
        }
    }

    // MARK: - Server and template

    private static func prepareTemplate(logger: Logger) async throws -> DatabaseURL {
        let server = try await startServer(logger: logger)
        try await maintenance(server, logger: logger) { client in
            try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(templateName) WITH (FORCE)"))
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(templateName)"))
        }
        _ = try await TemporaryClient.with(url: server.withDatabase(templateName), logger: logger) { client in
            try await MigrationRunner(catalog: MigrationCatalog.embedded(), client: client, logger: logger).migrate()
        }
        return server
    }

    /// The test server's maintenance database (`postgres`), starting the throwaway cluster if needed.
    private static func startServer(logger: Logger) async throws -> DatabaseURL {
        let environment = ProcessInfo.processInfo.environment
        if let text = environment["DATABASE_URL"], !text.isEmpty {
            return try DatabaseURL(parsing: text).withDatabase("postgres")
        }
        let cluster = try testCluster(environment: environment)
        try await cluster.start(logger: logger)
        return cluster.url.withDatabase("postgres")
    }

    /// The throwaway cluster used when `DATABASE_URL` is unset.
    public static func testCluster(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws
        -> EmbeddedCluster
    {
        let home = environment["MUSTER_TEST_HOME"] ?? "/tmp/muster-test-cluster-\(getuid())"
        var settings = environment
        settings["MUSTER_HOME"] = home
        return try EmbeddedCluster.fromEnvironment(settings)
    }

    static func maintenance(
        _ server: DatabaseURL,
        logger: Logger,
        _ body: @Sendable (PostgresClient) async throws -> Void
    ) async throws {
        try await TemporaryClient.with(url: server, logger: logger, body)
    }
}
