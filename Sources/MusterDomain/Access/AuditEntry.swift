import Foundation

/// One row of the append-only audit log.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var id: Int64
    public var occurredAt: Date
    public var actor: String
    public var actorRole: String
    public var action: String
    public var entityType: String
    public var entityID: String
    /// The entity before the change, as JSON text, when recorded.
    public var before: String?
    /// The entity after the change, as JSON text, when recorded.
    public var after: String?
    public var requestID: String?

    public init(
        id: Int64,
        occurredAt: Date,
        actor: String,
        actorRole: String,
        action: String,
        entityType: String,
        entityID: String,
        before: String?,
        after: String?,
        requestID: String?
    ) {
        self.id = id
        self.occurredAt = occurredAt
        self.actor = actor
        self.actorRole = actorRole
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.before = before
        self.after = after
        self.requestID = requestID
    }
}

/// Which audit rows to list.
public struct AuditFilter: Sendable, Hashable {
    public var since: Date?
    public var actor: String?
    public var entityType: String?
    public var entityID: String?
    public var limit: Int

    public init(
        since: Date? = nil, actor: String? = nil, entityType: String? = nil, entityID: String? = nil, limit: Int = 1000
    ) {
        self.since = since
        self.actor = actor
        self.entityType = entityType
        self.entityID = entityID
        self.limit = min(max(limit, 1), 100_000)
    }
}
