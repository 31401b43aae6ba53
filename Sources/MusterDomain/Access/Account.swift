import Foundation

/// A user account as administrators see it (never with its password hash).
public struct Account: Sendable, Hashable, Codable {
    public var username: String
    public var displayName: String
    public var badge: String?
    public var grants: [RoleGrant]
    public var disabled: Bool
    public var lockedUntil: Date?
    public var createdAt: Date

    public init(
        username: String,
        displayName: String,
        badge: String?,
        grants: [RoleGrant],
        disabled: Bool,
        lockedUntil: Date?,
        createdAt: Date
    ) {
        self.username = username
        self.displayName = displayName
        self.badge = badge
        self.grants = grants
        self.disabled = disabled
        self.lockedUntil = lockedUntil
        self.createdAt = createdAt
    }
}

/// The rules for passwords and login back-off, as data with sensible defaults.
public struct LoginPolicy: Sendable {
    /// The shortest password accepted.
    public var minimumPasswordLength = 10
    /// Failed attempts allowed before the account locks.
    public var maximumFailures = 5
    /// How long a lock lasts.
    public var lockDuration: TimeInterval = 15 * 60
    /// How long a session lasts.
    public var sessionLifetime: TimeInterval = 12 * 60 * 60

    public init() {}

    /// Checks a new password against the policy.
    public func validate(password: String, username: String) throws {
        guard password.count >= minimumPasswordLength else {
            throw MusterError(
                .invalidInput,
                code: "weak_password",
                "A password needs at least \(minimumPasswordLength) characters."
            )
        }
        guard password.count <= 72, password.utf8.count <= 72 else {
            throw MusterError(.invalidInput, code: "password_too_long", "A password may have at most 72 bytes.")
        }
        guard password.lowercased() != username.lowercased() else {
            throw MusterError(.invalidInput, code: "weak_password", "A password must not be the username.")
        }
    }
}
