import Foundation
import Logging
import MusterDomain
import MusterFormats
import MusterStore
import PostgresNIO

/// What loading a track file did.
public struct TrackLoadReport: Sendable, Codable, Equatable {
    /// What happened.
    public enum Outcome: String, Sendable, Codable {
        case created, unchanged
        case dryRun = "dry-run"
    }

    public var track: String
    public var outcome: Outcome
    public var version: Int?
    public var modules: Int
    public var hours: Double
    public var certificate: String
    public var warnings: [String]
}

/// The tracks that ship with Muster, compiled into the binary from `Tracks/`.
public enum ShippedTracks {
    /// Every shipped track file, by package-relative path.
    public static var files: [SourceFile] { ShippedFiles.under("Tracks/") }
}

/// The audit log's view of a loaded track.
struct TrackAudit: Codable, Sendable {
    var version: Int
    var certificate: String
    var hash: String
}

extension UseCases {
    /// Checks a track file against the active policy; loads it as the track's next version
    /// unless `dryRun` (an identical file loads nothing).
    ///
    /// - Throws: ``MusterError`` `track_rejected` listing every error as `file:line:column: …`;
    ///   `certificate_taken` when another track already grants the certificate.
    public func loadTrack(
        _ source: SourceFile, dryRun: Bool = false, context: UseCaseContext
    ) async throws
        -> TrackLoadReport
    {
        try context.require(.loadTracks)
        let tracks = TrackRepository(logger: context.logger)
        return try await transaction(context) { connection in
            let policy = try await activePolicy(on: connection, logger: context.logger).policy
            let parsed = TrackReader().parse(
                source.text, file: source.fileName, knownRanks: Set(policy.ranks.map(\.code)))
            try MusterError.rejectingErrors(
                in: parsed.diagnostics, code: "track_rejected", file: source.fileName,
                outcome: "the track was not loaded")
            guard let track = parsed.track else {
                throw MusterError(.invalidInput, code: "track_rejected", "\(source.fileName) holds no track.")
            }
            if let other = try await tracks.track(
                grantingCertificate: track.certificate.code, excluding: track.code, on: connection)
            {
                throw MusterError(
                    .conflict, code: "certificate_taken",
                    "Track \(other) already grants certificate '\(track.certificate.code)'; a certificate comes from one track."
                )
            }
            var report = TrackLoadReport(
                track: track.code, outcome: .dryRun, version: nil, modules: track.modules.count,
                hours: track.modules.map(\.hours).reduce(0, +), certificate: track.certificate.code,
                warnings: parsed.diagnostics.warnings.map(\.description))
            guard !dryRun else { return report }
            let hash = Digest.sha256Hex(source.text)
            let latest = try await tracks.latest(code: track.code, on: connection)
            if let latest, latest.hash == hash {
                report.outcome = .unchanged
                report.version = latest.version
                return report
            }
            let version = (latest?.version ?? 0) + 1
            try await tracks.insert(
                track, version: version, source: source.text, contentHash: hash, loadedBy: context.actor.name,
                at: context.now, on: connection)
            try await context.audit(on: connection).record(
                "track.load", "track", track.code,
                after: TrackAudit(version: version, certificate: track.certificate.code, hash: hash))
            report.outcome = .created
            report.version = version
            return report
        }
    }

    /// Every track in force (its newest version), by code.
    public func listTracks(context: UseCaseContext) async throws -> [StoredTrack] {
        try context.require(.readTracks)
        let tracks = TrackRepository(logger: context.logger)
        return try await transaction(context) { try await tracks.current(on: $0) }
    }

    /// One track in force.
    ///
    /// - Throws: ``MusterError`` `track_not_found`.
    public func showTrack(_ code: String, context: UseCaseContext) async throws -> StoredTrack {
        guard let track = try await listTracks(context: context).first(where: { $0.track.code == code }) else {
            throw MusterError(.notFound, code: "track_not_found", "There is no track '\(code)'.")
        }
        return track
    }
}
