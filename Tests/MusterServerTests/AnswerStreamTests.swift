import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import MusterApp
import MusterDomain
import MusterStore
import MusterTestSupport
import NIOCore
import NIOPosix
import Synchronization
import Testing

@testable import MusterServer

/// The answer stream (`GET /attempts/{attempt}/stream`, a WebSocket) saves as the PUT does:
/// the same rows, the same acknowledgements, the same refusals, for the caller's own attempt only.
@Suite("Answer stream", .timeLimit(.minutes(2)))
struct AnswerStreamTests {
    /// A candidate of the room with a started attempt.
    struct Seat {
        var token: String
        var attempt: Int64
        var positions: [Int]
    }

    /// What a stream answered: each reply in order, and whether the server then closed it.
    struct Exchange {
        var replies: [String]
        var closedByServer: Bool

        /// The status of each reply: 200 for an acknowledgement, else the error frame's.
        var statuses: [Int] {
            replies.map { reply in
                let json = try? JSONSerialization.jsonObject(with: Data(reply.utf8)) as? [String: Any]
                return json?["status"] as? Int ?? (json?["outcome"] != nil ? 200 : 0)
            }
        }

        /// The error code of each reply (nil for an acknowledgement).
        var codes: [String?] {
            replies.map { reply in
                let json = try? JSONSerialization.jsonObject(with: Data(reply.utf8)) as? [String: Any]
                return (json?["error"] as? [String: Any])?["code"] as? String
            }
        }
    }

    @Test("frames are saved as PUTs are: stored, acknowledged, held on a retry, refused with the PUT's codes")
    func framesSaveLikePuts() async throws {
        try await Self.withRoom(size: 1, run: "WSA") { live in
            let (database, seat) = (live.database, live.seats[0])
            let (first, second) = (seat.positions[0], seat.positions[1])
            let sentAt = Date()
            let exchange = try await Self.exchange(
                [
                    .text(#"{"position":\#(first),"sequence":1,"answer":{"choice":1},"flagged":true}"#),
                    .text(#"{"position":\#(first),"sequence":1,"answer":{"choice":1},"flagged":true}"#),
                    // Spaced out: read by JSONDecoder, not the byte-level reader.
                    .text(#"{ "sequence" : 4 , "answer" : { "choice" : 0 } , "position" : \#(second) }"#),
                    .text(#"{"position":999,"sequence":2,"answer":{"choice":0}}"#),
                    .text(#"{"position":\#(first),"sequence":5,"answer":{"text":"一"}}"#),
                    .text(#"{"sequence":6,"answer":{"choice":0}}"#),
                    .binary(ByteBuffer(string: "{}")),
                ],
                port: live.port, attempt: seat.attempt, token: seat.token)
            #expect(exchange.statuses == [200, 200, 200, 400, 400, 400, 400])
            #expect(
                exchange.codes == [
                    nil, nil, nil, "invalid_position", "invalid_answer", "invalid_body", "invalid_body",
                ])
            #expect(
                exchange.replies.first?.contains(#""position":\#(first),"sequence":1,"outcome":"saved""#) == true)
            #expect(exchange.replies.dropFirst().first?.contains(#""outcome":"held""#) == true)
            #expect(exchange.replies.dropFirst(2).first?.contains(#""sequence":4,"outcome":"saved""#) == true)
            #expect(exchange.closedByServer == false)

            // Every column of the two rows the stream wrote, read back.
            let rows = try await database.client.query(
                """
                SELECT attempt_id, position, sequence, answer::text, flagged, saved_at FROM answer_log
                WHERE attempt_id = \(seat.attempt) ORDER BY position
                """)
            var stored: [(Int64, Int, Int64, String?, Bool, Date)] = []
            for try await row in rows.decode((Int64, Int, Int64, String?, Bool, Date).self) { stored.append(row) }
            #expect(stored.count == 2)
            let expected: [(Int, Int64, String, Bool)] = [
                (first, 1, #"{"choice": 1}"#, true), (second, 4, #"{"choice": 0}"#, false),
            ]
            for (row, want) in zip(stored, expected.sorted { $0.0 < $1.0 }) {
                #expect(row.0 == seat.attempt)
                #expect((row.1, row.2, row.3, row.4) == (want.0, want.1, want.2, want.3))
                #expect(abs(row.5.timeIntervalSince(sentAt)) < 30)
            }
        }
    }

    @Test("a handed-in attempt refuses frames with attempt_closed; an ended session gets 401 and the stream closes")
    func closedAttemptAndEndedSession() async throws {
        try await Self.withRoom(size: 2, run: "WSB") { live in
            let (database, useCases, client, port, seats) = (
                live.database, live.useCases, live.client, live.port, live.seats
            )
            let (handedIn, signedOut) = (seats[0], seats[1])
            try await client.execute(
                uri: "/attempts/\(handedIn.attempt)/submit", method: .post,
                headers: [.authorization: "Bearer \(handedIn.token)"]
            ) { #expect($0.status == .ok) }
            let closed = try await Self.exchange(
                [.text(#"{"position":\#(handedIn.positions[0]),"sequence":1,"answer":{"choice":0}}"#)],
                port: port, attempt: handedIn.attempt, token: handedIn.token)
            #expect(closed.statuses == [409])
            #expect(closed.codes == ["attempt_closed"])

            // The session ends between two frames: the second is refused, and the stream ends.
            let frame = #"{"position":\#(signedOut.positions[0]),"sequence":1,"answer":{"choice":0}}"#
            let ended = try await Self.exchange(
                [.text(frame), .text(frame.replacingOccurrences(of: #""sequence":1"#, with: #""sequence":2"#))],
                port: port, attempt: signedOut.attempt, token: signedOut.token,
                between: { try await useCases.logout(token: signedOut.token) }, expectClose: true)
            #expect(ended.statuses == [200, 401])
            #expect(ended.codes == [nil, "unauthenticated"])
            #expect(ended.closedByServer)
            let count = try await database.client.query(
                "SELECT count(*)::int FROM answer_log WHERE attempt_id IN (\(handedIn.attempt), \(signedOut.attempt))"
            )
            var rows = 0
            for try await value in count.decode(Int.self) { rows = value }
            #expect(rows == 1)
        }
    }

    @Test(
        "a stream without a session, or on another's attempt, gets the PUT's error as its one frame and is closed")
    func refusedStreams() async throws {
        try await Self.withRoom(size: 2, run: "WSC") { live in
            let (database, client, port, seats) = (live.database, live.client, live.port, live.seats)
            let (own, other) = (seats[0], seats[1])
            let frame = WebSocketOutboundWriter.OutboundFrame.text(
                #"{"position":\#(own.positions[0]),"sequence":1,"answer":{"choice":0}}"#)
            let anonymous = try await Self.exchange(
                [frame], port: port, attempt: own.attempt, token: "not-a-session", expectClose: true)
            #expect(anonymous.statuses == [401])
            #expect(anonymous.codes == ["unauthenticated"])
            #expect(anonymous.closedByServer)
            let trespasser = try await Self.exchange(
                [frame], port: port, attempt: own.attempt, token: other.token, expectClose: true)
            #expect(trespasser.statuses == [404])
            #expect(trespasser.codes == ["attempt_not_found"])
            #expect(trespasser.closedByServer)
            var rows = -1
            for try await count in try await database.client.query(
                "SELECT count(*)::int FROM answer_log WHERE attempt_id = \(own.attempt)"
            ).decode(Int.self) { rows = count }
            #expect(rows == 0)

            // A plain GET (no upgrade) gets the same decisions as HTTP errors, or 426.
            func plain(_ token: String?) async throws -> (HTTPResponse.Status, String?) {
                let headers: HTTPFields = token.map { [.authorization: "Bearer \($0)"] } ?? [:]
                return try await client.execute(
                    uri: "/attempts/\(own.attempt)/stream", method: .get, headers: headers
                ) {
                    response in
                    let body = try? JSONDecoder().decode(
                        [String: APIError.Payload].self, from: Data(buffer: response.body))
                    return (response.status, body?["error"]?.code)
                }
            }
            #expect(try await plain(nil) == (.unauthorized, "unauthenticated"))
            #expect(try await plain(other.token) == (.notFound, "attempt_not_found"))
            #expect(try await plain(own.token) == (.upgradeRequired, "upgrade_required"))
        }
    }

    @Test("a stream that sends nothing for the idle timeout is closed by the server; a new stream saves on")
    func idleStreamIsClosed() async throws {
        try await Self.withRoom(size: 1, run: "WSD", streamIdleTimeout: .seconds(1)) { live in
            let seat = live.seats[0]
            func save(_ sequence: Int) -> WebSocketOutboundWriter.OutboundFrame {
                .text(#"{"position":\#(seat.positions[0]),"sequence":\#(sequence),"answer":{"choice":0}}"#)
            }
            let started = ContinuousClock.now
            let idle = try await Self.exchange(
                [save(1)], port: live.port, attempt: seat.attempt, token: seat.token, expectClose: true)
            #expect(idle.statuses == [200])
            #expect(idle.closedByServer)
            #expect(ContinuousClock.now - started >= .seconds(1))
            let next = try await Self.exchange([save(2)], port: live.port, attempt: seat.attempt, token: seat.token)
            #expect(next.replies.first?.contains(#""sequence":2,"outcome":"saved""#) == true)
        }
    }

    @Test("a save sent in fragments is joined and saved; a stream open when the server stops is closed with 1001")
    func fragmentsAndShutdown() async throws {
        let connection = Mutex<Task<WebSocketCloseFrame?, any Error>?>(nil)
        try await Self.withRoom(size: 1, run: "WSE") { live in
            let seat = live.seats[0]
            let (replies, replied) = AsyncStream.makeStream(of: String.self)
            connection.withLock {
                $0 = Task {
                    try await Self.stream(port: live.port, attempt: seat.attempt, token: seat.token) {
                        inbound, outbound, _ in
                        var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                        try await outbound.withTextMessageWriter { write in
                            try await write(#"{"position":\#(seat.positions[0]),"sequence":1,"#)
                            try await write(#""answer":{"choice":1}}"#)
                        }
                        if case .text(let reply) = try await messages.next() { replied.yield(reply) }
                        // The stream stays open until the server closes it.
                        while try await messages.next() != nil {}
                    }
                }
            }
            var iterator = replies.makeAsyncIterator()
            let reply = await iterator.next()
            #expect(reply?.contains(#""sequence":1,"outcome":"saved""#) == true)
            var stored: [String] = []
            for try await answer in try await live.database.client.query(
                "SELECT answer::text FROM answer_log WHERE attempt_id = \(seat.attempt)"
            ).decode(String.self) { stored.append(answer) }
            #expect(stored == [#"{"choice": 1}"#])
        }
        // The server has stopped with the stream open: its shutdown closed the stream.
        let close = try await connection.withLock { $0 }?.value
        #expect(close?.closeCode == .goingAway)
    }

    @Test(
        "saves sent back to back, more than may wait, then a close: each answered in order before the close is"
    )
    func pipelinedSavesThenClose() async throws {
        try await Self.withRoom(size: 1, run: "WSF") { live in
            let seat = live.seats[0]
            // More saves than the server lets wait behind the one in progress (those of one read
            // are all queued; later reads wait until the queue is short again).
            let count = AnswerStreamHandler.maximumWaiting * 3
            let saves = (0..<count).map { index in (position: seat.positions[index % 3], sequence: index + 1) }
            let replies = Mutex<[String]>([])
            let close = try await Self.stream(port: live.port, attempt: seat.attempt, token: seat.token) {
                inbound, outbound, _ in
                for save in saves {
                    try await outbound.write(
                        .text(#"{"position":\#(save.position),"sequence":\#(save.sequence),"answer":{"choice":0}}"#))
                }
                try await outbound.close(.normalClosure, reason: nil)
                for try await message in inbound.messages(maxSize: 1 << 16) {
                    if case .text(let reply) = message { replies.withLock { $0.append(reply) } }
                }
            }
            let answered = replies.withLock { $0 }
            #expect(answered.count == count)
            for (reply, save) in zip(answered, saves) {
                #expect(reply.contains(#""position":\#(save.position),"sequence":\#(save.sequence),"outcome":"saved""#))
            }
            #expect(close?.closeCode == .normalClosure)
            var stored: [Int] = []
            for try await sequence in try await live.database.client.query(
                "SELECT sequence::int FROM answer_log WHERE attempt_id = \(seat.attempt) ORDER BY sequence"
            ).decode(Int.self) { stored.append(sequence) }
            #expect(stored == saves.map(\.sequence))
        }
    }

    @Test("a long run of frames that fail their checks, sent behind a save, is answered in order")
    func longRunOfBadFrames() async throws {
        try await Self.withRoom(size: 1, run: "WSG") { live in
            let seat = live.seats[0]
            // Answered at once, without the write: not JSON, and a position the form lacks.
            let bad = [#"x"#, #"{"position":999,"sequence":2,"answer":null}"#]
            let count = 2_000
            let replies = Mutex<[String]>([])
            let close = try await Self.stream(port: live.port, attempt: seat.attempt, token: seat.token) {
                inbound, outbound, _ in
                try await outbound.write(.text(#"{"position":\#(seat.positions[0]),"sequence":1,"answer":null}"#))
                for index in 0..<count { try await outbound.write(.text(bad[index % 2])) }
                try await outbound.close(.normalClosure, reason: nil)
                for try await message in inbound.messages(maxSize: 1 << 16) {
                    if case .text(let reply) = message { replies.withLock { $0.append(reply) } }
                }
            }
            let answered = replies.withLock { $0 }
            #expect(answered.count == count + 1)
            #expect(answered.first?.contains(#""sequence":1,"outcome":"saved""#) == true)
            for (index, reply) in answered.dropFirst().enumerated() {
                let code = index % 2 == 0 ? "invalid_body" : "invalid_position"
                #expect(reply.contains(#""code":"\#(code)""#), "reply \(index + 1): \(reply)")
            }
            #expect(close?.closeCode == .normalClosure)
        }
    }

    @Test("a connection that sends no request is closed after the idle timeout, and at shutdown")
    func silentConnectionsAreClosed() async throws {
        @Sendable func connect(_ port: Int) async throws -> any Channel {
            try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port).get()
        }
        try await Self.withServer(connectionIdleTimeout: .seconds(1)) { port in
            // Timed from before the connect: the server's clock starts when it accepts, which a
            // busy client may learn of later.
            let started = ContinuousClock.now
            let silent = try await connect(port)
            try await silent.closeFuture.get()
            #expect(ContinuousClock.now - started >= .seconds(1))
        }
        // With the default timeout, only the shutdown closes it (and the shutdown does not wait on it).
        let open = Mutex<(any Channel)?>(nil)
        try await Self.withServer(connectionIdleTimeout: .seconds(75)) { port in
            let silent = try await connect(port)
            try await Task.sleep(for: .milliseconds(200))
            #expect(silent.isActive)
            open.withLock { $0 = silent }
        }
        let silent = try #require(open.withLock { $0 })
        try await silent.closeFuture.get()
        #expect(!silent.isActive)
    }

    /// A live server on the whole application, on a database of its own.
    struct Live {
        var database: Database
        var useCases: UseCases
        var client: any TestClientProtocol
        var port: Int
        /// The room's candidates, their attempts started.
        var seats: [Seat]
    }

    /// Runs `body` against a live server with a room of `size` candidates (run name `run`) who
    /// have started their attempts.
    static func withRoom(
        size: Int, run: String, streamIdleTimeout: Duration = .seconds(600),
        _ body: @Sendable (Live) async throws -> Void
    ) async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = testUseCases(database)
            let room = try await useCases.prepareBenchRoom(size: size, run: run, opensIn: 4)
            let configuration = ServerConfiguration(port: 0, streamIdleTimeout: streamIdleTimeout)
            try await liveApplication(useCases, configuration: configuration).test(.live) { client in
                let seats = try await seats(room, useCases: useCases, client: client)
                try await body(
                    Live(
                        database: database, useCases: useCases, client: client, port: try #require(client.port),
                        seats: seats))
            }
        }
    }

    /// Runs `body` with the port of a live server (no room) whose kept-alive connections may idle
    /// for `connectionIdleTimeout`.
    static func withServer(
        connectionIdleTimeout: Duration, _ body: @Sendable (Int) async throws -> Void
    ) async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let configuration = ServerConfiguration(port: 0, connectionIdleTimeout: connectionIdleTimeout)
            try await liveApplication(testUseCases(database), configuration: configuration).test(.live) { client in
                try await body(try #require(client.port))
            }
        }
    }

    /// The whole server, as `muster serve` builds it, with `configuration` (on a free port).
    static func liveApplication(_ useCases: UseCases, configuration: ServerConfiguration) -> some ApplicationProtocol {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return buildApplication(useCases: useCases, configuration: configuration, logger: logger)
    }

    /// The room's candidates, signed in, with their attempts started over HTTP.
    static func seats(_ room: BenchRoom, useCases: UseCases, client: some TestClientProtocol) async throws -> [Seat] {
        let wait = room.opensAt.timeIntervalSinceNow
        if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000) + 50)) }
        var seats: [Seat] = []
        for candidate in room.candidates {
            let token = try await useCases.login(
                SignIn(username: candidate.username, password: candidate.password, client: "test")
            ).token
            let view = try await client.execute(
                uri: "/sittings/\(room.sitting)/attempts", method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"accessCode":"\#(room.accessCode)"}"#)
            ) { response in
                let decoder = JSONDecoder()
                decoder.dateDecodingStrategy = .iso8601
                return try decoder.decode(AttemptView.self, from: Data(buffer: response.body))
            }
            seats.append(Seat(token: token, attempt: view.attempt.id, positions: view.items.map(\.position)))
        }
        return seats
    }

    /// Opens the stream of `attempt` with the session `token`, runs `handler` on it, and returns
    /// the close the server sent.
    @discardableResult
    static func stream(
        port: Int, attempt: Int64, token: String,
        _ handler: @escaping WebSocketDataHandler<WebSocketClient.Context>
    ) async throws -> WebSocketCloseFrame? {
        try await WebSocketClient.connect(
            url: "ws://127.0.0.1:\(port)/attempts/\(attempt)/stream",
            configuration: .init(additionalHeaders: [.authorization: "Bearer \(token)"]),
            logger: Logger(label: "test"), handler: handler)
    }

    /// Sends `frames` on a stream of `attempt`, one at a time, each after the last one's reply
    /// (and `between` after the first); returns the replies and, with `expectClose`, whether the
    /// server then closed the stream.
    static func exchange(
        _ frames: [WebSocketOutboundWriter.OutboundFrame], port: Int, attempt: Int64, token: String,
        between: @escaping @Sendable () async throws -> Void = {}, expectClose: Bool = false
    ) async throws -> Exchange {
        let result = Mutex(Exchange(replies: [], closedByServer: false))
        try await stream(port: port, attempt: attempt, token: token) { inbound, outbound, _ in
            var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
            for (index, frame) in frames.enumerated() {
                if index == 1 { try await between() }
                try await outbound.write(frame)
                guard case .text(let reply) = try await messages.next() else { return }
                result.withLock { $0.replies.append(reply) }
            }
            if expectClose {
                // Ended by a close frame, or by the connection's end (an idle stream's).
                let next = try? await messages.next()
                result.withLock { $0.closedByServer = next == nil }
            }
        }
        return result.withLock { $0 }
    }
}
