import Foundation
import Logging
import MusterDomain
import PostgresNIO

/// A stored policy version.
public struct StoredPolicy: Sendable, Codable {
    public var policy: PromotionPolicy
    public var version: Int
    public var contentHash: String
    public var loadedBy: String
    public var loadedAt: Date
}

/// Stores promotion policy versions and which one is active.
public struct PolicyRepository: Sendable {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// The newest version number and hash of the policy `name`, taking a lock so loads take turns.
    public func latest(
        name: String, on connection: PostgresConnection
    ) async throws -> (id: Int64, version: Int, hash: String)? {
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(name)))", logger: logger)
        let rows = try await connection.query(
            "SELECT id, version, content_hash FROM policies WHERE name = \(name) ORDER BY version DESC LIMIT 1",
            logger: logger
        )
        for try await (id, version, hash) in rows.decode((Int64, Int, String).self) { return (id, version, hash) }
        return nil
    }

    /// Stores a new version and returns its id.
    public func insert(
        _ policy: PromotionPolicy,
        version: Int,
        source: String,
        contentHash: String,
        loadedBy: String,
        on connection: PostgresConnection
    ) async throws -> Int64 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let content = String(decoding: try encoder.encode(policy), as: UTF8.self)
        let rows = try await connection.query(
            """
            INSERT INTO policies (name, version, content, source, content_hash, loaded_by)
            VALUES (\(policy.name), \(version), \(content)::jsonb, \(source), \(contentHash), \(loadedBy))
            RETURNING id
            """,
            logger: logger
        )
        for try await id in rows.decode(Int64.self) { return id }
        throw MusterError(.internalFailure, code: "policy_not_stored", "The policy was not stored.")
    }

    /// Makes the policy version `id` the active one.
    public func activate(id: Int64, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO active_policy (singleton, policy_id) VALUES (true, \(id))
            ON CONFLICT (singleton) DO UPDATE SET policy_id = excluded.policy_id, activated_at = now()
            """,
            logger: logger
        )
    }

    /// The active policy version, if one was ever loaded.
    public func active(on connection: PostgresConnection) async throws -> StoredPolicy? {
        let rows = try await connection.query(
            """
            SELECT p.content::text, p.version, p.content_hash, p.loaded_by, p.loaded_at
            FROM active_policy a JOIN policies p ON p.id = a.policy_id
            """,
            logger: logger
        )
        for try await (content, version, hash, loadedBy, loadedAt) in rows.decode(
            (String, Int, String, String, Date).self)
        {
            let policy = try JSONDecoder().decode(PromotionPolicy.self, from: Data(content.utf8))
            return StoredPolicy(
                policy: policy, version: version, contentHash: hash, loadedBy: loadedBy, loadedAt: loadedAt)
        }
        return nil
    }
}
