import Foundation
import Logging
import MusterApp
import MusterStore
import MusterTestSupport
import Testing

@testable import MusterCLI

/// The terminal's end of the answer stream against a real `muster serve`.
@Suite("Answer stream client", .timeLimit(.minutes(2)))
struct AnswerStreamClientTests {
    @Test("a refused stream answers its first save with the server's error; then the stream is closed")
    func refusalAnswersFirstSave() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let port = Int.random(in: 20_000...40_000)
            let server = try await DurabilityTests.serve(database.url, port: port)
            defer {
                server.terminate()
                server.waitUntilExit()
            }
            let stream = try await AnswerStreamClient.open(
                url: "ws://127.0.0.1:\(port)/attempts/1/stream", token: "no-such-session", timeout: .seconds(5),
                logger: Logger(label: "test"))
            #expect(!stream.isClosed)
            let reply = try await stream.send(#"{"position":1,"sequence":1,"answer":null}"#, timeout: .seconds(5))
            #expect(reply.contains(#""status":401"#))
            #expect(reply.contains(#""code":"unauthenticated""#))
            for _ in 0..<50 where !stream.isClosed { try await Task.sleep(for: .milliseconds(100)) }
            #expect(stream.isClosed)
            // Nothing more is owed: the next send finds the stream closed.
            await #expect(throws: AnswerStreamClient.StreamError.closed) {
                _ = try await stream.send(#"{"position":1,"sequence":2,"answer":null}"#, timeout: .seconds(5))
            }
        }
    }
}
