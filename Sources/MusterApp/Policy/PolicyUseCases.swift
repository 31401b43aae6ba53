import Foundation
import Logging
import MusterDomain
import MusterFormats
import MusterStore
import PostgresNIO

/// What loading a policy did.
public struct PolicyLoadReport: Sendable, Codable, Equatable {
    /// What happened.
    public enum Outcome: String, Sendable, Codable {
        case created, unchanged
        case dryRun = "dry-run"
    }

    public var policy: String
    public var outcome: Outcome
    public var version: Int?
    public var ranks: Int
    public var posts: Int
    public var warnings: [String]
}

/// The policy decisions use, and where it came from.
public struct ActivePolicy: Sendable, Codable {
    public var policy: PromotionPolicy
    /// The stored version, or nil for the built-in default (no policy loaded yet).
    public var version: Int?
    public var loadedBy: String?
    public var loadedAt: Date?
}

/// The policies that ship with Muster, compiled into the binary from `Policies/`.
public enum ShippedPolicies {
    /// The default policy's file: the Chinese People's Police ladder.
    public static let defaultFile = "Policies/cn-peoples-police.yaml"

    /// Every shipped policy file, by package-relative path.
    public static var files: [SourceFile] { ShippedFiles.under("Policies/") }

    /// The default policy, parsed.
    public static func defaultPolicy() throws -> PromotionPolicy {
        guard let source = files.first(where: { $0.fileName == defaultFile }) else {
            throw MusterError(
                .internalFailure, code: "default_policy_missing", "The built-in default policy is missing.")
        }
        return try UseCases.parsePolicy(source).policy
    }
}

extension UseCases {
    /// Checks a policy file; loads it as a new version and makes it active unless `dryRun`.
    ///
    /// - Throws: ``MusterError`` `policy_rejected` listing every error as `file:line:column: …`.
    public func loadPolicy(
        _ source: SourceFile, dryRun: Bool = false, context: UseCaseContext
    ) async throws -> PolicyLoadReport {
        try context.require(.loadPolicy)
        let (policy, warnings) = try Self.parsePolicy(source)
        var report = PolicyLoadReport(
            policy: policy.name,
            outcome: .dryRun,
            ranks: policy.ranks.count,
            posts: policy.posts.count,
            warnings: warnings
        )
        guard !dryRun else { return report }
        let hash = Digest.sha256Hex(source.text)
        let policies = PolicyRepository(logger: context.logger)
        return try await transaction(context) { connection in
            let latest = try await policies.latest(name: policy.name, on: connection)
            if let latest, latest.hash == hash {
                try await policies.activate(id: latest.id, on: connection)
                report.outcome = .unchanged
                report.version = latest.version
                return report
            }
            let version = (latest?.version ?? 0) + 1
            let id = try await policies.insert(
                policy,
                version: version,
                source: source.text,
                contentHash: hash,
                loadedBy: context.actor.name,
                on: connection
            )
            try await policies.activate(id: id, on: connection)
            try await context.audit(on: connection).record(
                "policy.load", "policy", policy.name,
                after: ["version": version, "ranks": policy.ranks.count, "posts": policy.posts.count])
            report.outcome = .created
            report.version = version
            return report
        }
    }

    /// The active policy, or the built-in default when none was loaded.
    public func activePolicy(context: UseCaseContext) async throws -> ActivePolicy {
        try context.require(.readPolicy)
        return try await transaction(context) { try await activePolicy(on: $0, logger: context.logger) }
    }

    /// The active policy as rules read it, with no access check (the calling use case made it).
    func activePolicy(on connection: PostgresConnection, logger: Logger) async throws -> ActivePolicy {
        if let stored = try await PolicyRepository(logger: logger).active(on: connection) {
            return ActivePolicy(
                policy: stored.policy, version: stored.version, loadedBy: stored.loadedBy, loadedAt: stored.loadedAt)
        }
        return ActivePolicy(policy: try ShippedPolicies.defaultPolicy(), version: nil, loadedBy: nil, loadedAt: nil)
    }

    /// Parses a policy file, failing with every error.
    static func parsePolicy(_ source: SourceFile) throws -> (policy: PromotionPolicy, warnings: [String]) {
        let parsed = PolicyReader().parse(source.text, file: source.fileName)
        try MusterError.rejectingErrors(
            in: parsed.diagnostics, code: "policy_rejected", file: source.fileName, outcome: "the policy was not loaded"
        )
        guard let policy = parsed.policy else {
            throw MusterError(.invalidInput, code: "policy_rejected", "\(source.fileName) holds no policy.")
        }
        return (policy, parsed.diagnostics.warnings.map(\.description))
    }
}
