import ArgumentParser
import AsyncHTTPClient
import Foundation
import MusterApp
import MusterStore

/// `muster bench`: load programs that print figures.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Load benchmarks that print figures (not tests).",
        subcommands: [ExamDayBenchCommand.self]
    )
}

/// `muster bench exam-day`: an exam morning against a real server on loopback.
struct ExamDayBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exam-day",
        abstract: "Simulate N candidates (start spike, answer saves, hand-in) and print the figures.",
        discussion: """
            Prepares a room of N candidates in the database (fresh accounts each run; the demo bureau is \
            seeded first when the database is empty), starts `muster serve` on it unless --server is given, \
            signs everyone in, presses start for all at once, then saves answers for --duration seconds \
            (with --think-ms 0 each candidate saves again as soon as the last save is acknowledged), hands \
            everything in, and runs pgbench with a single-row upsert at the same client concurrency (at \
            most 256) for the ceiling. Prints admitted/s, saves/s, p50/p95/p99 save latency, errors, \
            the server's peak RSS and `ratio: saves/s ÷ pgbench TPS`. Without --home it uses a home of \
            its own in /tmp. The room's accounts are hashed at bcrypt cost 4, so that signing thousands in \
            is not what is measured.
            """
    )

    @OptionGroup var options: GlobalOptions
    @Option(help: "Simulated candidates.") var candidates = 256
    @Option(help: "Seconds of answer saving.") var duration = 20
    @Option(name: .customLong("think-ms"), help: "Pause after each acknowledged save, in milliseconds.")
    var thinkMilliseconds = 0
    @Option(help: "A running server to drive (its database must be this home's or DATABASE_URL).") var server: String?
    @Option(help: "The port for the server this command starts.") var port = 18_787
    @Option(help: "How saves travel: stream (one WebSocket per terminal, as `muster take` saves) or http (a PUT each).")
    var transport = SaveTransport.stream

    func run() async throws {
        // The room's accounts sign in by the thousand; at the production bcrypt cost the bench would
        // measure bcrypt. Hashes carry their cost, so the server checks them at this one.
        setenv("MUSTER_BCRYPT_COST", "4", 1)
        var options = self.options
        if options.home == nil, ProcessInfo.processInfo.environment["MUSTER_HOME"] == nil {
            options.home = "/tmp/muster-bench-\(getuid())"
        }
        let progress = TerminalProgress()
        let run = String(UInt32(Date().timeIntervalSince1970) % 1_000_000, radix: 36).uppercased()
        let size = candidates
        progress.update("preparing \(size) candidates")
        let (room, databaseURL) = try await DatabaseSession.useCases(options, logger: options.logger()) {
            useCases, _ in
            // Enrollment closes when the window opens: leave time to enroll the whole room.
            let room = try await useCases.prepareBenchRoom(size: size, run: run, opensIn: 5 + Double(size) / 500) {
                made, total in
                progress.update("accounts \(made)/\(total)")
            }
            return (room, useCases.database.url)
        }
        progress.finish("prepared \(size) candidates in sitting \(room.sitting)")
        let child = try server == nil ? BenchServer.start(home: options.homeFolder, port: port) : nil
        defer { child?.stop() }
        let base = server ?? "http://127.0.0.1:\(port)"
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: min(max(size, 8), 4096))
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            try await drive(
                room: room, base: base, http: http, child: child, databaseURL: databaseURL, options: options)
            try await http.shutdown()
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    /// Runs the phases against the server and prints the figures.
    func drive(
        room: BenchRoom, base: String, http: HTTPClient, child: BenchServer?, databaseURL: DatabaseURL,
        options: GlobalOptions
    ) async throws {
        let progress = TerminalProgress()
        let size = room.candidates.count
        if let child {
            try await child.waitUntilHealthy(base, http: http)
        } else {
            try await BenchServer.waitUntilHealthy(base, http: http)
        }
        let load = ExamDayLoad(server: base, http: http, room: room)
        let rss = RSSSampler(pid: child?.pid)
        progress.update("signing in")
        let seats = try await load.signIn(concurrency: 64)
        let wait = room.opensAt.timeIntervalSinceNow
        if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000) + 100)) }
        progress.update("start spike: \(size) candidates press start")
        let spikeStart = ContinuousClock.now
        var (admitted, spike) = try await load.spike(seats)
        let spikeSeconds = ExamDayLoad.seconds(since: spikeStart)
        if transport == .stream {
            progress.update("opening answer streams")
            admitted = try await load.openStreams(admitted, concurrency: 64)
        }
        progress.update("saving answers for \(duration) s")
        let savesStart = ContinuousClock.now
        let saves = await load.saves(
            admitted, duration: .seconds(duration), think: .milliseconds(thinkMilliseconds))
        let savesSeconds = ExamDayLoad.seconds(since: savesStart)
        let peakRSS = await rss.stop()
        progress.update("handing in")
        let submitFailures = try await load.submit(admitted, concurrency: 64)
        progress.update("pgbench")
        let pgClients = min(size, 256)
        let tps = try await PgBench.upsertTPS(
            url: databaseURL, clients: pgClients, seconds: min(duration, 15), options: options)
        progress.finish("done")
        let savesPerSecond = Double(saves.latencies.count) / savesSeconds
        print(
            "exam-day: \(size) candidates, \(duration) s of saves over \(transport.rawValue), think \(thinkMilliseconds) ms, "
                + "server \(base)")
        print(
            String(
                format:
                    "start spike: %d admitted in %.2f s (%.0f admitted/s), p99 press-to-admission %.0f ms, %d errors",
                spike.latencies.count, spikeSeconds, Double(spike.latencies.count) / spikeSeconds, spike.quantile(0.99),
                spike.errors))
        print(
            String(
                format:
                    "saves: %d in %.1f s = %.0f saves/s at %d concurrent candidates; p50 %.1f ms, p95 %.1f ms, p99 %.1f ms; %d errors",
                saves.latencies.count, savesSeconds, savesPerSecond, admitted.filter { $0.attempt > 0 }.count,
                saves.quantile(0.5), saves.quantile(0.95), saves.quantile(0.99), saves.errors))
        print("hand-in: \(admitted.count - submitFailures) handed in, \(submitFailures) errors")
        print(peakRSS.map { "server RSS: peak \($0 / 1024) MB" } ?? "server RSS: not measured (external server)")
        print(String(format: "pgbench single-row upsert: %.0f TPS at %d clients", tps, pgClients))
        print(String(format: "ratio: %.2f", tps > 0 ? savesPerSecond / tps : 0))
        print("errors: \(spike.errors + saves.errors + submitFailures)")
    }
}

/// How the exam-day benchmark's candidates send their saves.
enum SaveTransport: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// One WebSocket answer stream per terminal (`/attempts/{attempt}/stream`).
    case stream
    /// One `PUT /attempts/{attempt}/answers/{position}` per save.
    case http
}
