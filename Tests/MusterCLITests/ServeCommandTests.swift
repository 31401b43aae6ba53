import AsyncHTTPClient
import Foundation
import MusterStore
import MusterTestSupport
import Testing

@Suite("Serving over HTTP")
struct ServeCommandTests {
    /// Fetches `url`, returning the status code, or nil while nothing answers (the server starting).
    ///
    /// AsyncHTTPClient, not URLSession: Foundation's URLSession on Linux can crash when several
    /// tests use it at once ("a task that is not in the registry").
    static func status(of url: URL) async -> Int? {
        guard
            let response = try? await HTTPClient.shared.execute(
                HTTPClientRequest(url: url.absoluteString), timeout: .seconds(5))
        else { return nil }
        _ = try? await response.body.collect(upTo: 16 * 1024 * 1024)
        return Int(response.status.code)
    }

    @Test(
        "serve refuses pending migrations, then with --migrate serves, and a second serve on the same port fails clearly"
    )
    func serveLifecycle() async throws {
        let database = try await TestDatabases.shared.createDatabase(template: "template0")
        let environment = ["DATABASE_URL": database.urlString]
        let port = Int.random(in: 20_000...40_000)

        let refused = try CommandLineTool.run(["serve", "--port", String(port)], environment: environment)
        #expect(refused.status != 0)
        #expect(refused.standardError.contains("pending migration"))
        #expect(refused.standardError.contains("--migrate"))

        let server = Process()
        server.executableURL = CommandLineTool.binary
        server.arguments = ["serve", "--port", String(port), "--migrate", "--log-level", "error"]
        server.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { server.terminate() } }

        // Migrating a fresh database may take a while on a loaded machine: the second server is
        // started only once the first one serves, or it could take the port itself.
        let health = URL(string: "http://127.0.0.1:\(port)/health")!
        var healthStatus: Int?
        for _ in 0..<600 where healthStatus == nil {
            healthStatus = await Self.status(of: health)
            if healthStatus == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(healthStatus == 200)
        #expect(await Self.status(of: URL(string: "http://127.0.0.1:\(port)/ready")!) == 200)

        let second = try CommandLineTool.run(
            ["serve", "--port", String(port)], environment: environment, timeout: .seconds(60))
        #expect(!second.timedOut)
        #expect(second.status != 0)
        #expect(second.standardError.contains("Port \(port) on 127.0.0.1 is already in use"))

        server.terminate()
        server.waitUntilExit()
        #expect(server.terminationReason == .exit)
        #expect(server.terminationStatus == 0)
        try await TestDatabases.shared.drop(database)
    }
}
