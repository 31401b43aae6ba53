import Logging
import PostgresNIO

/// Runs a write for real inside a savepoint and undoes it: a dry run that counts exactly what
/// the real run would write, without a second implementation of the counting.
public enum DryRun {
    /// Runs `body` on `connection` (inside a transaction) and rolls back everything it wrote.
    public static func undoing<Result>(
        on connection: PostgresConnection, logger: Logger, _ body: () async throws -> Result
    ) async throws -> Result {
        try await connection.query("SAVEPOINT muster_dry_run", logger: logger)
        do {
            let result = try await body()
            try await connection.query("ROLLBACK TO SAVEPOINT muster_dry_run", logger: logger)
            return result
        } catch {
            try? await connection.query("ROLLBACK TO SAVEPOINT muster_dry_run", logger: logger)
            throw error
        }
    }
}
