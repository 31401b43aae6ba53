import Logging
import MusterDomain
import MusterStore

/// The single place where user actions happen.
///
/// The CLI and the HTTP routes are thin adapters over this type: each capability adds its actions
/// in an extension of its own (one file per area), and every action takes a ``UseCaseContext``
/// (who, which request, when), opens its transaction, decides which records the caller may
/// reach, calls the domain and records what it did. Neither adapter holds a business rule.
public struct UseCases: Sendable {
    /// The database actions run against.
    public let database: Database
    /// The clock time-dependent rules read.
    public let clock: WallClock
    /// The bureau's calendar (its time zone), which turns the clock's instants into days.
    public let calendar: BureauCalendar
    /// The logger work outside a request reports to.
    public let logger: Logger
    /// Hashes and checks passwords.
    public let passwordHasher: PasswordHasher
    /// Password and login throttling rules.
    public let loginPolicy: LoginPolicy
    /// How exam delivery treats time.
    public let delivery: DeliveryPolicy
    /// The in-process caches and the answer writer, shared by every copy of this value.
    let memory: InProcessState

    var sessions: SessionCache { memory.sessions }
    var answerWriter: AnswerWriter { memory.answerWriter }

    /// Creates the use-case layer over a running database.
    public init(
        database: Database,
        clock: WallClock = .system,
        calendar: BureauCalendar = .standard,
        passwordHasher: PasswordHasher = PasswordHasher(),
        loginPolicy: LoginPolicy = LoginPolicy(),
        delivery: DeliveryPolicy = DeliveryPolicy(),
        logger: Logger
    ) {
        self.database = database
        self.clock = clock
        self.calendar = calendar
        self.passwordHasher = passwordHasher
        self.loginPolicy = loginPolicy
        self.delivery = delivery
        self.memory = InProcessState(
            answerWriter: AnswerWriter(database: database, grace: delivery.answerGrace, logger: logger))
        self.logger = logger
    }

    /// Today in the bureau's calendar.
    public var today: CalendarDay { calendar.day(of: clock.now()) }
}
