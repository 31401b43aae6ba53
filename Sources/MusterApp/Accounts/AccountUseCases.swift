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

/// The audit log's view of an account's roles and badge.
struct AccountAudit: Codable, Sendable {
    var roles: [String]
    var badge: String?
}

extension UseCases {
    /// Creates an account; the password is stored only as a bcrypt hash.
    public func addUser(_ account: NewAccount, context: UseCaseContext) async throws -> Account {
        try context.require(.manageUsers)
        try Self.validate(username: account.username)
        try loginPolicy.validate(password: account.password, username: account.username)
        if let badge = account.badge, !Officer.isValidBadge(badge) {
            throw MusterError(
                .invalidInput, code: "invalid_badge", "Badge '\(badge)' must be 1-32 letters, digits or dashes.")
        }
        guard account.displayName.count <= 200, !account.displayName.isEmpty else {
            throw MusterError(.invalidInput, code: "invalid_name", "A display name needs 1 to 200 characters.")
        }
        let hash = try await passwordHasher.hash(account.password)
        let users = UserRepository(logger: context.logger)
        return try await transaction(context) { connection in
            _ = try await users.insert(
                username: account.username,
                displayName: account.displayName,
                passwordHash: hash,
                badge: account.badge,
                grants: account.grants,
                on: connection
            )
            try await context.audit(on: connection).record(
                "user.add", "user", account.username,
                after: AccountAudit(roles: account.grants.map(\.description), badge: account.badge))
            guard
                let created = try await users.account(named: account.username, on: connection)
            else { throw MusterError(.internalFailure, code: "user_missing", "The new account could not be read.") }
            return created
        }
    }

    /// Sets a new password and ends the user's sessions.
    public func changePassword(username: String, to password: String, context: UseCaseContext) async throws {
        try context.require(.manageUsers)
        try loginPolicy.validate(password: password, username: username)
        let hash = try await passwordHasher.hash(password)
        let users = UserRepository(logger: context.logger)
        let now = context.now
        try await transaction(context) { connection in
            let id = try await users.id(of: username, on: connection)
            try await users.setPasswordHash(userID: id, hash: hash, on: connection)
            try await users.revokeAllSessions(userID: id, at: now, on: connection)
            try await context.audit(on: connection).record("user.passwd", "user", username)
        }
        sessions.forgetAll()
    }

    /// Replaces a user's roles; the audit row's "before" is read in the same transaction.
    public func setRoles(username: String, grants: [RoleGrant], context: UseCaseContext) async throws {
        try context.require(.manageUsers)
        let users = UserRepository(logger: context.logger)
        try await transaction(context) { connection in
            let id = try await users.id(of: username, on: connection)
            let before = try await users.account(named: username, on: connection)
            try await users.replaceGrants(userID: id, grants: grants, on: connection)
            try await context.audit(on: connection).record(
                "user.roles", "user", username,
                before: AccountAudit(roles: before?.grants.map(\.description) ?? [], badge: before?.badge),
                after: AccountAudit(roles: grants.map(\.description), badge: before?.badge))
        }
        sessions.forgetAll()
    }

    /// Disables (or re-enables) an account; disabling ends its sessions.
    public func setDisabled(username: String, disabled: Bool, context: UseCaseContext) async throws {
        try context.require(.manageUsers)
        let users = UserRepository(logger: context.logger)
        let now = context.now
        try await transaction(context) { connection in
            let id = try await users.id(of: username, on: connection)
            try await users.setDisabled(userID: id, disabled: disabled, on: connection)
            if disabled { try await users.revokeAllSessions(userID: id, at: now, on: connection) }
            try await context.audit(on: connection).record(disabled ? "user.disable" : "user.enable", "user", username)
        }
        sessions.forgetAll()
    }

    /// Every account, without password hashes.
    public func listUsers(context: UseCaseContext) async throws -> [Account] {
        try context.require(.manageUsers)
        let users = UserRepository(logger: context.logger)
        return try await transaction(context) { try await users.accounts(on: $0) }
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
}
