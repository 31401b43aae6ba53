import Logging
import MusterDomain
import PostgresNIO

/// Muster's handle on its PostgreSQL database: a running client pool and where it points.
///
/// The ``client`` is a ServiceLifecycle service: whoever creates a `Database` must run the client
/// (in a ServiceGroup, or with ``TemporaryClient``) before queries can lease connections.
public struct Database: Sendable {
    /// The connection pool.
    public let client: PostgresClient
    /// Where the pool connects; the password is masked when printed.
    public let url: DatabaseURL
    /// The logger queries report to.
    public let logger: Logger

    /// Creates a pool for `url`. Run ``client`` before use.
    public init(url: DatabaseURL, logger: Logger, maximumConnections: Int = 20) throws {
        var configuration = try url.clientConfiguration()
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(3)
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.url = url
        self.logger = logger
    }

    /// Wraps an already running client.
    public init(client: PostgresClient, url: DatabaseURL, logger: Logger) {
        self.client = client
        self.url = url
        self.logger = logger
    }

    /// Checks that the database answers a trivial query within `timeout`.
    ///
    /// - Throws: ``MusterError`` with code `database_unavailable` when it does not.
    public func ping(timeout: Duration = .seconds(2)) async throws {
        let unavailable = MusterError(
            .unavailable,
            code: "database_unavailable",
            "The database does not answer; check that PostgreSQL is running (muster db status)."
        )
        let answered = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    try await client.query("SELECT 1", logger: logger)
                    return true
                } catch {
                    return false
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return false
            }
            defer { group.cancelAll() }
            return try await group.next() ?? false
        }
        guard answered else { throw unavailable }
    }

    /// Runs `body` in a transaction, translating database errors.
    public func transaction<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await DatabaseErrors.translating(url: url) {
            try await client.withTransaction(logger: logger) { try await body($0) }
        }
    }

    /// Runs `body` on a pooled connection outside any transaction (each statement commits on its
    /// own): for reads, and for work whose one write is a single statement kept right by
    /// constraints, where BEGIN and COMMIT would be two round trips for nothing.
    public func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await DatabaseErrors.translating(url: url) {
            try await client.withConnection { try await body($0) }
        }
    }

    /// A migration runner over the migrations compiled into this binary.
    public func migrationRunner() throws -> MigrationRunner {
        MigrationRunner(catalog: try MigrationCatalog.embedded(), client: client, logger: logger)
    }
}
