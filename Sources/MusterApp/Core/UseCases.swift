import Logging
import MusterDomain
import MusterStore

/// The single place where user actions happen.
///
/// The CLI and the HTTP routes are thin adapters over this type: each capability adds its actions
/// in an extension of its own (one file per area), and every action opens its transaction, checks
/// the actor, calls the domain and records what it did. Neither adapter holds a business rule.
public struct UseCases: Sendable {
    /// The database actions run against.
    public let database: Database
    /// The clock time-dependent rules read.
    public let clock: WallClock
    /// The logger actions report to.
    public let logger: Logger
    /// Hashes and checks passwords.
    public let passwordHasher: PasswordHasher
    /// Password and login back-off rules.
    public let loginPolicy: LoginPolicy

    /// Creates the use-case layer over a running database.
    public init(
        database: Database,
        clock: WallClock = .system,
        passwordHasher: PasswordHasher = PasswordHasher(),
        loginPolicy: LoginPolicy = LoginPolicy(),
        logger: Logger
    ) {
        self.database = database
        self.clock = clock
        self.passwordHasher = passwordHasher
        self.loginPolicy = loginPolicy
        self.logger = logger
    }
}
