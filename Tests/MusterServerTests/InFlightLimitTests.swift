import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import MusterServer

@Suite("Requests served at once")
struct InFlightLimitTests {
    /// Records the order requests get their turn in (the admission tests' recorder).
    typealias Order = AdmissionGateTests.Order

    /// Waits (briefly, boundedly) until `condition` holds.
    static func eventually(_ condition: () async -> Bool) async throws -> Bool {
        for _ in 0..<200 {
            if await condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return await condition()
    }

    @Test("at most the limit are served; the others wait in arrival order and get each freed turn")
    func turns() async throws {
        let limit = InFlightLimit(limit: 2)
        try await limit.enter()
        try await limit.enter()
        let order = Order()
        var waiters: [Task<Void, any Error>] = []
        for index in 0..<3 {
            waiters.append(
                Task {
                    try await limit.enter()
                    await order.add(index)
                })
            // Let each waiter queue before the next, so the arrival order is known.
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(await order.admitted.isEmpty)
        limit.leave()
        #expect(try await Self.eventually { await order.admitted == [0] })
        try await Task.sleep(for: .milliseconds(50))
        #expect(await order.admitted == [0])
        limit.leave()
        limit.leave()
        for waiter in waiters { try await waiter.value }
        #expect(await order.admitted == [0, 1, 2])
    }

    @Test(
        "only POST /sittings/{sitting}/attempts is a start",
        arguments: [
            ("POST", "/sittings/S1/attempts", true), ("POST", "/sittings/S-2/attempts?x=1", true),
            ("GET", "/sittings/S1/attempts", false), ("POST", "/sittings//attempts", false),
            ("POST", "/sittings/S1/attempts/7", false), ("POST", "/attempts/7/submit", false),
            ("PUT", "/attempts/7/answers/3", false), ("POST", "//sittings/S1/attempts/", true),
            ("POST", "/sittings/S1/attempt", false),
        ])
    func starts(method: String, uri: String, isStart: Bool) {
        let request = Request(
            head: HTTPRequest(method: HTTPRequest.Method(method)!, scheme: "http", authority: "x", path: uri),
            body: RequestBody(buffer: ByteBuffer()))
        #expect(AdmittingResponder<Router<MusterRequestContext>.Responder>.isStart(request) == isStart)
    }

    @Test("a request cancelled while it waits gives up its place, not a turn")
    func cancelled() async throws {
        let limit = InFlightLimit(limit: 1)
        try await limit.enter()
        let waiting = Task { try await limit.enter() }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        // The turn still held is the only one: freeing it lets exactly one more in at once.
        limit.leave()
        try await limit.enter()
        let order = Order()
        let next = Task {
            try await limit.enter()
            await order.add(1)
        }
        try await Task.sleep(for: .milliseconds(50))
        #expect(await order.admitted.isEmpty)
        limit.leave()
        try await next.value
        #expect(await order.admitted == [1])
    }

    @Test("starts wait at their own door, past its queue told their place; probes never wait; others pass")
    func startDoor() async throws {
        // The start route holds its place until the test lets it go, and says when it is in.
        let (entered, enter) = AsyncStream<Void>.makeStream()
        let (released, release) = AsyncStream<Void>.makeStream()
        let router = Router(context: MusterRequestContext.self)
        router.post("/sittings/{sitting}/attempts") { _, _ in
            enter.yield()
            for await _ in released { break }
            return "started"
        }
        router.get("/ping") { _, _ in "pong" }
        router.get("/ready") { _, _ in "ready" }
        let gate = AdmissionGate(slots: 1, queueLimit: 0)
        let limit = InFlightLimit(limit: 1)
        let app = Application(router: AdmittingRouter(router: router, limit: limit, starts: gate))
        try await app.test(.live) { client in
            // Separate connections (the test client sends one request at a time).
            let base = "http://127.0.0.1:\(try #require(client.port))"
            @Sendable func send(
                post: Bool, _ path: String
            ) async throws -> (
                status: Int, retryAfter: String?, body: String
            ) {
                var request = HTTPClientRequest(url: base + path)
                request.method = post ? .POST : .GET
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                let body = try await response.body.collect(upTo: 1 << 16)
                return (Int(response.status.code), response.headers.first(name: "Retry-After"), String(buffer: body))
            }
            async let first = send(post: true, "/sittings/S1/attempts")
            for await _ in entered { break }
            // The start running holds the start door, not the other one.
            let ping = try await send(post: false, "/ping")
            #expect(ping.status == 200 && ping.body == "pong")
            // With every turn taken, a probe still answers; an ordinary request waits.
            try await limit.enter()
            let order = Order()
            let waiting = Task {
                let answer = try await send(post: false, "/ping")
                await order.add(1)
                return answer
            }
            let ready = try await send(post: false, "/ready")
            #expect(ready.status == 200 && ready.body == "ready")
            try await Task.sleep(for: .milliseconds(100))
            #expect(await order.admitted.isEmpty)
            limit.leave()
            #expect(try await waiting.value.body == "pong")
            let queued = try await send(post: true, "/sittings/S1/attempts")
            #expect(queued.status == 202)
            #expect(queued.retryAfter.flatMap { Int($0) }.map { $0 >= 1 } == true)
            #expect(queued.body.contains(#""queued":true"#) && queued.body.contains(#""position":1"#))
            release.yield()
            let started = try await first
            #expect(started.status == 200 && started.body == "started")
        }
    }
}
