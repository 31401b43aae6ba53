import Logging
import PostgresNIO

/// Runs work against a short-lived PostgresClient that is shut down when the work ends.
public enum TemporaryClient {
    /// Starts a client for `url`, runs `body` with it, then stops the client.
    public static func with<Result: Sendable>(
        url: DatabaseURL,
        logger: Logger,
        maximumConnections: Int = 2,
        _ body: @Sendable (PostgresClient) async throws -> Result
    ) async throws -> Result {
        try await url.probe(logger: logger)
        var configuration = try url.clientConfiguration()
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(5)
        // The pool may be asked for a connection a moment before its run loop starts; that race is
        // harmless here, so the pool's own background chatter is kept to errors.
        var backgroundLogger = logger
        backgroundLogger.logLevel = max(logger.logLevel, .error)
        let client = PostgresClient(configuration: configuration, backgroundLogger: backgroundLogger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await DatabaseErrors.translating(url: url) { try await body(client) }
        }
    }
}
