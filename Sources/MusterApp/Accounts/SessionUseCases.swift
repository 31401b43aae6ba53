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

/// A bearer token as the session table knows it (its hash): for a caller that presents the same
/// token on every message of a connection (an answer stream), which hashes it once, not per save.
public struct SessionKey: Sendable, Hashable {
    let hash: String

    /// The key of `token`; nil when the token is too long to be one Muster issued.
    public init?(token: String) {
        guard token.utf8.count <= 128 else { return nil }
        self.hash = UseCases.hashToken(token)
    }
}

/// One sign-in attempt: the credentials and the client address they came from.
public struct SignIn: Sendable {
    /// The account to check ("" when a badge has no account).
    public var username: String
    public var password: String
    /// The client's network address; failures are throttled per (throttle key, client).
    public var client: String
    /// What failures are counted under: the username, or `badge:` and the badge for a sign-in
    /// by badge, whether or not an account is linked to it, so the throttle cannot tell a
    /// badge with an account from one without.
    var throttleKey: String

    public init(username: String, password: String, client: String) {
        self.username = username
        self.password = password
        self.client = String(client.prefix(100))
        throttleKey = username
    }

    /// A sign-in by `badge`, for the account linked to it (nil: none is).
    init(badge: String, account: String?, password: String, client: String) {
        self.init(username: account ?? "", password: password, client: client)
        throttleKey = "badge:\(badge)"
    }
}

extension UseCases {
    /// Signs in the officer holding `badge`: the account linked to that badge, with the same
    /// checks, answers and throttling as ``login(_:)`` (an unknown badge is a wrong password).
    ///
    /// Exam-room terminals sign officers in by the badge on their card, not by a username.
    public func login(badge: String, password: String, client: String) async throws -> SessionToken {
        guard Officer.isValidBadge(badge) else {
            // No badge looks like this: a name no account can have takes the wrong-password path.
            return try await login(SignIn(username: "-", password: password, client: client))
        }
        let username = try await DatabaseErrors.translating(url: database.url) {
            try await database.client.withConnection {
                try await UserRepository(logger: logger).username(badge: badge, on: $0)
            }
        }
        return try await login(SignIn(badge: badge, account: username, password: password, client: client))
    }

    /// Checks a username and password and opens a session.
    ///
    /// Unknown users, disabled accounts and wrong passwords get the same answer, and the same
    /// throttling: after ``LoginPolicy/freeFailures`` failures in a row from one client for one
    /// username, that client waits a growing delay (`login_throttled`, with the seconds to wait)
    /// while sign-ins from other terminals go on. The bcrypt check runs outside any transaction,
    /// so slow checks never hold a pooled connection. A name that cannot be a username is
    /// answered like a wrong password, and nothing is written for it.
    public func login(_ attempt: SignIn) async throws -> SessionToken {
        let invalid = MusterError(.unauthenticated, code: "invalid_credentials", "The username or password is wrong.")
        let account = (try? Self.validate(username: attempt.username)) != nil ? attempt.username : nil
        guard account != nil || attempt.throttleKey != attempt.username, !attempt.client.isEmpty else {
            // No such account can exist: spend the time of a real check and count nothing.
            _ = try await passwordHasher.verify(attempt.password, against: passwordHasher.decoyHash)
            throw invalid
        }
        let users = UserRepository(logger: logger)
        let now = clock.now()
        let policy = loginPolicy
        // The attempt is counted before the slow check, under the throttle row's lock, so
        // parallel attempts from one terminal cannot all slip past the throttle.
        let decision = try await database.transaction { connection in
            try await users.countAttempt(
                username: attempt.throttleKey, client: attempt.client, at: now,
                forgetBefore: now.addingTimeInterval(-policy.failureMemory), delay: policy.delay(afterFailures:),
                on: connection)
        }
        let blockedUntil: Date
        switch decision {
        case .wait(let until): throw Self.throttled(until: until, now: now)
        case .counted(_, let until): blockedUntil = until
        }
        let credentials = try await DatabaseErrors.translating(url: database.url) {
            try await database.client.withConnection { connection -> UserRepository.Credentials? in
                guard let account else { return nil }
                return try await users.credentials(for: account, on: connection)
            }
        }
        // Unknown users spend the same time on a decoy hash, so timing reveals nothing either.
        let matches = try await passwordHasher.verify(
            attempt.password, against: credentials?.passwordHash ?? passwordHasher.decoyHash)
        guard let credentials, matches, !credentials.disabled else {
            if blockedUntil > now { throw Self.throttled(until: blockedUntil, now: now) }
            throw invalid
        }
        let token = Self.newToken()
        let expiresAt = now.addingTimeInterval(policy.sessionLifetime)
        let hash = Self.hashToken(token)
        // Dated now, not at the start of the sign-in: a sign-in can wait seconds for bcrypt.
        let readAt = clock.now()
        let mark = sessions.mark
        let principal = try await database.transaction { connection in
            try await users.clearFailures(username: attempt.throttleKey, client: attempt.client, on: connection)
            try await users.forgetQuietClients(before: now.addingTimeInterval(-policy.failureMemory), on: connection)
            try await users.createSession(
                tokenHash: hash, userID: credentials.userID, expiresAt: expiresAt, on: connection)
            return try await users.principal(tokenHash: hash, at: now, on: connection)
        }
        // The terminal's next request (starting the exam) finds its session in memory.
        if let principal { sessions.remember(principal, for: hash, at: readAt, readSince: mark) }
        return SessionToken(
            token: token,
            expiresAt: expiresAt,
            username: attempt.username,
            roles: principal?.grants.map(\.description) ?? []
        )
    }

    static func throttled(until: Date, now: Date) -> MusterError {
        let seconds = max(1, Int(until.timeIntervalSince(now).rounded(.up)))
        var error = MusterError(
            .throttled,
            code: "login_throttled",
            "Too many failed sign-ins for this username or badge from this terminal; wait \(seconds) s and try again."
        )
        error.retryAfterSeconds = seconds
        return error
    }

    /// The principal behind a bearer token, or nil when the token is unknown, expired or revoked.
    ///
    /// A known session is kept in memory for a few seconds (``SessionCache``), so a terminal saving
    /// answers does not read the session table on every request.
    public func authenticate(token: String) async throws -> Principal? {
        guard let key = SessionKey(token: token) else { return nil }
        return try await authenticate(key)
    }

    /// The principal behind a session key, as ``authenticate(token:)`` finds it.
    public func authenticate(_ key: SessionKey) async throws -> Principal? {
        if let principal = rememberedPrincipal(key) { return principal }
        return try await readSession(key.hash)
    }

    /// The principal behind a session key when the session is in memory, without waiting (a
    /// session due to be read again is read in the background); nil when it must be read first.
    public func rememberedPrincipal(_ key: SessionKey) -> Principal? {
        switch sessions.lookup(key.hash, at: clock.now()) {
        case .fresh(let principal):
            return principal
        case .refresh(let principal):
            Task { try? await readSession(key.hash) }
            return principal
        case .missing:
            return nil
        }
    }

    /// Reads a session from the table into the cache (or out of it, when it has ended).
    @discardableResult
    private func readSession(_ hash: String) async throws -> Principal? {
        let users = UserRepository(logger: logger)
        let now = clock.now()
        let mark = sessions.mark
        let principal = try await DatabaseErrors.translating(url: database.url) {
            try await database.client.withConnection { try await users.principal(tokenHash: hash, at: now, on: $0) }
        }
        if let principal {
            sessions.remember(principal, for: hash, at: now, readSince: mark)
        } else {
            sessions.drop(hash)
        }
        return principal
    }

    /// Ends a session.
    public func logout(token: String) async throws {
        let users = UserRepository(logger: logger)
        let now = clock.now()
        let hash = Self.hashToken(token)
        try await database.transaction {
            try await users.revokeSession(tokenHash: hash, at: now, on: $0)
        }
        sessions.forget(hash)
    }

    /// 32 random bytes, base64url without padding.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hashToken(_ token: String) -> String {
        Digest.sha256Hex(token)
    }
}
