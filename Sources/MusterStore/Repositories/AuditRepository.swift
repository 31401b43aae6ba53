import Foundation
import Logging
import MusterDomain
import PostgresNIO

/// Appends rows to the audit log, inside the caller's transaction.
public struct AuditRepository: Sendable {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// Records that `actor` did `action` to an entity; `before` and `after` are JSON documents.
    public func record(
        actor: Actor,
        action: String,
        entityType: String,
        entityID: String,
        before: String? = nil,
        after: String? = nil,
        requestID: String? = nil,
        on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            INSERT INTO audit_log (actor, actor_role, action, entity_type, entity_id, before, after, request_id)
            VALUES (\(actor.name), \(actor.role), \(action), \(entityType), \(entityID),
                    \(before)::jsonb, \(after)::jsonb, \(requestID))
            """,
            logger: logger
        )
    }
}
