import Logging
import PostgresNIO

/// Serialises changes to the organisation (the unit tree and who serves where) across
/// processes: roster and unit imports plan against what they read, so two must not interleave.
public enum OrganisationLock {
    /// The advisory lock key ("muster.o" in ASCII).
    static let key: Int64 = 0x6D75_7374_6572_2E6F

    /// Takes the lock until the current transaction ends.
    public static func acquire(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(\(key))", logger: logger)
    }
}
