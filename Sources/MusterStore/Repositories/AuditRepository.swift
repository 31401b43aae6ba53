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

    /// Appends one row; the time is the caller's clock, not the database's, so one time source
    /// stamps both the change and its record.
    public func record(_ row: AuditRow, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO audit_log (occurred_at, actor, actor_role, action, entity_type, entity_id, before, after,
                                   request_id)
            VALUES (\(row.occurredAt), \(row.actor.name), \(row.actor.role), \(row.action), \(row.entityType),
                    \(row.entityID), \(row.before)::jsonb, \(row.after)::jsonb, \(row.requestID))
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

/// One audit row to append: who did what to which entity, when, with before and after as JSON.
public struct AuditRow: Sendable {
    public var occurredAt: Date
    public var actor: AuditActor
    public var action: String
    public var entityType: String
    public var entityID: String
    /// The entity before the change, as JSON text.
    public var before: String?
    /// The entity after the change, as JSON text.
    public var after: String?
    public var requestID: String?

    /// Creates a row.
    public init(
        occurredAt: Date,
        actor: AuditActor,
        action: String,
        entityType: String,
        entityID: String,
        before: String? = nil,
        after: String? = nil,
        requestID: String? = nil
    ) {
        self.occurredAt = occurredAt
        self.actor = actor
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.before = before
        self.after = after
        self.requestID = requestID
    }
}
