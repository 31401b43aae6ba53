import NIOCore
import NIOHTTP1
import NIOPosix

/// One kept-alive HTTP/1.1 connection that the exam-day benchmark saves answers through.
///
/// The benchmark runs on the same cores as the server it measures, so its client must cost
/// little, as pgbench's does beside PostgreSQL: a save here is one prepared request written in one
/// flush (head and body together) and an answer read as bytes. AsyncHTTPClient,
/// which every other request of the CLI goes through, spent about as much CPU per save as the
/// server did. Requests on one connection are answered in order (HTTP/1.1), and a candidate waits
/// for each answer before the next save, as a terminal does.
final class BenchConnection: Sendable {
    private let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Opens a connection to `host`:`port`.
    static func connect(host: String, port: Int) async throws -> BenchConnection {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(StatusHandler())
                }
            }
            .connect(host: host, port: port)
            .get()
        return BenchConnection(channel: channel)
    }

    /// What came back: the status, the body and the `Retry-After` seconds.
    struct Answer: Sendable {
        var status: Int
        var body: ByteBuffer
        var retryAfter: Int?
    }

    /// Sends one request with a JSON body and returns the answer.
    func send(_ method: HTTPMethod, _ path: String, token: String, body: String) async throws -> Answer {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
        head.headers.add(name: "Host", value: "muster")
        head.headers.add(name: "Authorization", value: "Bearer \(token)")
        head.headers.add(name: "Content-Type", value: "application/json")
        head.headers.add(name: "Content-Length", value: String(body.utf8.count))
        let answered = channel.eventLoop.makePromise(of: Answer.self)
        let request = StatusHandler.Request(head: head, body: ByteBuffer(string: body), answered: answered)
        // A server that never answers fails the request (and the connection) rather than the run;
        // so does a write to a connection that is already closed.
        let timeout = channel.eventLoop.scheduleTask(in: .seconds(120)) { [channel] in
            answered.fail(ChannelError.ioOnClosedChannel)
            channel.close(promise: nil)
        }
        defer { timeout.cancel() }
        channel.writeAndFlush(request).whenFailure { answered.fail($0) }
        return try await answered.futureResult.get()
    }

    /// Closes the connection.
    func close() async {
        try? await channel.close()
    }

    /// Writes each request's parts and answers each request's promise with the response that
    /// ends next (HTTP/1.1 answers in order).
    private final class StatusHandler: ChannelDuplexHandler {
        typealias InboundIn = HTTPClientResponsePart
        typealias OutboundIn = Request
        typealias OutboundOut = HTTPClientRequestPart

        struct Request: Sendable {
            var head: HTTPRequestHead
            var body: ByteBuffer
            var answered: EventLoopPromise<Answer>
        }

        private var waiting = CircularBuffer<EventLoopPromise<Answer>>()
        private var answer = Answer(status: 0, body: ByteBuffer())

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            let request = unwrapOutboundIn(data)
            guard context.channel.isActive else {
                request.answered.fail(ChannelError.ioOnClosedChannel)
                promise?.fail(ChannelError.ioOnClosedChannel)
                return
            }
            waiting.append(request.answered)
            context.write(wrapOutboundOut(.head(request.head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(request.body))), promise: nil)
            context.write(wrapOutboundOut(.end(nil)), promise: promise)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                answer = Answer(
                    status: Int(head.status.code), body: ByteBuffer(),
                    retryAfter: head.headers.first(name: "Retry-After").flatMap { Int($0) })
            case .body(var part): answer.body.writeBuffer(&part)
            case .end: waiting.popFirst()?.succeed(answer)
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            while let promise = waiting.popFirst() { promise.fail(error) }
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            while let promise = waiting.popFirst() { promise.fail(ChannelError.ioOnClosedChannel) }
            context.fireChannelInactive()
        }

        func handlerRemoved(context: ChannelHandlerContext) {
            while let promise = waiting.popFirst() { promise.fail(ChannelError.ioOnClosedChannel) }
        }
    }
}
