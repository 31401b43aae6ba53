import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// One answer stream (a WebSocket) that the exam-day benchmark saves a candidate's answers on.
///
/// Like ``BenchConnection`` it is NIO's own codec and a handler that matches each reply to the
/// frame it answers (the server answers a stream's frames in order), so that the load costs
/// little beside the server it measures.
final class BenchStream: Sendable {
    private let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Opens the stream of `attempt` on `host`:`port`, signed in with `token`.
    static func open(host: String, port: Int, attempt: Int64, token: String) async throws -> BenchStream {
        let group = MultiThreadedEventLoopGroup.singleton
        let upgraded = group.any().makePromise(of: Void.self)
        let upgrader = NIOWebSocketClientUpgrader(maxFrameSize: 1 << 16) { channel, _ in
            channel.pipeline.removeHandler(name: UpgradeRequest.name).flatMapThrowing {
                try channel.pipeline.syncOperations.addHandler(ReplyHandler())
                upgraded.succeed()
            }
        }
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/attempts/\(attempt)/stream")
        head.headers.add(name: "Host", value: host)
        head.headers.add(name: "Authorization", value: "Bearer \(token)")
        head.headers.add(name: "Content-Length", value: "0")
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { [head] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers(
                        leftOverBytesStrategy: .forwardBytes,
                        withClientUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
                    try channel.pipeline.syncOperations.addHandler(
                        UpgradeRequest(head: head, upgraded: upgraded), name: UpgradeRequest.name)
                }
            }
            .connect(host: host, port: port)
            .get()
        let timeout = channel.eventLoop.scheduleTask(in: .seconds(60)) {
            upgraded.fail(ChannelError.connectTimeout(.seconds(60)))
        }
        defer { timeout.cancel() }
        do {
            try await upgraded.futureResult.get()
        } catch {
            try? await channel.close()
            throw error
        }
        return BenchStream(channel: channel)
    }

    /// Sends one text frame and returns the text of the frame that answers it.
    func send(_ text: String) async throws -> String {
        let answered = channel.eventLoop.makePromise(of: String.self)
        let timeout = channel.eventLoop.scheduleTask(in: .seconds(120)) { [channel] in
            answered.fail(ChannelError.ioOnClosedChannel)
            channel.close(promise: nil)
        }
        defer { timeout.cancel() }
        channel.writeAndFlush(ReplyHandler.Message(text: text, answered: answered)).whenFailure { answered.fail($0) }
        return try await answered.futureResult.get()
    }

    /// Closes the stream.
    func close() async {
        try? await channel.close()
    }

    /// Sends the upgrade request once connected; fails the upgrade when the server refuses it.
    private final class UpgradeRequest: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPClientResponsePart
        typealias OutboundOut = HTTPClientRequestPart

        static let name = "muster.upgrade-request"
        let head: HTTPRequestHead
        let upgraded: EventLoopPromise<Void>

        init(head: HTTPRequestHead, upgraded: EventLoopPromise<Void>) {
            self.head = head
            self.upgraded = upgraded
        }

        func channelActive(context: ChannelHandlerContext) {
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if case .head(let response) = unwrapInboundIn(data) {
                upgraded.fail(ValidationErrorText("the answer stream was refused: \(response.status.code)"))
                context.close(promise: nil)
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            upgraded.fail(error)
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            upgraded.fail(ChannelError.ioOnClosedChannel)
            context.fireChannelInactive()
        }
    }

    /// Writes each message as a masked text frame and answers it with the next text frame read.
    private final class ReplyHandler: ChannelDuplexHandler {
        typealias InboundIn = WebSocketFrame
        typealias OutboundIn = Message
        typealias OutboundOut = WebSocketFrame

        struct Message: Sendable {
            var text: String
            var answered: EventLoopPromise<String>
        }

        private var waiting = CircularBuffer<EventLoopPromise<String>>()

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            let message = unwrapOutboundIn(data)
            waiting.append(message.answered)
            let frame = WebSocketFrame(
                fin: true, opcode: .text, maskKey: .random(),
                data: context.channel.allocator.buffer(string: message.text))
            context.write(wrapOutboundOut(frame), promise: promise)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let frame = unwrapInboundIn(data)
            switch frame.opcode {
            case .text:
                waiting.popFirst()?.succeed(String(buffer: frame.unmaskedData))
            case .ping:
                let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
                context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
            case .connectionClose:
                failAll(ChannelError.ioOnClosedChannel)
                context.close(promise: nil)
            default:
                break
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            failAll(error)
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            failAll(ChannelError.ioOnClosedChannel)
            context.fireChannelInactive()
        }

        private func failAll(_ error: any Error) {
            while let promise = waiting.popFirst() { promise.fail(error) }
        }
    }
}
