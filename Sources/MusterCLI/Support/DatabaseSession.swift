import Logging
import MusterApp
import MusterStore

/// Opens the database for one command and closes it afterwards.
enum DatabaseSession {
    /// Resolves the database (starting the embedded cluster when `startEmbedded` and needed),
    /// runs `body` with a live client, and shuts the client down.
    static func with<Result: Sendable>(
        _ options: GlobalOptions,
        logger: Logger,
        startEmbedded: Bool = true,
        _ body: @Sendable (Database) async throws -> Result
    ) async throws -> Result {
        let location = try options.databaseLocation()
        if case .embedded(let cluster) = location, startEmbedded {
            try await cluster.start(logger: logger)
        }
        return try await TemporaryClient.with(url: location.url, logger: logger, maximumConnections: 4) { client in
            try await body(Database(client: client, url: location.url, logger: logger))
        }
    }
}
