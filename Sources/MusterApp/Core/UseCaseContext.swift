import Foundation
import Logging
import MusterDomain
import MusterStore
import PostgresNIO

/// Everything a use case needs to know about the call it serves: who is acting, which request
/// this is, what time and day it is for the bureau, and (when one use case calls another) the
/// open transaction, so that a chain commits or fails as one.
///
/// The server builds a context from the signed-in session; the CLI builds one for the local
/// operator. Access and time rules read it, so each is written once, in MusterApp.
public struct UseCaseContext: Sendable {
    /// Who is acting.
    public let principal: Principal
    /// The request's correlation id, recorded on audit rows.
    public let requestID: String?
    /// The source of "now".
    public let clock: WallClock
    /// The bureau's calendar, which turns "now" into today's date.
    public let calendar: BureauCalendar
    /// Where the use case logs, with the request's metadata.
    public let logger: Logger
    /// The transaction a calling use case has open, if any.
    let transaction: PostgresConnection?

    /// Creates a context for `principal`.
    public init(
        principal: Principal,
        requestID: String? = nil,
        clock: WallClock,
        calendar: BureauCalendar,
        logger: Logger
    ) {
        self.init(
            principal: principal, requestID: requestID, clock: clock, calendar: calendar, logger: logger,
            transaction: nil)
    }

    init(
        principal: Principal,
        requestID: String?,
        clock: WallClock,
        calendar: BureauCalendar,
        logger: Logger,
        transaction: PostgresConnection?
    ) {
        self.principal = principal
        self.requestID = requestID
        self.clock = clock
        self.calendar = calendar
        self.logger = logger
        self.transaction = transaction
    }

    /// The current instant.
    public var now: Date { clock.now() }

    /// Today in the bureau's calendar.
    public var today: CalendarDay { calendar.day(of: clock.now()) }

    /// The actor the audit log names for changes made in this context.
    public var actor: AuditActor {
        let role = principal.grants.map(\.role).max() ?? .officer
        return AuditActor(name: principal.username, role: role.rawValue)
    }

    /// The same context inside `connection`'s open transaction, for a use case to hand to another.
    func within(_ connection: PostgresConnection) -> UseCaseContext {
        UseCaseContext(
            principal: principal, requestID: requestID, clock: clock, calendar: calendar, logger: logger,
            transaction: connection)
    }

    /// Fails with `forbidden` unless the principal holds a role carrying `permission`.
    public func require(_ permission: Permission) throws {
        guard principal.holds(permission) else {
            throw MusterError(.forbidden, code: "forbidden", "Your roles do not allow this.")
        }
    }

    /// The officers the principal reaches through `permission`; `forbidden` when none.
    public func officerScope(for permission: Permission, includingOwnRecord: Bool = false) throws -> OfficerScope {
        let scope = principal.officerScope(for: permission, includingOwnRecord: includingOwnRecord)
        guard !scope.isEmpty else {
            throw MusterError(.forbidden, code: "forbidden", "Your roles do not allow this.")
        }
        return scope
    }

    /// The sittings the principal reaches through `permission`: those of the units its roles
    /// reach, plus (for proctors, when the permission is a proctor's) those assigned to them;
    /// `forbidden` when none.
    public func sittingScope(for permission: Permission) throws -> SittingScope {
        try require(permission)
        let proctors = permission.roles.contains(.proctor) && principal.roles.contains(.proctor)
        let scope = SittingScope(
            units: principal.officerScope(for: permission), proctorUserID: proctors ? principal.userID : nil)
        guard !scope.isEmpty else {
            throw MusterError(.forbidden, code: "forbidden", "Your roles do not allow this.")
        }
        return scope
    }
}

extension UseCases {
    /// A context for `principal` on this use-case layer's clock and calendar.
    public func context(for principal: Principal, requestID: String? = nil, logger: Logger? = nil) -> UseCaseContext {
        UseCaseContext(
            principal: principal, requestID: requestID, clock: clock, calendar: calendar,
            logger: logger ?? self.logger)
    }

    /// A context for the operator at the machine, who acts as an unscoped admin named `name`.
    public func operatorContext(name: String) -> UseCaseContext {
        context(for: .localOperator(name: name))
    }

    /// Runs `body` in the context's open transaction, or in a new one when it has none.
    func transaction<Result: Sendable>(
        _ context: UseCaseContext, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        if let connection = context.transaction { return try await body(connection) }
        return try await database.transaction(body)
    }

    /// Runs `body` in the context's open transaction, or on a connection with no transaction of
    /// its own (see ``Database/withConnection(_:)``).
    func connection<Result: Sendable>(
        _ context: UseCaseContext, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        if let connection = context.transaction { return try await body(connection) }
        return try await database.withConnection(body)
    }
}

/// Writes audit rows for a use case: the context's actor, request id and clock, JSON from an
/// encoder, inside the caller's transaction.
struct AuditTrail {
    let context: UseCaseContext
    let connection: PostgresConnection

    /// Records `action` on an entity, with optional before and after values.
    func record(
        _ action: String,
        _ entityType: String,
        _ entityID: String,
        before: (any Encodable & Sendable)? = nil,
        after: (any Encodable & Sendable)? = nil
    ) async throws {
        try await AuditRepository(logger: context.logger).record(
            AuditRow(
                occurredAt: context.now,
                actor: context.actor,
                action: action,
                entityType: entityType,
                entityID: entityID,
                before: try before.map(Self.json),
                after: try after.map(Self.json),
                requestID: context.requestID
            ),
            on: connection
        )
    }

    /// Compact JSON with sorted keys, so equal values give equal text.
    static func json(_ value: any Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension UseCaseContext {
    /// The audit trail for changes made on `connection`.
    func audit(on connection: PostgresConnection) -> AuditTrail {
        AuditTrail(context: self, connection: connection)
    }
}
