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
        channel.writeAndFlush(ReplyHandler.Command.send(text: text, answered: answered)).whenFailure {
            answered.fail($0)
        }
        return try await answered.futureResult.get()
    }

    /// Saves `seat`'s answers in a closed loop until `end`, waiting `think` after each
    /// acknowledgement: each save is sent from the connection's event loop as the last one is
    /// answered, with no task in between, as pgbench's client sends its next transaction.
    func saveLoop(
        _ seat: ExamDayLoad.Seat, until end: ContinuousClock.Instant, think: Duration
    ) async
        -> ExamDayLoad.Tally
    {
        let done = channel.eventLoop.makePromise(of: ExamDayLoad.Tally.self)
        let loop = ReplyHandler.Loop(
            choices: seat.choices, end: .now() + TimeAmount(end - ContinuousClock.now), think: TimeAmount(think),
            done: done)
        channel.writeAndFlush(ReplyHandler.Command.loop(loop)).whenFailure { _ in
            done.succeed(ExamDayLoad.Tally(errors: 1))
        }
        // A save the server never answers ends the loop (as a failed save) two minutes after its
        // time is up, as `send` gives up on a reply after two minutes.
        let watchdog = channel.eventLoop.scheduleTask(deadline: loop.end + .seconds(120)) { [channel] in
            channel.close(promise: nil)
        }
        defer { watchdog.cancel() }
        return (try? await done.futureResult.get()) ?? ExamDayLoad.Tally(errors: 1)
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

    /// Writes each message as a masked text frame and answers it with the next text frame read;
    /// or runs a closed loop of saves (``BenchStream/saveLoop(_:until:think:)``).
    private final class ReplyHandler: ChannelDuplexHandler {
        typealias InboundIn = WebSocketFrame
        typealias OutboundIn = Command
        typealias OutboundOut = WebSocketFrame

        enum Command: Sendable {
            /// Send one frame; its reply's text completes `answered`.
            case send(text: String, answered: EventLoopPromise<String>)
            /// Save in a closed loop.
            case loop(Loop)
        }

        struct Loop: Sendable {
            var choices: [(position: Int, options: Int)]
            var end: NIODeadline
            var think: TimeAmount
            var done: EventLoopPromise<ExamDayLoad.Tally>
        }

        private var waiting = CircularBuffer<EventLoopPromise<String>>()
        private var loop: Loop?
        private var tally = ExamDayLoad.Tally()
        private var sequence: Int64 = 0
        private var sent = NIODeadline.now()

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            switch unwrapOutboundIn(data) {
            case .send(let text, let answered):
                waiting.append(answered)
                context.write(wrapOutboundOut(Self.frame(text, context: context)), promise: promise)
            case .loop(let loop):
                self.loop = loop
                promise?.succeed()
                if loop.think > .zero {
                    let first = TimeAmount.nanoseconds(Int64.random(in: 0..<max(1, loop.think.nanoseconds)))
                    context.eventLoop.assumeIsolated().scheduleTask(in: first) { self.saveNext(context: context) }
                } else {
                    saveNext(context: context)
                }
            }
        }

        /// Sends the loop's next save, or ends the loop once its time is up.
        private func saveNext(context: ChannelHandlerContext) {
            guard let loop else { return }
            guard NIODeadline.now() < loop.end else {
                self.loop = nil
                return loop.done.succeed(tally)
            }
            sequence += 1
            let text = ExamDayLoad.saveFrame(loop.choices, sequence: sequence)
            sent = .now()
            context.writeAndFlush(wrapOutboundOut(Self.frame(text, context: context)), promise: nil)
        }

        /// The loop's save was answered: counted, and the next one sent (after the think time).
        private func answered(_ text: ByteBuffer, context: ChannelHandlerContext) {
            guard let loop else { return }
            if text.readableBytesView.starts(with: #"{"position""#.utf8) {
                tally.latencies.append(Double((NIODeadline.now() - sent).nanoseconds) / 1e9)
            } else {
                tally.errors += 1
            }
            if loop.think > .zero {
                context.eventLoop.assumeIsolated().scheduleTask(in: loop.think) { self.saveNext(context: context) }
            } else {
                saveNext(context: context)
            }
        }

        private static func frame(_ text: String, context: ChannelHandlerContext) -> WebSocketFrame {
            WebSocketFrame(
                fin: true, opcode: .text, maskKey: .random(), data: context.channel.allocator.buffer(string: text))
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let frame = unwrapInboundIn(data)
            switch frame.opcode {
            case .text:
                if let promise = waiting.popFirst() {
                    promise.succeed(String(buffer: frame.unmaskedData))
                } else {
                    answered(frame.unmaskedData, context: context)
                }
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

        /// Fails every waiting send; a running loop ends with the save in flight counted as failed.
        private func failAll(_ error: any Error) {
            while let promise = waiting.popFirst() { promise.fail(error) }
            if let loop {
                self.loop = nil
                tally.errors += 1
                loop.done.succeed(tally)
            }
        }
    }
}
