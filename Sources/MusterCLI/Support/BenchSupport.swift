import AsyncHTTPClient
import Foundation
import MusterStore
import Synchronization

/// The `muster serve` child a benchmark drives.
final class BenchServer: Sendable {
    let pid: Int32
    /// Where the child writes its output.
    let logPath: String
    /// The child's exit status once it has been collected.
    private let exited = Mutex<Int32?>(nil)

    private init(pid: Int32, logPath: String) {
        self.pid = pid
        self.logPath = logPath
    }

    /// Starts this executable as `muster serve` on `home` and `port`, its
    /// output in the home's `bench-server.log`.
    static func start(home: String, port: Int) throws -> BenchServer {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let logPath = URL(fileURLWithPath: home).appendingPathComponent("bench-server.log").path
        let pid = try ProcessRunner.start(
            executable, ["serve", "--home", home, "--port", String(port), "--log-level", "error"],
            outputPath: logPath)
        return BenchServer(pid: pid, logPath: logPath)
    }

    /// Stops the server and waits for it to end.
    func stop() {
        exited.withLock { status in
            guard status == nil else { return }
            kill(pid, SIGTERM)
            status = ProcessRunner.wait(for: pid)
        }
    }

    /// The child's exit status if it has ended (collecting it), else `nil`.
    private func exitStatus() -> Int32? {
        exited.withLock { status in
            if status == nil { status = ProcessRunner.exitStatus(of: pid) }
            return status
        }
    }

    /// Waits up to 30 s for `/health` at `base` to answer; stops at once, with the end of the
    /// child's log, when the child has exited.
    func waitUntilHealthy(_ base: String, http: HTTPClient) async throws {
        try await Self.waitUntilHealthy(base, http: http) {
            guard let status = self.exitStatus() else { return nil }
            let log = (try? String(contentsOfFile: self.logPath, encoding: .utf8)) ?? ""
            let tail = log.split(separator: "\n").suffix(5).joined(separator: "\n")
            return "the server exited with status \(status) before it answered (\(self.logPath)):\n\(tail)"
        }
    }

    /// Waits up to 30 s for `/health` at `base` to answer; `failure` says why to stop waiting early.
    static func waitUntilHealthy(
        _ base: String, http: HTTPClient, failure: @Sendable () -> String? = { nil }
    ) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let reason = failure() { throw ValidationErrorText(reason) }
            // A short timeout: the client retries a refused connection until its deadline.
            if let response = try? await http.execute(
                HTTPClientRequest(url: base + "/health"), timeout: .milliseconds(500)),
                response.status == .ok
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ValidationErrorText("the server at \(base) did not become healthy within 30 s")
    }
}

/// Samples a process's resident memory until stopped; returns the peak in KiB.
final class RSSSampler: Sendable {
    let task: Task<Int?, Never>

    init(pid: Int32?) {
        task = Task {
            guard let pid else { return nil }
            var peak = 0
            while !Task.isCancelled {
                if let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                    let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
                    let kib = Int(line.split(separator: " ").dropFirst().first ?? "")
                {
                    peak = max(peak, kib)
                }
                try? await Task.sleep(for: .milliseconds(200))
            }
            return peak
        }
    }

    /// Stops sampling; the peak in KiB, or nil when no process was watched.
    func stop() async -> Int? {
        task.cancel()
        return await task.value
    }
}

/// PostgreSQL's own ceiling for the save's kind of write, measured with pgbench.
enum PgBench {
    /// TPS of a single-row upsert (one statement, one commit) at `clients` for `seconds`.
    static func upsertTPS(url: DatabaseURL, clients: Int, seconds: Int, options: GlobalOptions) async throws -> Double {
        try await DatabaseSession.with(options, logger: options.logger()) { database in
            try await database.client.query(
                "CREATE TABLE IF NOT EXISTS bench_upsert (id integer PRIMARY KEY, hits bigint NOT NULL DEFAULT 0)")
        }
        let script = FileManager.default.temporaryDirectory.appending(path: "muster-upsert-\(getpid()).sql")
        try """
        \\set id random(1, 100000)
        INSERT INTO bench_upsert (id, hits) VALUES (:id, 1) ON CONFLICT (id) DO UPDATE SET hits = bench_upsert.hits + 1;
        """.write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let binary =
            (try? PostgresInstallation.locate(environment: ProcessInfo.processInfo.environment).binDirectory)
            .map { "\($0)/pgbench" } ?? "/usr/bin/pgbench"
        let outcome = try ProcessRunner().run(
            binary, ["-n", "-c", String(clients), "-j", "2", "-T", String(seconds), "-f", script.path, url.urlString])
        let text = outcome.output
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
            let tps = Double(line.dropFirst(6).prefix { $0.isNumber || $0 == "." })
        else {
            throw ValidationErrorText("pgbench printed no TPS: \(text.suffix(300))")
        }
        return tps
    }
}
