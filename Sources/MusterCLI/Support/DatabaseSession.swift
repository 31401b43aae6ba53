import Logging
import MusterApp
import MusterDomain
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

    /// Runs `body` with the use-case layer and the local operator's context: the one place the
    /// CLI builds them.
    ///
    /// The schema must be current first. On Muster's own embedded cluster pending migrations are
    /// applied (Muster owns that database); on a `DATABASE_URL` database the command refuses in
    /// one line that says to run `muster db migrate`.
    static func useCases<Result: Sendable>(
        _ options: GlobalOptions,
        logger: Logger,
        _ body: @Sendable (UseCases, UseCaseContext) async throws -> Result
    ) async throws -> Result {
        let ownsDatabase: Bool
        if case .embedded = try options.databaseLocation() { ownsDatabase = true } else { ownsDatabase = false }
        let calendar = try options.calendar
        let hasher = options.passwordHasher
        let operatorName = options.operatorName
        return try await with(options, logger: logger) { database in
            try await database.migrationRunner().ensureCurrent(applyingPending: ownsDatabase)
            let useCases = UseCases(database: database, calendar: calendar, passwordHasher: hasher, logger: logger)
            return try await body(useCases, useCases.operatorContext(name: operatorName))
        }
    }
}
