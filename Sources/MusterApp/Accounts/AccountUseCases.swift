import Foundation
import MusterDomain
import MusterStore

/// What creating an account needs.
public struct NewAccount: Sendable {
    public var username: String
    public var displayName: String
    public var password: String
    public var badge: String?
    public var grants: [RoleGrant]

    public init(username: String, displayName: String, password: String, badge: String? = nil, grants: [RoleGrant]) {
        self.username = username
        self.displayName = displayName
        self.password = password
        self.badge = badge
        self.grants = grants
    }
}

extension UseCases {
    /// Creates an account; the password is stored only as a bcrypt hash.
    public func addUser(_ account: NewAccount, actor: Actor, requestID: String? = nil) async throws -> Account {
        try Self.validate(username: account.username)
        try loginPolicy.validate(password: account.password, username: account.username)
        if let badge = account.badge, badge.range(of: #"^[A-Za-z0-9-]{1,32}$"#, options: .regularExpression) == nil {
            throw MusterError(
                .invalidInput, code: "invalid_badge", "Badge '\(badge)' must be 1-32 letters, digits or dashes.")
        }
        guard account.displayName.count <= 200, !account.displayName.isEmpty else {
            throw MusterError(.invalidInput, code: "invalid_name", "A display name needs 1 to 200 characters.")
        }
        let hash = try await passwordHasher.hash(account.password)
        let users = UserRepository(logger: logger)
        let audit = AuditRepository(logger: logger)
        try await database.transaction { connection in
            _ = try await users.insert(
                username: account.username,
                displayName: account.displayName,
                passwordHash: hash,
                badge: account.badge,
                grants: account.grants,
                on: connection
            )
            try await audit.record(
                actor: actor,
                action: "user.add",
                entityType: "user",
                entityID: account.username,
                after: Self.json([
                    "roles": account.grants.map(\.description), "badge": account.badge.map { [$0] } ?? [],
                ]),
                on: connection
            )
        }
        return try await listUsers().first { $0.username == account.username }!
    }

    /// Sets a new password and ends the user's sessions.
    public func changePassword(username: String, to password: String, actor: Actor) async throws {
        try loginPolicy.validate(password: password, username: username)
        let hash = try await passwordHasher.hash(password)
        let users = UserRepository(logger: logger)
        let audit = AuditRepository(logger: logger)
        let now = clock.now()
        try await database.transaction { connection in
            let id = try await users.id(of: username, on: connection)
            try await users.setPasswordHash(userID: id, hash: hash, on: connection)
            try await users.revokeAllSessions(userID: id, at: now, on: connection)
            try await audit.record(
                actor: actor, action: "user.passwd", entityType: "user", entityID: username, on: connection)
        }
    }

    /// Replaces a user's roles.
    public func setRoles(username: String, grants: [RoleGrant], actor: Actor) async throws {
        let users = UserRepository(logger: logger)
        let audit = AuditRepository(logger: logger)
        let before = try await listUsers().first { $0.username == username }?.grants.map(\.description) ?? []
        try await database.transaction { connection in
            let id = try await users.id(of: username, on: connection)
            try await users.replaceGrants(userID: id, grants: grants, on: connection)
            try await audit.record(
                actor: actor,
                action: "user.roles",
                entityType: "user",
                entityID: username,
                before: Self.json(["roles": before]),
                after: Self.json(["roles": grants.map(\.description)]),
                on: connection
            )
        }
    }

    /// Disables (or re-enables) an account; disabling ends its sessions.
    public func setDisabled(username: String, disabled: Bool, actor: Actor) async throws {
        let users = UserRepository(logger: logger)
        let audit = AuditRepository(logger: logger)
        let now = clock.now()
        try await database.transaction { connection in
            let id = try await users.id(of: username, on: connection)
            try await users.setDisabled(userID: id, disabled: disabled, on: connection)
            if disabled { try await users.revokeAllSessions(userID: id, at: now, on: connection) }
            try await audit.record(
                actor: actor,
                action: disabled ? "user.disable" : "user.enable",
                entityType: "user",
                entityID: username,
                on: connection
            )
        }
    }

    /// Every account, without password hashes.
    public func listUsers() async throws -> [Account] {
        let users = UserRepository(logger: logger)
        return try await database.transaction { try await users.accounts(on: $0) }
    }

    static func validate(username: String) throws {
        guard username.range(of: #"^[a-z0-9][a-z0-9._-]{2,63}$"#, options: .regularExpression) != nil else {
            throw MusterError(
                .invalidInput,
                code: "invalid_username",
                "Username '\(username)' must be 3-64 lowercase letters, digits, dots, dashes or underscores."
            )
        }
    }

    /// A small JSON object for audit rows.
    static func json(_ fields: [String: [String]]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(fields)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
