import ArgumentParser
import Foundation
import MusterApp
import MusterDomain
import MusterStore

/// A sign-in storm at the default bcrypt cost: many terminals sign in at once on exam morning.
struct SignInBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signins",
        abstract: "Sign in N accounts at once at the default bcrypt cost; print sign-ins/s and database latency.",
        discussion: """
            The bcrypt check runs on the blocking thread pool, outside any transaction, so a storm of \
            sign-ins must not pin the database pool: a probe query runs throughout and its slowest answer \
            is printed. Uses DATABASE_URL when set, else an embedded cluster in /tmp/muster-bench-UID.
            """
    )

    @Option(help: "Concurrent sign-ins.") var concurrency = 200
    @Option(help: "bcrypt cost (work factor).") var cost: UInt8 = 12

    func run() async throws {
        let (concurrency, cost) = (self.concurrency, self.cost)
        try await BenchmarkDatabase.with(maximumConnections: 20) { database in
            let useCases = UseCases(
                database: database, passwordHasher: PasswordHasher(cost: cost), logger: BenchmarkDatabase.logger)
            let admin = useCases.operatorContext(name: "benchmark")
            _ = try await useCases.addUser(
                NewAccount(
                    username: "bench.officer", displayName: "bench", password: "bench-password-1",
                    grants: [RoleGrant(role: .officer)]),
                context: admin)
            print(
                "\(concurrency) concurrent sign-ins at bcrypt cost \(cost) on \(ProcessInfo.processInfo.activeProcessorCount) cores"
            )
            let start = ContinuousClock.now
            // Probe the pool while the storm lasts: the slowest answer shows whether sign-ins starve it.
            let probe = Task {
                var slowest = 0.0
                while !Task.isCancelled {
                    let sent = ContinuousClock.now
                    try await database.ping(timeout: .seconds(30))
                    slowest = max(slowest, BenchmarkDatabase.seconds(since: sent))
                    try? await Task.sleep(for: .milliseconds(50))
                }
                return slowest
            }
            let (signedIn, failed) = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<concurrency {
                    group.addTask {
                        let attempt = SignIn(
                            username: "bench.officer", password: "bench-password-1",
                            client: "10.0.\(index / 250).\(index % 250)")
                        return (try? await useCases.login(attempt)) != nil
                    }
                }
                var totals = (0, 0)
                for await ok in group { totals = ok ? (totals.0 + 1, totals.1) : (totals.0, totals.1 + 1) }
                return totals
            }
            probe.cancel()
            let slowestProbe = try await probe.value
            let seconds = BenchmarkDatabase.seconds(since: start)
            print(
                String(
                    format: "%d signed in, %d failed in %.2f s (%.1f sign-ins/s); slowest database probe %.1f ms",
                    signedIn, failed, seconds, Double(signedIn) / seconds, slowestProbe * 1000))
        }
    }
}
