import Foundation
import Logging
import MusterStore

/// A private embedded cluster in a fresh temporary folder, for tests that stop and start a server.
public struct ScratchCluster: Sendable {
    public let cluster: EmbeddedCluster

    /// Describes a cluster in a new folder under the system temporary folder.
    public init() throws {
        // Short folder names: the Unix socket path must stay under 104 bytes.
        let folder = "/tmp/msc-\(UUID().uuidString.prefix(8))"
        var environment = ProcessInfo.processInfo.environment
        environment["MUSTER_HOME"] = folder
        cluster = try EmbeddedCluster.fromEnvironment(environment)
    }

    /// Runs `body` with the cluster started, then stops it and deletes its folder.
    public func run<Result: Sendable>(
        logger: Logger,
        _ body: @Sendable (EmbeddedCluster) async throws -> Result
    ) async throws -> Result {
        do {
            try await cluster.start(logger: logger)
            let result = try await body(cluster)
            try cluster.stop()
            try? FileManager.default.removeItem(at: cluster.home)
            return result
        } catch {
            _ = try? cluster.stop()
            try? FileManager.default.removeItem(at: cluster.home)
            throw error
        }
    }
}
