import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket

/// The server's connections: HTTP/1.1, or an answer stream when the first request upgrades to a
/// WebSocket on `/attempts/{attempt}/stream`.
///
/// It is Hummingbird's WebSocket-capable HTTP channel with one difference: an upgraded stream
/// is carried by a channel handler (``AnswerStreamHandler``) on its connection's event loop, not
/// by a task. A task per stream, through hummingbird-websocket's handler chain, held about 17 KB
/// of async frames for as long as the exam lasted (heaptrack, 5,000 streams: 97 MB of task
/// allocator slabs); the handler holds its state and a timer. A request that does not upgrade
/// is served by Hummingbird as on any HTTP/1.1 channel.
struct AnswerStreamChannel: ServerChildChannel, HTTPChannelHandler {
    /// What a connection became once its first request was read.
    enum Negotiated: Sendable {
        /// An answer stream: its handler is in the pipeline and owns the connection.
        case stream
        /// HTTP/1.1, served by Hummingbird's responder.
        case http(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
    }

    struct Value: ServerChildChannelValue {
        let negotiated: EventLoopFuture<Negotiated>
        let channel: any Channel
    }

    let responder: HTTPChannelHandler.Responder
    let stream: AnswerStream
    /// Kept-alive HTTP connections idle longer than this are closed.
    let connectionIdleTimeout: Duration

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let opening = NIOLoopBoundBox<AnswerStream.Opening?>(nil, eventLoop: channel.eventLoop)
            // Shutdown's signal comes once; a connection still being negotiated keeps it here.
            let quiesce = QuiesceWatch(firstRequestTimeout: connectionIdleTimeout)
            try channel.pipeline.syncOperations.addHandler(quiesce, position: .first)
            let stream = self.stream
            let upgrader = NIOTypedWebSocketServerUpgrader<Negotiated>(
                maxFrameSize: AnswerStream.maxFrameSize,
                shouldUpgrade: { channel, head in
                    // Any other path is not a stream: its request goes to the HTTP routes.
                    guard AnswerStream.isStreamPath(head.uri) else { return channel.eventLoop.makeSucceededFuture(nil) }
                    let promise = channel.eventLoop.makePromise(of: AnswerStream.Opening.self)
                    promise.completeWithTask {
                        // Judging the opening may read the attempt's form: it takes a turn.
                        try await stream.limit.withTurn { await stream.open(head, logger: logger) }
                    }
                    return promise.futureResult.map { judged in
                        opening.value = judged
                        return HTTPHeaders([("X-Request-Id", judged.requestID)])
                    }
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        guard let judged = opening.value else { throw ChannelError.inappropriateOperationForState }
                        try channel.pipeline.syncOperations.addHandlers(
                            StreamIdleTimeout.handlers(after: stream.idleTimeout), position: .first)
                        try channel.pipeline.syncOperations.addHandler(
                            AnswerStreamHandler(stream: stream, opening: judged, shuttingDown: quiesce.seen))
                        return Negotiated.stream
                    }
                }
            )
            let configuration = NIOTypedHTTPServerUpgradeConfiguration(
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                        try channel.pipeline.syncOperations.addHandler(
                            HTTPConnectionStateHandler(idleTimeout: connectionIdleTimeout, logger: logger))
                        if quiesce.seen {
                            // Handed to the HTTP handling once it is in place.
                            channel.eventLoop.execute {
                                channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
                            }
                        }
                        return Negotiated.http(
                            try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                                wrappingChannelSynchronously: channel,
                                configuration: .init(isOutboundHalfClosureEnabled: true)))
                    }
                }
            )
            var pipeline = NIOUpgradableHTTPServerPipelineConfiguration<Negotiated>(upgradeConfiguration: configuration)
            pipeline.enablePipelining = false  // HTTP is pipelined by NIOAsyncChannel
            pipeline.enableErrorHandling = false  // handled by Hummingbird
            pipeline.enableResponseHeaderValidation = false  // swift-http-types validates
            let negotiated = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(
                configuration: pipeline)
            return Value(negotiated: negotiated, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.negotiated.get() {
            case .stream:
                // The stream's handler owns the connection from here on; no task waits on it.
                return
            case .http(let http):
                await handleHTTP(asyncChannel: http, logger: logger)
            }
        } catch {
            // The connection closed, or its first request was not HTTP, before it was negotiated.
            logger.debug("connection not negotiated", metadata: ["error": .string(String(describing: error))])
            try? await value.channel.close()
        }
    }
}

/// Watches a connection until its first request: closes it when no byte has come within the idle
/// timeout or when the server shuts down before any has; otherwise notes the shutdown's signal
/// and passes it on.
///
/// The signal is sent once, into the pipeline as it then is; a connection still negotiating has
/// neither its stream handler nor its HTTP handling yet, and learns of it from here. A connection
/// that never sends a request would otherwise stay open for good and hold up the shutdown.
final class QuiesceWatch: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    /// Whether the signal has come; read on the connection's event loop.
    private(set) var seen = false
    private var requestBegun = false
    private let firstRequestTimeout: Duration
    private var timer: Scheduled<Void>?

    init(firstRequestTimeout: Duration) {
        self.firstRequestTimeout = firstRequestTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        timer = context.eventLoop.scheduleTask(in: TimeAmount(firstRequestTimeout)) {
            [channel = context.channel] in channel.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !requestBegun {
            requestBegun = true
            timer?.cancel()
        }
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            seen = true
            if !requestBegun { return context.close(promise: nil) }
        }
        context.fireUserInboundEventTriggered(event)
    }
}
