import Foundation
import MusterApp
import MusterStore
import MusterTestSupport
import PostgresNIO
import Testing

/// `muster take` driven through a real pseudo-terminal (tmux) against a real server: keys in,
/// the screen read back, the database checked, the server killed and restarted mid-exam.
@Suite("The terminal exam client")
struct TakeTerminalTests {
    /// A tmux server of the test's own, with one window running a command.
    struct Pane {
        let socket = "muster-take-\(UUID().uuidString.prefix(8))"
        var window = 0

        /// Runs tmux on this test's own socket. ProcessRunner, not Foundation's Process: the tmux
        /// server that the first command leaves behind would keep Process waiting.
        func tmux(_ arguments: [String]) throws -> String {
            try ProcessRunner().run(Self.tmuxPath, ["-L", socket] + arguments).output
        }

        /// tmux, which `scripts/test` installs when it is missing.
        static let tmuxPath =
            ["/usr/bin/tmux", "/usr/local/bin/tmux"].first {
                FileManager.default.isExecutableFile(atPath: $0)
            } ?? "/usr/bin/tmux"

        /// Runs `command` with `environment` in a new 100 × 30 window.
        mutating func open(_ command: [String], environment: [String: String]) throws {
            let settings = environment.sorted { $0.key < $1.key }.flatMap { ["-e", "\($0.key)=\($0.value)"] }
            // The window stays after the program ends, so what it printed last can be read.
            let shell = command.map { "'\($0)'" }.joined(separator: " ") + "; echo EXITED $?; sleep 600"
            if window == 0 {
                _ = try tmux(["new-session", "-d", "-x", "100", "-y", "30"] + settings + ["sh", "-c", shell])
            } else {
                _ = try tmux(["new-window"] + settings + ["sh", "-c", shell])
            }
            window += 1
        }

        func keys(_ keys: String...) throws {
            for key in keys { _ = try tmux(["send-keys", "-t", "\(window - 1)", key]) }
        }

        func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "\(window - 1)"]) }

        /// Waits (up to `seconds`) until the screen shows `text`; returns the screen.
        @discardableResult
        func waitFor(_ text: String, seconds: Double = 30) async throws -> String {
            let end = Date().addingTimeInterval(seconds)
            var last = ""
            while Date() < end {
                last = try screen()
                if last.contains(text) { return last }
                try await Task.sleep(for: .milliseconds(150))
            }
            Issue.record("the screen never showed '\(text)'; it shows:\n\(last)")
            throw CancellationError()
        }

        func close() { _ = try? tmux(["kill-server"]) }
    }

    /// The latest answer per position of `attempt`, as JSON text, straight from the database.
    static func storedAnswers(_ database: Database, attempt: Int64) async throws -> [Int: String] {
        let rows = try await database.client.query(
            """
            SELECT DISTINCT ON (position) position, coalesce(answer::text, 'null')
            FROM answer_log WHERE attempt_id = \(attempt) ORDER BY position, sequence DESC
            """, logger: database.logger)
        var answers: [Int: String] = [:]
        for try await (position, answer) in rows.decode((Int, String).self) { answers[position] = answer }
        return answers
    }

    @Test("answers given through a pty are saved, survive a server restart and a client restart, and hand in")
    func examThroughTerminal() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = UseCases(
                database: database, passwordHasher: PasswordHasher(cost: 4), logger: database.logger)
            let room = try await useCases.prepareBenchRoom(size: 1, run: "TAKE", opensIn: 2)
            let candidate = try #require(room.candidates.first)
            let port = Int.random(in: 20_000...40_000)
            var server = try await DurabilityTests.serve(database.url, port: port)
            defer { kill(server.processIdentifier, SIGKILL) }
            try await DurabilityTests.waitUntil(room.opensAt)
            let home = FileManager.default.temporaryDirectory.appending(path: "take-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: home) }
            let environment = [
                "MUSTER_PASSWORD": candidate.password, "MUSTER_ACCESS_CODE": room.accessCode,
                "MUSTER_HOME": home.path, "TERM": "xterm-256color",
            ]
            let take = [
                CommandLineTool.binary.path, "take", "--server", "http://127.0.0.1:\(port)", "--badge", candidate.badge,
            ]
            var pane = Pane()
            defer { pane.close() }

            // Answer item 1 with its first option: the screen shows it chosen and saved.
            try pane.open(take, environment: environment)
            try await pane.waitFor("Item 1 of 30")
            try pane.keys("1")
            try await pane.waitFor("(•) 1")
            // "saving…" first, then "saved" once the server has acknowledged it.
            try await pane.waitFor("saved")
            var attempt: Int64 = 0
            for try await id in try await database.client.query("SELECT id FROM attempts", logger: database.logger)
                .decode(Int64.self)
            {
                attempt = id
            }
            #expect(attempt > 0)
            try await waitForStored(database, attempt: attempt, position: 1, answer: #"{"choice": 0}"#)
            // It went on the attempt's answer stream, not as a PUT.
            let metrics = String(
                decoding: try #require(await DurabilityTests.send("GET", "http://127.0.0.1:\(port)/metrics")).1,
                as: UTF8.self)
            #expect(
                metrics.contains(
                    #"http_requests_total{route="/attempts/{attempt}/stream",method="FRAME",status="200"} 1"#),
                "\(metrics.split(separator: "\n").filter { $0.hasPrefix("http_requests_total") })")
            #expect(!metrics.contains(#"route="/attempts/{attempt}/answers/{position}""#))

            // The server dies: the next answer shows as offline, then is saved once it is back.
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
            try pane.keys("n", "2")
            try await pane.waitFor("offline – will retry")
            server = try await DurabilityTests.serve(database.url, port: port)
            try await pane.waitFor("saved", seconds: 30)
            try await waitForStored(database, attempt: attempt, position: 2, answer: #"{"choice": 1}"#)

            // Offline again, an answer is given and the program is left: the journal keeps it,
            // and the next start (server back) sends it and shows it.
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
            try pane.keys("n", "3")
            try await pane.waitFor("offline – will retry")
            try pane.keys("q")
            try await pane.waitFor("Leave?")
            try pane.keys("y")
            try await pane.waitFor("not on the server yet")
            try await pane.waitFor("EXITED 0")
            server = try await DurabilityTests.serve(database.url, port: port)
            try pane.open(take, environment: environment)
            try await pane.waitFor("Item 1 of 30")
            try await waitForStored(database, attempt: attempt, position: 3, answer: #"{"choice": 2}"#)
            try pane.keys("g", "3", "Enter")
            try await pane.waitFor("(•) 3")

            // The review list marks what is answered; hand-in asks first, then hands in.
            try pane.keys("r")
            let review = try await pane.waitFor("Review: 3 of 30 answered")
            #expect(
                review.contains("1 ✓") && review.contains("2 ✓") && review.contains("3 ✓") && review.contains("4 ·"))
            try pane.keys("Escape", "s")
            try await pane.waitFor("Hand in now? 3 of 30 answered")
            try pane.keys("y")
            try await pane.waitFor("Handed in: 3 of 30 answered")
            try pane.keys("Enter")
            try await pane.waitFor("EXITED 0")
            var status: (String, String?)?
            for try await row in try await database.client.query(
                "SELECT status, submitted_by FROM attempts WHERE id = \(attempt)", logger: database.logger
            ).decode((String, String?).self) {
                status = row
            }
            #expect(status?.0 == "submitted")
            #expect(status?.1 == "candidate")
            #expect(try await Self.storedAnswers(database, attempt: attempt).count == 3)
        }
    }

    /// Waits until the database holds `answer` as the latest for `position`.
    func waitForStored(_ database: Database, attempt: Int64, position: Int, answer: String) async throws {
        for _ in 0..<100 {
            if try await Self.storedAnswers(database, attempt: attempt)[position] == answer { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        let stored = try await Self.storedAnswers(database, attempt: attempt)
        Issue.record("position \(position) holds \(stored[position] ?? "nothing"), not \(answer)")
    }
}
