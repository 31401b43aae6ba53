import Foundation
import Logging
import MusterDomain

/// A private PostgreSQL cluster that Muster runs from the system's server programs.
///
/// It is the default database when `DATABASE_URL` is unset. The cluster lives in
/// `$MUSTER_HOME/pg`: `data/` holds the cluster, `socket/` its Unix socket, `server.log` the
/// server's log. It listens on no TCP port, trusts local connections, and runs as an unprivileged OS
/// user when Muster itself runs as root (initdb refuses root).
public struct EmbeddedCluster: Sendable {
    /// Whether a cluster exists and runs.
    public enum State: String, Sendable, Codable {
        /// No cluster has been initialised in the data folder.
        case absent
        /// The cluster exists but its server is not running.
        case stopped
        /// The server is running and accepts connections on its socket.
        case running
    }

    /// The database Muster keeps its data in.
    public static let databaseName = "muster"
    /// The cluster's superuser role.
    public static let superuser = "postgres"

    /// `$MUSTER_HOME`, made absolute.
    public let home: URL
    /// The server programs used to run the cluster.
    public let installation: PostgresInstallation
    /// The OS user that runs the server when Muster runs as root; `nil` runs it as ourselves.
    public let serverUser: String?
    /// The number that names the socket file (the server opens no TCP port).
    public let port: Int

    private let runner = ProcessRunner()

    /// Describes a cluster in `home` run by the given installation.
    public init(home: URL, installation: PostgresInstallation, serverUser: String?, port: Int = 5432) {
        self.home = home.standardizedFileURL
        self.installation = installation
        self.serverUser = serverUser
        self.port = port
    }

    /// Describes the cluster for a working environment: `MUSTER_HOME` (default `.muster`), the
    /// located server programs, and `MUSTER_PG_USER` (default `postgres`) when running as root.
    public static func fromEnvironment(
        _ environment: [String: String],
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> EmbeddedCluster {
        let homePath = environment["MUSTER_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ".muster"
        let home = URL(fileURLWithPath: homePath, relativeTo: URL(fileURLWithPath: currentDirectory))
        let user = geteuid() == 0 ? (environment["MUSTER_PG_USER"] ?? "postgres") : nil
        return EmbeddedCluster(
            home: home.absoluteURL,
            installation: try PostgresInstallation.locate(environment: environment),
            serverUser: user
        )
    }

    /// `$MUSTER_HOME/pg`.
    public var root: URL { home.appending(path: "pg") }
    /// The cluster's data folder.
    public var dataDirectory: URL { root.appending(path: "data") }
    /// The folder holding the server's Unix socket.
    public var socketDirectory: URL { root.appending(path: "socket") }
    /// The server's log file.
    public var logFile: URL { root.appending(path: "server.log") }

    /// The URL of Muster's database in this cluster.
    public var url: DatabaseURL {
        DatabaseURL(
            endpoint: .socket(directory: socketDirectory.path, port: port),
            username: Self.superuser,
            database: Self.databaseName
        )
    }

    /// Reports whether the cluster exists and whether its server runs.
    public func state() throws -> State {
        guard FileManager.default.fileExists(atPath: dataDirectory.appending(path: "PG_VERSION").path)
        else { return .absent }
        let outcome = try pgCtl(["status", "-D", dataDirectory.path])
        return outcome.status == 0 ? .running : .stopped
    }

    /// Initialises the cluster if needed, starts its server if it is not running, and creates the
    /// Muster database if it is missing.
    ///
    /// - Returns: `true` when this call started the server, `false` when it was already running.
    @discardableResult
    public func start(logger: Logger) async throws -> Bool {
        try checkSocketPathLength()
        var current = try state()
        if current == .absent {
            try initialise(logger: logger)
            current = .stopped
        }
        try checkOwnership()
        var started = false
        if current == .stopped {
            logger.info("starting embedded PostgreSQL", metadata: ["pg.data": "\(dataDirectory.path)"])
            let outcome = try pgCtl(["start", "-D", dataDirectory.path, "-l", logFile.path, "-w", "-t", "60"])
            guard outcome.succeeded else {
                throw MusterError(
                    .unavailable,
                    code: "embedded_database_start_failed",
                    "The embedded PostgreSQL server did not start: \(Self.lastLines(of: logTail() ?? outcome.output)) "
                        + "(full log: \(logFile.path))"
                )
            }
            started = true
        }
        try await TemporaryClient.with(url: url.withDatabase("postgres"), logger: logger) { client in
            let rows = try await client.query(
                "SELECT 1 FROM pg_database WHERE datname = \(Self.databaseName)",
                logger: logger
            )
            var exists = false
            for try await _ in rows { exists = true }
            if !exists {
                try await client.query("CREATE DATABASE muster", logger: logger)
            }
        }
        return started
    }

    /// Stops the server with a fast shutdown.
    ///
    /// - Returns: `true` when a running server was stopped, `false` when none was running.
    @discardableResult
    public func stop() throws -> Bool {
        guard try state() == .running else { return false }
        let outcome = try pgCtl(["stop", "-D", dataDirectory.path, "-m", "fast", "-w", "-t", "60"])
        guard outcome.succeeded else {
            throw MusterError(
                .unavailable,
                code: "embedded_database_stop_failed",
                "The embedded PostgreSQL server did not stop: \(Self.lastLines(of: outcome.output))"
            )
        }
        return true
    }

    // MARK: - Steps

    private func initialise(logger: Logger) throws {
        let fileManager = FileManager.default
        let staging = root.appending(path: "data.initializing")
        try? fileManager.removeItem(at: staging)
        for folder in [root, socketDirectory] {
            try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        try handOver([root, socketDirectory])
        try checkServerUserCanReach(root)
        logger.info("initialising embedded PostgreSQL cluster", metadata: ["pg.data": "\(dataDirectory.path)"])
        let outcome = try runServerProgram(
            "initdb",
            ["-D", staging.path, "-U", Self.superuser, "-A", "trust", "-E", "UTF8", "--no-locale"]
        )
        guard outcome.succeeded else {
            try? fileManager.removeItem(at: staging)
            throw MusterError(
                .misconfigured,
                code: "embedded_database_init_failed",
                "initdb could not create the embedded cluster: \(Self.lastLines(of: outcome.output))"
            )
        }
        let settings = """

            # Muster's embedded cluster: local socket only.
            listen_addresses = ''
            unix_socket_directories = '\(socketDirectory.path)'
            port = \(port)
            max_connections = 300

            """
        let configuration = staging.appending(path: "postgresql.conf")
        let handle = try FileHandle(forWritingTo: configuration)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(settings.utf8))
        try handle.close()
        try fileManager.moveItem(at: staging, to: dataDirectory)
    }

    private func pgCtl(_ arguments: [String]) throws -> ProcessRunner.Outcome {
        try runServerProgram("pg_ctl", arguments)
    }

    private func runServerProgram(_ name: String, _ arguments: [String]) throws -> ProcessRunner.Outcome {
        try runner.run(installation.program(name), arguments, asUser: serverUser)
    }

    /// Gives the cluster's folders to the server's OS user when we run as root.
    private func handOver(_ folders: [URL]) throws {
        guard let serverUser else { return }
        guard getpwnam(serverUser) != nil else {
            throw MusterError(
                .misconfigured,
                code: "postgres_user_missing",
                "Muster runs as root, so the embedded PostgreSQL must run as an unprivileged user, "
                    + "but OS user '\(serverUser)' does not exist. Create it (useradd --system \(serverUser)) "
                    + "or set MUSTER_PG_USER to an existing user."
            )
        }
        for folder in folders {
            try FileManager.default.setAttributes([.ownerAccountName: serverUser], ofItemAtPath: folder.path)
        }
    }

    private func checkServerUserCanReach(_ folder: URL) throws {
        guard let serverUser else { return }
        let outcome = try runner.run("/usr/bin/test", ["-w", folder.path], asUser: serverUser)
        guard outcome.succeeded else {
            try? FileManager.default.removeItem(at: root)
            throw MusterError(
                .misconfigured,
                code: "embedded_database_folder_unreachable",
                "The PostgreSQL server runs as OS user '\(serverUser)', which cannot reach \(folder.path). "
                    + "Set MUSTER_HOME to a folder that user can enter, or allow it in (chmod o+x) every parent folder."
            )
        }
    }

    /// Refuses a data folder that belongs to another user than the one that must run the server.
    private func checkOwnership() throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: dataDirectory.path)
        guard let owner = (attributes[.ownerAccountID] as? NSNumber)?.uint32Value else { return }
        let expected: (uid: uid_t, name: String)
        if let serverUser {
            guard let entry = getpwnam(serverUser) else { return }
            expected = (entry.pointee.pw_uid, serverUser)
        } else {
            expected = (getuid(), "you")
        }
        if let problem = Self.ownershipProblem(
            folder: dataDirectory.path,
            owner: (owner, (attributes[.ownerAccountName] as? String) ?? "uid \(owner)"),
            expected: expected
        ) {
            throw problem
        }
    }

    /// The error for a data folder owned by someone other than `expected`, or `nil` when it is theirs.
    static func ownershipProblem(
        folder: String,
        owner: (uid: uid_t, name: String),
        expected: (uid: uid_t, name: String)
    ) -> MusterError? {
        guard owner.uid != expected.uid else { return nil }
        return MusterError(
            .misconfigured,
            code: "embedded_database_foreign_owner",
            "The data folder \(folder) belongs to \(owner.name), not \(expected.name). "
                + "Run Muster as \(owner.name), or set MUSTER_HOME to a folder of your own."
        )
    }

    private func checkSocketPathLength() throws {
        let socketPath = "\(socketDirectory.path)/.s.PGSQL.\(port)"
        guard socketPath.utf8.count < 104 else {
            throw MusterError(
                .misconfigured,
                code: "embedded_database_path_too_long",
                "The socket path \(socketPath) is longer than Unix sockets allow (103 bytes). "
                    + "Set MUSTER_HOME to a shorter folder."
            )
        }
    }

    private func logTail() -> String? {
        (try? String(contentsOf: logFile, encoding: .utf8)).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The last few non-empty lines of a program's output, joined into one line.
    static func lastLines(of output: String, count: Int = 3) -> String {
        output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.suffix(count).joined(separator: " / ")
    }
}
