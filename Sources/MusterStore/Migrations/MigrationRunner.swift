import Foundation
import Logging
import MusterDomain
import PostgresNIO

/// Where one migration stands in a database.
public struct MigrationStatus: Sendable, Equatable, Codable {
    /// Applied, waiting, or applied from a file that has since changed.
    public enum State: String, Sendable, Codable {
        case applied, pending, modified
    }

    public var version: Int
    public var fileName: String
    public var state: State
    /// When it was applied, if it was.
    public var appliedAt: Date?

    /// Creates a status row.
    public init(version: Int, fileName: String, state: State, appliedAt: Date? = nil) {
        self.version = version
        self.fileName = fileName
        self.state = state
        self.appliedAt = appliedAt
    }
}

/// Applies the migration catalog to a database, each file in its own transaction.
///
/// Runners serialise on a transaction-scoped advisory lock, so two processes (two instances, or
/// parallel tests) starting together apply each file exactly once. A file whose checksum differs
/// from the one recorded when it was applied stops everything: history must not be rewritten.
public struct MigrationRunner: Sendable {
    /// The advisory lock key all runners share ("muster.m" in ASCII).
    static let lockKey: Int64 = 0x6D75_7374_6572_2E6D

    public let catalog: MigrationCatalog
    public let client: PostgresClient
    public let logger: Logger

    /// Creates a runner for `catalog` against the database behind `client`.
    public init(catalog: MigrationCatalog, client: PostgresClient, logger: Logger) {
        self.catalog = catalog
        self.client = client
        self.logger = logger
    }

    /// Reports each known migration's state, plus applied versions this build does not know.
    public func status() async throws -> [MigrationStatus] {
        let applied = try await client.withConnection { try await appliedMigrations(on: $0) }
        return Self.compare(catalog: catalog, applied: applied)
    }

    /// The migrations not yet applied.
    public func pending() async throws -> [Migration] {
        let states = try await status()
        try Self.rejectModified(states)
        let pendingVersions = Set(states.filter { $0.state == .pending }.map(\.version))
        return catalog.migrations.filter { pendingVersions.contains($0.version) }
    }

    /// Makes sure the schema is what this build needs before a command touches it: on a
    /// database Muster owns (its embedded cluster) pending migrations are applied; on any other,
    /// a database behind this build is refused in one line that says what to run.
    ///
    /// - Throws: ``MusterError`` `migrations_pending` naming the applied and needed versions.
    public func ensureCurrent(applyingPending ownsDatabase: Bool) async throws {
        let states = try await DatabaseErrors.translating { try await status() }
        try Self.rejectModified(states)
        let applied = states.filter { $0.state == .applied }.map(\.version).max() ?? 0
        let needed = catalog.migrations.map(\.version).max() ?? 0
        guard applied <= needed else {
            throw MusterError(
                .misconfigured,
                code: "database_newer",
                "The database is at migration \(applied), newer than this muster knows (\(needed)): use a newer muster."
            )
        }
        guard states.contains(where: { $0.state == .pending }) else { return }
        if ownsDatabase {
            try await migrate()
            return
        }
        throw MusterError(
            .misconfigured,
            code: "migrations_pending",
            "The database is at migration \(applied), this muster needs \(needed): run `muster db migrate`."
        )
    }

    /// Applies every pending migration in order and returns those this call applied.
    @discardableResult
    public func migrate() async throws -> [Migration] {
        var appliedNow: [Migration] = []
        for migration in catalog.migrations {
            let didApply = try await DatabaseErrors.translating { try await apply(migration) }
            if didApply {
                logger.info("applied migration", metadata: ["migration.file": "\(migration.fileName)"])
                appliedNow.append(migration)
            }
        }
        return appliedNow
    }

    /// Applies one migration under the advisory lock, unless another runner already did.
    private func apply(_ migration: Migration) async throws -> Bool {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
            try await Self.ensureLedger(on: connection, logger: logger)
            let applied = try await appliedMigrations(on: connection)
            try Self.rejectModified(Self.compare(catalog: catalog, applied: applied))
            guard applied[migration.version] == nil else { return false }
            do {
                for statement in SQLStatementSplitter.split(migration.sql) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
            } catch let error as PSQLError {
                throw MusterError(
                    .misconfigured,
                    code: "migration_failed",
                    "Migration \(migration.fileName) failed: "
                        + (error.serverInfo?[.message] ?? "\(error.code)")
                        // PostgreSQL's detail names the rows in the way ("Key (badge)=(B7) is duplicated.").
                        + (error.serverInfo?[.detail].map { " (\($0))" } ?? "")
                        + "; nothing of it was applied. Correct the data named and run again."
                )
            }
            try await connection.query(
                """
                INSERT INTO schema_migrations (version, file_name, checksum)
                VALUES (\(migration.version), \(migration.fileName), \(migration.checksum))
                """,
                logger: logger
            )
            return true
        }
    }

    // MARK: - Ledger

    /// A row of `schema_migrations`.
    struct AppliedMigration {
        var fileName: String
        var checksum: String
        var appliedAt: Date
    }

    static func ensureLedger(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                file_name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            logger: logger
        )
    }

    private func appliedMigrations(on connection: PostgresConnection) async throws -> [Int: AppliedMigration] {
        let exists = try await connection.query(
            "SELECT to_regclass('schema_migrations') IS NOT NULL",
            logger: logger
        )
        var ledgerExists = false
        for try await flag in exists.decode(Bool.self) { ledgerExists = flag }
        guard ledgerExists else { return [:] }
        let rows = try await connection.query(
            "SELECT version, file_name, checksum, applied_at FROM schema_migrations",
            logger: logger
        )
        var applied: [Int: AppliedMigration] = [:]
        for try await (version, fileName, checksum, appliedAt) in rows.decode((Int, String, String, Date).self) {
            applied[version] = AppliedMigration(fileName: fileName, checksum: checksum, appliedAt: appliedAt)
        }
        return applied
    }

    static func compare(catalog: MigrationCatalog, applied: [Int: AppliedMigration]) -> [MigrationStatus] {
        var states = catalog.migrations.map { migration -> MigrationStatus in
            guard let record = applied[migration.version] else {
                return MigrationStatus(version: migration.version, fileName: migration.fileName, state: .pending)
            }
            return MigrationStatus(
                version: migration.version,
                fileName: migration.fileName,
                state: record.checksum == migration.checksum ? .applied : .modified,
                appliedAt: record.appliedAt
            )
        }
        let known = Set(catalog.migrations.map(\.version))
        for (version, record) in applied where !known.contains(version) {
            states.append(
                MigrationStatus(
                    version: version, fileName: record.fileName, state: .applied, appliedAt: record.appliedAt)
            )
        }
        return states.sorted { $0.version < $1.version }
    }

    static func rejectModified(_ states: [MigrationStatus]) throws {
        let modified = states.filter { $0.state == .modified }
        guard let first = modified.first else { return }
        throw MusterError(
            .misconfigured,
            code: "migration_checksum_mismatch",
            "Migration \(first.fileName) was changed after it was applied (its checksum differs from the one "
                + "recorded). Restore the file and add a new migration for the change.",
            details: modified.map(\.fileName)
        )
    }
}
