import Foundation
import Logging
import MusterDomain
import PostgresNIO

/// Stores accounts, role grants and sessions.
public struct UserRepository: Sendable {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// What login needs to know about an account.
    public struct Credentials: Sendable {
        public var userID: Int64
        public var passwordHash: String
        public var disabled: Bool
    }

    /// Creates an account with its grants.
    ///
    /// - Throws: ``MusterError`` `user_exists` when the username is taken, `unknown_unit` for a
    ///   scope that names no unit.
    public func insert(
        username: String,
        displayName: String,
        passwordHash: String,
        badge: String?,
        grants: [RoleGrant],
        on connection: PostgresConnection
    ) async throws -> Int64 {
        do {
            let rows = try await connection.query(
                """
                INSERT INTO users (username, display_name, password_hash, badge)
                VALUES (\(username), \(displayName), \(passwordHash), \(badge))
                RETURNING id
                """,
                logger: logger
            )
            var id: Int64 = 0
            for try await value in rows.decode(Int64.self) { id = value }
            try await replaceGrants(userID: id, grants: grants, on: connection)
            return id
        } catch  where DatabaseErrors.sqlState(of: error) == "23505" {
            if let badge, (error as? PSQLError)?.serverInfo?[.constraintName] == "users_badge_key" {
                throw MusterError(
                    .conflict, code: "badge_has_account", "Badge '\(badge)' already has an account; an officer has one."
                )
            }
            throw MusterError(.conflict, code: "user_exists", "User '\(username)' already exists.")
        }
    }

    /// The username of the account linked to `badge`, if there is one.
    public func username(badge: String, on connection: PostgresConnection) async throws -> String? {
        let rows = try await connection.query("SELECT username FROM users WHERE badge = \(badge)", logger: logger)
        for try await username in rows.decode(String.self) { return username }
        return nil
    }

    /// Replaces an account's grants.
    public func replaceGrants(userID: Int64, grants: [RoleGrant], on connection: PostgresConnection) async throws {
        try await connection.query("DELETE FROM user_roles WHERE user_id = \(userID)", logger: logger)
        guard !grants.isEmpty else { return }
        do {
            try await connection.query(
                """
                INSERT INTO user_roles (user_id, role, unit_scope)
                SELECT \(userID), role, NULLIF(scope, '')
                FROM unnest(\(grants.map(\.role.rawValue)), \(grants.map { $0.unitScope ?? "" })) AS g(role, scope)
                """,
                logger: logger
            )
        } catch  where DatabaseErrors.sqlState(of: error) == "23503" {
            let scopes = grants.compactMap(\.unitScope).joined(separator: ", ")
            throw MusterError(
                .invalidInput, code: "unknown_unit", "Role scope names a unit that does not exist (\(scopes)).")
        } catch  where DatabaseErrors.sqlState(of: error) == "23505" {
            throw MusterError(.invalidInput, code: "duplicate_role", "A role is given twice; give each role once.")
        }
    }

    /// The id of `username`, or a not-found error.
    public func id(of username: String, on connection: PostgresConnection) async throws -> Int64 {
        let rows = try await connection.query("SELECT id FROM users WHERE username = \(username)", logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw MusterError(.notFound, code: "user_not_found", "There is no user '\(username)'.")
    }

    /// Login facts for `username`. No row lock: the slow password check runs outside any
    /// transaction, so a storm of sign-ins cannot pin the pool's connections.
    public func credentials(for username: String, on connection: PostgresConnection) async throws -> Credentials? {
        let rows = try await connection.query(
            "SELECT id, password_hash, disabled FROM users WHERE username = \(username)",
            logger: logger
        )
        for try await (id, hash, disabled) in rows.decode((Int64, String, Bool).self) {
            return Credentials(userID: id, passwordHash: hash, disabled: disabled)
        }
        return nil
    }

    /// What counting a sign-in attempt decided.
    public enum AttemptDecision: Sendable, Equatable {
        /// The client must wait until this instant before trying this username again.
        case wait(until: Date)
        /// The attempt is counted as the `failures`-th in a row (until it succeeds), and the
        /// client must wait until `blockedUntil` after it if it fails.
        case counted(failures: Int, blockedUntil: Date)
    }

    /// Counts one sign-in attempt for (username, client) before its password is checked,
    /// under the row's lock, so parallel attempts cannot slip past the throttle; a success
    /// forgets it again (``clearFailures(username:client:on:)``). Call inside a transaction.
    ///
    /// - Parameters:
    ///   - forgetBefore: Failures older than this are forgotten.
    ///   - delay: The wait after the n-th failure in a row.
    public func countAttempt(
        username: String,
        client: String,
        at instant: Date,
        forgetBefore: Date,
        delay: (Int) -> TimeInterval,
        on connection: PostgresConnection
    ) async throws -> AttemptDecision {
        try await connection.query(
            """
            INSERT INTO login_throttle (username, client, failures, last_failure_at, blocked_until)
            VALUES (\(username), \(client), 0, \(instant), \(instant)) ON CONFLICT DO NOTHING
            """,
            logger: logger
        )
        let rows = try await connection.query(
            """
            SELECT failures, last_failure_at, blocked_until, blocked_until > \(instant) FROM login_throttle
            WHERE username = \(username) AND client = \(client) FOR UPDATE
            """,
            logger: logger
        )
        var stored = (failures: 0, last: instant, blockedUntil: instant, blocked: false)
        for try await row in rows.decode((Int, Date, Date, Bool).self) { stored = (row.0, row.1, row.2, row.3) }
        // Compared by the database, where both sides have its microsecond precision: a Date read
        // back can differ from the instant it was written from by a fraction of a microsecond.
        if stored.blocked { return .wait(until: stored.blockedUntil) }
        let failures = (stored.last < forgetBefore ? 0 : stored.failures) + 1
        let blockedUntil = instant.addingTimeInterval(delay(failures))
        try await connection.query(
            """
            UPDATE login_throttle SET failures = \(failures), last_failure_at = \(instant), blocked_until = \(blockedUntil)
            WHERE username = \(username) AND client = \(client)
            """,
            logger: logger
        )
        return .counted(failures: failures, blockedUntil: blockedUntil)
    }

    /// Removes up to `limit` throttle rows quiet since `before`, skipping rows others hold.
    public func forgetQuietClients(before: Date, limit: Int = 100, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            DELETE FROM login_throttle WHERE ctid IN (
                SELECT ctid FROM login_throttle WHERE last_failure_at < \(before) LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            """,
            logger: logger
        )
    }

    /// Forgets a client's failures for `username` after a successful sign-in.
    public func clearFailures(username: String, client: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            "DELETE FROM login_throttle WHERE username = \(username) AND client = \(client)", logger: logger)
    }

    public func setPasswordHash(userID: Int64, hash: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            "UPDATE users SET password_hash = \(hash) WHERE id = \(userID)",
            logger: logger
        )
    }

    public func setDisabled(userID: Int64, disabled: Bool, on connection: PostgresConnection) async throws {
        try await connection.query("UPDATE users SET disabled = \(disabled) WHERE id = \(userID)", logger: logger)
    }

    /// Stores a new session by the hash of its token.
    public func createSession(
        tokenHash: String, userID: Int64, expiresAt: Date, on connection: PostgresConnection
    )
        async throws
    {
        try await connection.query(
            "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (\(tokenHash), \(userID), \(expiresAt))",
            logger: logger
        )
    }

    /// Revokes one session; returns whether a live one was revoked.
    @discardableResult
    public func revokeSession(
        tokenHash: String, at instant: Date, on connection: PostgresConnection
    ) async throws -> Bool {
        let rows = try await connection.query(
            """
            UPDATE sessions SET revoked_at = \(instant)
            WHERE token_hash = \(tokenHash) AND revoked_at IS NULL RETURNING 1
            """,
            logger: logger
        )
        var revoked = false
        for try await _ in rows { revoked = true }
        return revoked
    }

    /// Revokes every live session of a user.
    public func revokeAllSessions(userID: Int64, at instant: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            "UPDATE sessions SET revoked_at = \(instant) WHERE user_id = \(userID) AND revoked_at IS NULL",
            logger: logger
        )
    }

    /// The principal behind a live session token hash at `instant`, if any.
    public func principal(
        tokenHash: String, at instant: Date, on connection: PostgresConnection
    ) async throws -> Principal? {
        let rows = try await connection.execute(
            SessionPrincipalStatement(tokenHash: tokenHash, instant: instant), logger: logger)
        for try await (id, username, name, badge, roles, scopes) in rows {
            let grants = Self.grants(roles: roles, scopes: scopes)
            return Principal(userID: id, username: username, displayName: name, badge: badge, grants: grants)
        }
        return nil
    }

    /// Every account, by username.
    public func accounts(on connection: PostgresConnection) async throws -> [Account] {
        try await accounts(named: nil, on: connection)
    }

    /// One account by username, if it exists.
    public func account(named username: String, on connection: PostgresConnection) async throws -> Account? {
        try await accounts(named: username, on: connection).first
    }

    private func accounts(named username: String?, on connection: PostgresConnection) async throws -> [Account] {
        let select = """
            SELECT u.username, u.display_name, u.badge, u.disabled, u.created_at,
                   COALESCE(array_agg(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}'),
                   COALESCE(array_agg(COALESCE(r.unit_scope, '') ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}')
            FROM users u LEFT JOIN user_roles r ON r.user_id = u.id
            """
        // One account is found by its username's index; the list reads them all.
        let query: PostgresQuery =
            if let username {
                "\(unescaped: select) WHERE u.username = \(username) GROUP BY u.id"
            } else {
                "\(unescaped: select) GROUP BY u.id ORDER BY u.username"
            }
        let rows = try await connection.query(query, logger: logger)
        var accounts: [Account] = []
        for try await (username, name, badge, disabled, createdAt, roles, scopes) in rows.decode(
            (String, String, String?, Bool, Date, [String], [String]).self
        ) {
            let grants = Self.grants(roles: roles, scopes: scopes)
            accounts.append(
                Account(
                    username: username,
                    displayName: name,
                    badge: badge,
                    grants: grants,
                    disabled: disabled,
                    createdAt: createdAt
                )
            )
        }
        return accounts
    }

    /// Grants from the parallel role and scope arrays the queries aggregate ('' means no scope).
    static func grants(roles: [String], scopes: [String]) -> [RoleGrant] {
        zip(roles, scopes).compactMap { role, scope in
            Role(rawValue: role).map { RoleGrant(role: $0, unitScope: scope.isEmpty ? nil : scope) }
        }
    }
}
