import Crypto
import Foundation
import HummingbirdBcrypt
import MusterDomain
import MusterStore

/// A new login session: the token is shown once and stored only as its hash.
public struct SessionToken: Sendable, Codable, Equatable {
    public var token: String
    public var expiresAt: Date
    public var username: String
    public var roles: [String]
}

extension UseCases {
    /// Checks a username and password and opens a session.
    ///
    /// Unknown users and wrong passwords get the same answer, so accounts cannot be discovered.
    /// After ``LoginPolicy/maximumFailures`` failures in a row the account locks for
    /// ``LoginPolicy/lockDuration``.
    public func login(username: String, password: String, requestID: String? = nil) async throws -> SessionToken {
        let invalid = MusterError(.unauthenticated, code: "invalid_credentials", "The username or password is wrong.")
        let users = UserRepository(logger: logger)
        let audit = AuditRepository(logger: logger)
        let now = clock.now()
        let policy = loginPolicy
        let hasher = passwordHasher
        let outcome: Result<SessionToken, MusterError> = try await database.transaction { connection in
            guard let credentials = try await users.credentials(for: username, on: connection) else {
                // Spend the same time as a real check, so timing does not reveal unknown users.
                _ = try await hasher.verify(password, against: Self.decoyHash)
                return .failure(invalid)
            }
            if let lockedUntil = credentials.lockedUntil, lockedUntil > now {
                return .failure(
                    MusterError(
                        .unauthenticated,
                        code: "login_locked",
                        "Too many failed logins; try again after \(lockedUntil.formatted(.iso8601))."
                    )
                )
            }
            guard !credentials.disabled, try await hasher.verify(password, against: credentials.passwordHash) else {
                let locks = credentials.failedLogins + 1 >= policy.maximumFailures
                let lockUntil = locks ? now.addingTimeInterval(policy.lockDuration) : nil
                try await users.recordFailure(userID: credentials.userID, lockUntil: lockUntil, on: connection)
                if locks {
                    try await audit.record(
                        actor: Actor(name: username, role: "none"),
                        action: "user.locked",
                        entityType: "user",
                        entityID: username,
                        requestID: requestID,
                        on: connection
                    )
                }
                return .failure(invalid)
            }
            try await users.resetFailures(userID: credentials.userID, on: connection)
            let token = Self.newToken()
            let expiresAt = now.addingTimeInterval(policy.sessionLifetime)
            try await users.createSession(
                tokenHash: Self.hashToken(token),
                userID: credentials.userID,
                expiresAt: expiresAt,
                on: connection
            )
            let principal = try await users.principal(tokenHash: Self.hashToken(token), at: now, on: connection)
            return .success(
                SessionToken(
                    token: token,
                    expiresAt: expiresAt,
                    username: username,
                    roles: principal?.grants.map(\.description) ?? []
                )
            )
        }
        return try outcome.get()
    }

    /// The principal behind a bearer token, or nil when the token is unknown, expired or revoked.
    public func authenticate(token: String) async throws -> Principal? {
        guard token.utf8.count <= 128 else { return nil }
        let users = UserRepository(logger: logger)
        let now = clock.now()
        let hash = Self.hashToken(token)
        return try await DatabaseErrors.translating(url: database.url) {
            try await database.client.withConnection { try await users.principal(tokenHash: hash, at: now, on: $0) }
        }
    }

    /// Ends a session.
    public func logout(token: String) async throws {
        let users = UserRepository(logger: logger)
        let now = clock.now()
        try await database.transaction {
            try await users.revokeSession(tokenHash: Self.hashToken(token), at: now, on: $0)
        }
    }

    /// 32 random bytes, base64url without padding.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hashToken(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A bcrypt hash of a random secret, verified against for unknown users; made on first use.
    static let decoyHash = Bcrypt.hash("decoy-\(UUID().uuidString)", cost: 12)
}
