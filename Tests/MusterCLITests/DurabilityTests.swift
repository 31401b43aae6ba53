import AsyncHTTPClient
import Foundation
import Logging
import MusterApp
import MusterDomain
import MusterStore
import MusterTestSupport
import NIOCore
import Testing

@testable import MusterCLI

/// Answers acknowledged by a server that is then killed: none may be lost.
@Suite("Durability of acknowledged answers")
struct DurabilityTests {
    /// Sends one JSON request; the status and body, or nil while nothing answers.
    static func send(
        _ method: String, _ url: String, token: String? = nil, body: String? = nil
    ) async -> (Int, Data)? {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(5)),
            let bytes = try? await response.body.collect(upTo: 16 * 1024 * 1024)
        else { return nil }
        return (Int(response.status.code), Data(buffer: bytes))
    }

    /// Starts `muster serve` on the database at `url`; returns the process once it is healthy.
    static func serve(_ url: DatabaseURL, port: Int) async throws -> Process {
        let server = Process()
        server.executableURL = CommandLineTool.binary
        server.arguments = ["serve", "--port", String(port), "--log-level", "error"]
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = url.urlString
        server.environment = environment
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        for _ in 0..<150 {
            if await send("GET", "http://127.0.0.1:\(port)/health")?.0 == 200 { return server }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CancellationError()
    }

    /// Sleeps until `instant` has passed.
    static func waitUntil(_ instant: Date) async throws {
        let wait = instant.timeIntervalSinceNow
        if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000) + 50)) }
    }

    /// The highest acknowledged sequence per (attempt, position).
    actor Acknowledged {
        var highest: [String: Int64] = [:]
        func record(attempt: Int64, position: Int, sequence: Int64) {
            let key = "\(attempt)|\(position)"
            highest[key] = max(highest[key] ?? 0, sequence)
        }
    }

    @Test("a server killed with SIGKILL mid-save loses no acknowledged answer; after a restart saving goes on")
    func killMidSave() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = UseCases(
                database: database, passwordHasher: PasswordHasher(cost: 4), logger: database.logger)
            let room = try await useCases.prepareBenchRoom(size: 8, run: "KILL", opensIn: 4)
            let port = Int.random(in: 20_000...40_000)
            let base = "http://127.0.0.1:\(port)"
            var server = try await Self.serve(database.url, port: port)
            var seats: [(token: String, attempt: Int64, positions: [Int])] = []
            try await Self.waitUntil(room.opensAt)
            for candidate in room.candidates {
                let login = try #require(
                    await Self.send(
                        "POST", base + "/auth/login",
                        body: #"{"username":"\#(candidate.username)","password":"\#(candidate.password)"}"#))
                let token =
                    try #require(try JSONSerialization.jsonObject(with: login.1) as? [String: Any])["token"] as! String
                let started = try #require(
                    await Self.send(
                        "POST", base + "/sittings/\(room.sitting)/attempts", token: token,
                        body: #"{"accessCode":"\#(room.accessCode)"}"#))
                #expect(started.0 == 200)
                let decoder = JSONDecoder()
                decoder.dateDecodingStrategy = .iso8601
                let view = try decoder.decode(AttemptView.self, from: started.1)
                seats.append((token, view.attempt.id, view.items.map(\.position)))
            }
            // Half the candidates save as PUTs, half on their attempt's answer stream.
            let acknowledged = Acknowledged()
            let savers = seats.enumerated().map { index, seat in
                Task {
                    var stream: AnswerStreamClient?
                    var sequence: Int64 = 0
                    while !Task.isCancelled {
                        sequence += 1
                        let position = seat.positions[Int(sequence) % seat.positions.count]
                        let saved: Bool?
                        if index.isMultiple(of: 2) {
                            if stream?.isClosed ?? true {
                                stream = try? await AnswerStreamClient.open(
                                    url: "ws://127.0.0.1:\(port)/attempts/\(seat.attempt)/stream", token: seat.token,
                                    timeout: .seconds(2), logger: Logger(label: "test"))
                            }
                            let reply = try? await stream?.send(
                                #"{"position":\#(position),"sequence":\#(sequence),"answer":{"choice":0}}"#,
                                timeout: .seconds(5))
                            saved = reply.map { $0.contains(#""outcome":"saved""#) }
                        } else {
                            let reply = await Self.send(
                                "PUT", base + "/attempts/\(seat.attempt)/answers/\(position)", token: seat.token,
                                body: #"{"sequence":\#(sequence),"answer":{"choice":0}}"#)
                            saved = reply.map { $0.0 == 200 }
                        }
                        if saved == true {
                            await acknowledged.record(attempt: seat.attempt, position: position, sequence: sequence)
                        } else if saved == nil {
                            try? await Task.sleep(for: .milliseconds(20))
                        }
                    }
                    stream?.close()
                }
            }
            try await Task.sleep(for: .seconds(2))
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
            try await Task.sleep(for: .milliseconds(300))
            for saver in savers { saver.cancel() }
            for saver in savers { await saver.value }
            let highest = await acknowledged.highest
            #expect(highest.count >= 8, "few saves were acknowledged before the kill: \(highest.count)")
            let streamed = Set(
                seats.enumerated().filter { $0.offset.isMultiple(of: 2) }.map { "\($0.element.attempt)|" })
            #expect(
                highest.keys.contains { key in streamed.contains { key.hasPrefix($0) } },
                "no save on an answer stream was acknowledged before the kill")

            server = try await Self.serve(database.url, port: port)
            var lost: [String] = []
            for (key, sequence) in highest {
                let parts = key.split(separator: "|")
                let (attempt, position) = (Int64(parts[0])!, Int(parts[1])!)
                let rows = try await database.client.query(
                    """
                    SELECT max(sequence) FROM answer_log WHERE attempt_id = \(attempt) AND position = \(position)
                    """)
                var stored: Int64 = 0
                for try await value in rows.decode(Int64?.self) { stored = value ?? 0 }
                if stored < sequence { lost.append("\(key): acknowledged \(sequence), stored \(stored)") }
            }
            #expect(lost.isEmpty, "lost: \(lost)")
            // The restarted server takes the next save and acknowledges a retry of a held one.
            let seat = seats[0]
            let next = await Self.send(
                "PUT", base + "/attempts/\(seat.attempt)/answers/\(seat.positions[0])", token: seat.token,
                body: #"{"sequence":1000000,"answer":{"choice":1}}"#)
            #expect(next?.0 == 200)
            let retry = await Self.send(
                "PUT", base + "/attempts/\(seat.attempt)/answers/\(seat.positions[0])", token: seat.token,
                body: #"{"sequence":1000000,"answer":{"choice":1}}"#)
            #expect(retry.map { String(decoding: $0.1, as: UTF8.self).contains(#""outcome":"held""#) } == true)
            server.terminate()
            server.waitUntilExit()
        }
    }

    @Test("two servers on one database hand in every overdue attempt exactly once")
    func twoServersHandInOnce() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = UseCases(
                database: database, passwordHasher: PasswordHasher(cost: 4), logger: database.logger)
            let room = try await useCases.prepareBenchRoom(size: 12, run: "TWIN", opensIn: 4)
            let ports = [Int.random(in: 20_000...30_000), Int.random(in: 30_001...40_000)]
            var servers: [Process] = []
            for port in ports { servers.append(try await Self.serve(database.url, port: port)) }
            try await Self.waitUntil(room.opensAt)
            for (index, candidate) in room.candidates.enumerated() {
                let base = "http://127.0.0.1:\(ports[index % 2])"
                let login = try #require(
                    await Self.send(
                        "POST", base + "/auth/login",
                        body: #"{"username":"\#(candidate.username)","password":"\#(candidate.password)"}"#))
                let token =
                    try #require(try JSONSerialization.jsonObject(with: login.1) as? [String: Any])["token"] as! String
                let started = await Self.send(
                    "POST", base + "/sittings/\(room.sitting)/attempts", token: token,
                    body: #"{"accessCode":"\#(room.accessCode)"}"#)
                #expect(started?.0 == 200)
            }
            // Time runs out for everyone at once.
            try await database.client.query(
                "UPDATE attempts SET admitted_at = now() - interval '2 hours', deadline = now() - interval '1 hour'")
            var handedIn = 0
            for _ in 0..<150 where handedIn < room.candidates.count {
                try await Task.sleep(for: .milliseconds(100))
                let rows = try await database.client.query(
                    "SELECT count(*)::int FROM attempts WHERE status = 'submitted' AND submitted_by = 'auto'")
                for try await count in rows.decode(Int.self) { handedIn = count }
            }
            #expect(handedIn == room.candidates.count)
            let audit = try await database.client.query(
                """
                SELECT count(*)::int, count(DISTINCT entity_id)::int FROM audit_log WHERE action = 'attempt.auto-submit'
                """)
            for try await (rows, attempts) in audit.decode((Int, Int).self) {
                #expect((rows, attempts) == (room.candidates.count, room.candidates.count))
            }
            for server in servers {
                server.terminate()
                server.waitUntilExit()
            }
        }
    }
}
