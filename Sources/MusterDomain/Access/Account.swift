import Foundation

/// A user account as administrators see it (never with its password hash).
public struct Account: Sendable, Hashable, Codable {
    public var username: String
    public var displayName: String
    public var badge: String?
    public var grants: [RoleGrant]
    public var disabled: Bool
    public var createdAt: Date

    public init(
        username: String,
        displayName: String,
        badge: String?,
        grants: [RoleGrant],
        disabled: Bool,
        createdAt: Date
    ) {
        self.username = username
        self.displayName = displayName
        self.badge = badge
        self.grants = grants
        self.disabled = disabled
        self.createdAt = createdAt
    }
}

/// The rules for passwords, sessions and sign-in throttling, as data with sensible defaults.
///
/// Wrong passwords slow down the terminal they come from rather than lock the account: a
/// candidate cannot lock a colleague out of an exam from the next terminal, and guessing stays
/// slow. Unknown usernames are throttled exactly like real ones, so answers reveal nothing.
public struct LoginPolicy: Sendable {
    /// The shortest password accepted.
    public var minimumPasswordLength = 10
    /// Failures from one client for one username that cost nothing; the next one starts the delays.
    public var freeFailures = 4
    /// The first delay, doubled with each further failure.
    public var firstDelay: TimeInterval = 5
    /// The longest delay.
    public var maximumDelay: TimeInterval = 15 * 60
    /// How long a quiet client's failures are remembered.
    public var failureMemory: TimeInterval = 24 * 60 * 60
    /// How long a session lasts.
    public var sessionLifetime: TimeInterval = 12 * 60 * 60

    public init() {}

    /// How long a client must wait after its `failures`-th failure in a row for one username.
    public func delay(afterFailures failures: Int) -> TimeInterval {
        guard failures > freeFailures else { return 0 }
        let doublings = min(failures - freeFailures - 1, 30)
        return min(maximumDelay, firstDelay * Double(1 << doublings))
    }

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
