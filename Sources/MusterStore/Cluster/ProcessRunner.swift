import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs an external program to completion and captures what it printed.
///
/// Built on `posix_spawn` and `waitpid` rather than Foundation's `Process`: `pg_ctl start` leaves
/// a daemon behind, and `Process` watches for exit through a descriptor the daemon would inherit,
/// so it would wait for the database server to stop. Here the child gets only standard input
/// (`/dev/null`) and a capture file for output; every other descriptor is closed, and its signal
/// mask and handlers start clean (a thread of this process may block signals such as `SIGALRM`,
/// which `pgbench -T` needs, or `SIGTERM`, which stops a server).
public struct ProcessRunner: Sendable {
    /// What a finished program left behind.
    public struct Outcome: Sendable {
        public var status: Int32
        public var output: String
        public var succeeded: Bool { status == 0 }
    }

    public init() {}

    /// Runs `executable` with `arguments`, optionally as another OS user via `runuser`.
    ///
    /// Standard output and standard error are merged, so diagnostics keep their order.
    public func run(_ executable: String, _ arguments: [String], asUser user: String? = nil) throws -> Outcome {
        let program = user == nil ? executable : "/usr/sbin/runuser"
        let argv = user.map { ["runuser", "-u", $0, "--", executable] + arguments } ?? [executable] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C"
        let capture = FileManager.default.temporaryDirectory.appending(path: "muster-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: capture) }
        let status = Self.wait(
            for: try Self.spawn(program, argv, environment.map { "\($0.key)=\($0.value)" }, outputPath: capture.path))
        let data = (try? Data(contentsOf: capture)) ?? Data()
        return Outcome(status: status, output: String(decoding: data, as: UTF8.self))
    }

    /// The descriptors this process has open, read from `/proc/self/fd`.
    static func openDescriptors() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap(Int32.init).filter { fcntl($0, F_GETFD) != -1 }
    }

    /// Starts `executable` with `arguments` and returns at once with its process id; its output
    /// (merged) goes to `outputPath`. Stop it with `kill` and collect it with ``wait(for:)``.
    public static func start(_ executable: String, _ arguments: [String], outputPath: String) throws -> pid_t {
        try spawn(
            executable, [executable] + arguments,
            ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }, outputPath: outputPath)
    }

    /// Waits for `pid` to end; its exit status, or 128 + the signal that ended it.
    public static func wait(for pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { return -1 }
        }
        return exitCode(of: status)
    }

    /// Whether `pid` has ended, collecting it if so; `nil` while it still runs.
    public static func exitStatus(of pid: pid_t) -> Int32? {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        return exitCode(of: status)
    }

    /// A wait status as an exit code, or 128 + the signal that ended the process (WIFEXITED /
    /// WEXITSTATUS, spelled out: the macros are not imported into Swift).
    private static func exitCode(of status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    private static func spawn(
        _ path: String, _ argv: [String], _ environment: [String], outputPath: String
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        for descriptor in Self.openDescriptors() where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var every = sigset_t()
        sigfillset(&every)
        posix_spawnattr_setsigdefault(&attributes, &every)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup($0) } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var pid = pid_t()
        let spawnError = posix_spawn(&pid, path, &actions, &attributes, cArguments, cEnvironment)
        guard spawnError == 0 else {
            throw CocoaError(
                .fileReadNoPermission,
                userInfo: [
                    NSFilePathErrorKey: path,
                    NSLocalizedDescriptionKey: "cannot run \(path): \(String(cString: strerror(spawnError)))",
                ]
            )
        }
        return pid
    }
}
