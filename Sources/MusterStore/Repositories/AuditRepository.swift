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

    /// Audit rows matching `filter`, oldest first.
    public func entries(_ filter: AuditFilter, on connection: PostgresConnection) async throws -> [AuditEntry] {
        let rows = try await connection.query(
            """
            SELECT id, occurred_at, actor, actor_role, action, entity_type, entity_id,
                   before::text, after::text, request_id
            FROM audit_log
            WHERE (\(filter.since)::timestamptz IS NULL OR occurred_at >= \(filter.since))
              AND (\(filter.actor)::text IS NULL OR actor = \(filter.actor))
              AND (\(filter.entityType)::text IS NULL OR entity_type = \(filter.entityType))
              AND (\(filter.entityID)::text IS NULL OR entity_id = \(filter.entityID))
            ORDER BY id
            LIMIT \(filter.limit)
            """,
            logger: logger
        )
        var entries: [AuditEntry] = []
        for try await (id, at, actor, role, action, type, entityID, before, after, requestID) in rows.decode(
            (Int64, Date, String, String, String, String, String, String?, String?, String?).self
        ) {
            entries.append(
                AuditEntry(
                    id: id,
                    occurredAt: at,
                    actor: actor,
                    actorRole: role,
                    action: action,
                    entityType: type,
                    entityID: entityID,
                    before: before,
                    after: after,
                    requestID: requestID
                )
            )
        }
        return entries
    }
}
