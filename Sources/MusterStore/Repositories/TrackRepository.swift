import Foundation
import Logging
import MusterDomain
import PostgresNIO

/// A stored track version.
public struct StoredTrack: Sendable, Codable, Equatable {
    public var track: Track
    public var version: Int
    public var contentHash: String
    public var loadedBy: String
    public var loadedAt: Date

    /// Creates a stored version.
    public init(track: Track, version: Int, contentHash: String, loadedBy: String, loadedAt: Date) {
        self.track = track
        self.version = version
        self.contentHash = contentHash
        self.loadedBy = loadedBy
        self.loadedAt = loadedAt
    }
}

/// Stores training track versions; the newest version of each track is in force.
public struct TrackRepository: Sendable {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    var versions: VersionedDefinitions {
        VersionedDefinitions(
            table: "track_versions", authorColumn: "loaded_by", timeColumn: "loaded_at", logger: logger)
    }

    /// The newest version number and hash of track `code`, taking a lock so loads take turns.
    public func latest(code: String, on connection: PostgresConnection) async throws -> (version: Int, hash: String)? {
        try await versions.latest(code: code, on: connection)
    }

    /// The track in force that grants certificate `code`, other than track `excluding`, if any.
    public func track(
        grantingCertificate code: String, excluding track: String, on connection: PostgresConnection
    )
        async throws -> String?
    {
        let rows = try await connection.query(
            """
            SELECT DISTINCT ON (code) code, certificate_code FROM track_versions
            WHERE code <> \(track) ORDER BY code, version DESC
            """,
            logger: logger
        )
        for try await (other, certificate) in rows.decode((String, String).self) where certificate == code {
            return other
        }
        return nil
    }

    /// Stores a new version.
    public func insert(
        _ track: Track, version: Int, source: String, contentHash: String, loadedBy: String, at instant: Date,
        on connection: PostgresConnection
    ) async throws {
        let definition = try VersionedDefinitions.json(track)
        try await connection.query(
            """
            INSERT INTO track_versions (code, version, definition, certificate_code, source, content_hash, loaded_by,
                                        loaded_at)
            VALUES (\(track.code), \(version), \(definition)::jsonb, \(track.certificate.code), \(source),
                    \(contentHash), \(loadedBy), \(instant))
            """,
            logger: logger
        )
    }

    /// The newest version of every track, by code.
    public func current(on connection: PostgresConnection) async throws -> [StoredTrack] {
        try await versions.current(Track.self, on: connection).map {
            StoredTrack(
                track: $0.definition, version: $0.version, contentHash: $0.hash, loadedBy: $0.author, loadedAt: $0.time)
        }
    }
}
