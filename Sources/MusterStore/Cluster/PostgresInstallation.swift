import Foundation
import MusterDomain

/// The PostgreSQL server programs installed on this machine.
public struct PostgresInstallation: Sendable, Equatable {
    /// The folder holding `initdb`, `pg_ctl` and `postgres`.
    public var binDirectory: String

    /// The path of one server program.
    func program(_ name: String) -> String { "\(binDirectory)/\(name)" }

    /// Finds the server binaries: `MUSTER_PG_BIN`, then `pg_config --bindir`, then Debian's
    /// versioned folders under `/usr/lib/postgresql`, newest first.
    public static func locate(
        environment: [String: String],
        pgConfigPaths: [String] = ["/usr/bin/pg_config", "/usr/local/bin/pg_config"],
        debianRoot: String = "/usr/lib/postgresql"
    ) throws -> PostgresInstallation {
        var candidates: [String] = []
        if let explicit = environment["MUSTER_PG_BIN"], !explicit.isEmpty {
            candidates.append(explicit)
        }
        for pgConfig in pgConfigPaths
        where FileManager.default.isExecutableFile(atPath: pgConfig) {
            if let outcome = try? ProcessRunner().run(pgConfig, ["--bindir"]), outcome.succeeded {
                candidates.append(outcome.output.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: debianRoot)) ?? []
        let newestFirst = versions.compactMap(Int.init).sorted(by: >)
        candidates += newestFirst.map { "\(debianRoot)/\($0)/bin" }
        for directory in candidates where Self.isComplete(directory) {
            return PostgresInstallation(binDirectory: directory)
        }
        throw MusterError(
            .misconfigured,
            code: "postgres_not_installed",
            "PostgreSQL server programs (initdb, pg_ctl, postgres) were not found"
                + " (looked in \(candidates.isEmpty ? debianRoot : candidates.joined(separator: ", "))). "
                + "Install them with: sudo apt-get install -y postgresql, "
                + "or set DATABASE_URL to use an existing server."
        )
    }

    static func isComplete(_ directory: String) -> Bool {
        ["initdb", "pg_ctl", "postgres"].allSatisfy {
            FileManager.default.isExecutableFile(atPath: "\(directory)/\($0)")
        }
    }
}
