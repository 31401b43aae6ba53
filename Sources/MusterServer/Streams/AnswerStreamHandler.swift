import NIOCore
import NIOWebSocket

/// Carries one answer stream's frames, on its connection's event loop.
///
/// Each text frame is a save; it runs as a task of its own under the doors' limit
/// (``AnswerStream/answer(_:saver:requestID:logger:)``), and its reply is written back here. Frames
/// are answered one at a time, in order: while a save runs, later frames wait in a queue and the
/// connection is not read. A refused stream answers its first frame with its refusal and closes.
///
/// The WebSocket protocol around the saves: fragmented messages are joined (up to the frame
/// limit), pings are answered, and a close is answered and the connection closed. The server
/// closes the stream itself after a 401 (the session has ended) and when it shuts down (1001);
/// it then waits for the client's close, at most ``closeTimeout``. NIO's frame codec and its
/// protocol-error handler, before this one in the pipeline, close the connection on a malformed
/// or oversize frame (1002, 1009).
final class AnswerStreamHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// How long the server waits for the client's close after sending its own.
    static let closeTimeout = TimeAmount.seconds(15)

    private let stream: AnswerStream
    private let opening: AnswerStream.Opening
    /// Messages waiting for their turn: a text frame's text, or nil for a binary frame.
    private var waiting = CircularBuffer<String?>(initialCapacity: 1)
    /// A fragmented message being joined: its first frame's opcode and the data so far.
    private var fragments: (opcode: WebSocketOpcode, data: ByteBuffer)?
    private var saving = false
    private var readHeld = false
    private var closeSent = false
    private var shuttingDown = false
    private var closeTimer: Scheduled<Void>?
    private var frames = 0

    init(stream: AnswerStream, opening: AnswerStream.Opening) {
        self.stream = stream
        self.opening = opening
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if case .success(let saver) = opening.decision {
            opening.logger.info("answer stream opened", metadata: ["attempt": .stringConvertible(saver.attempt)])
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closeTimer?.cancel()
        waiting.removeAll()
        if case .success(let saver) = opening.decision {
            opening.logger.info(
                "answer stream closed",
                metadata: ["attempt": .stringConvertible(saver.attempt), "frames": .stringConvertible(frames)])
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .connectionClose:
            receivedClose(frame, context: context)
        case .ping:
            guard !closeSent else { return }
            context.writeAndFlush(
                wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)), promise: nil)
        case .pong:
            break
        case .text, .binary:
            guard fragments == nil else { return sendClose(.protocolError, context: context) }
            if frame.fin {
                received(frame.opcode, frame.unmaskedData, context: context)
            } else {
                fragments = (frame.opcode, frame.unmaskedData)
            }
        case .continuation:
            guard var joined = fragments else { return sendClose(.protocolError, context: context) }
            var more = frame.unmaskedData
            joined.data.writeBuffer(&more)
            guard joined.data.readableBytes <= AnswerStream.maxFrameSize else {
                fragments = nil
                return sendClose(.messageTooLarge, context: context)
            }
            if frame.fin {
                fragments = nil
                received(joined.opcode, joined.data, context: context)
            } else {
                fragments = joined
            }
        default:
            sendClose(.protocolError, context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else { return context.fireUserInboundEventTriggered(event) }
        // The server is shutting down: the save in progress is answered first.
        shuttingDown = true
        if !saving { sendClose(.goingAway, context: context) }
    }

    func read(context: ChannelHandlerContext) {
        // While a save runs the connection is not read: the client's frames wait in its socket.
        if saving || !waiting.isEmpty, !closeSent {
            readHeld = true
        } else {
            context.read()
        }
    }

    private func received(_ opcode: WebSocketOpcode, _ data: ByteBuffer, context: ChannelHandlerContext) {
        guard !closeSent else { return }
        waiting.append(opcode == .text ? String(buffer: data) : nil)
        saveNext(context: context)
    }

    /// Starts the next waiting save unless one is running.
    private func saveNext(context: ChannelHandlerContext) {
        guard !saving, !closeSent, let message = waiting.popFirst() else { return }
        let saver: AnswerStream.Saver
        switch opening.decision {
        case .failure(let refusal):
            return reply(refusal, since: .now, context: context)
        case .success(let allowed):
            saver = allowed
        }
        saving = true
        let started = ContinuousClock.now
        let (stream, opening) = (self.stream, self.opening)
        let loop = context.eventLoop
        let handler = NIOLoopBound(self, eventLoop: loop)
        let bound = NIOLoopBound(context, eventLoop: loop)
        Task {
            let reply: AnswerStream.Reply
            do {
                reply = try await stream.limit.withTurn {
                    await stream.answer(message, saver: saver, requestID: opening.requestID, logger: opening.logger)
                }
            } catch {
                reply = AnswerStream.Reply(
                    text: #"{"status":503,"error":{"code":"unavailable","message":"The server is stopping."}}"#,
                    status: 503)
            }
            loop.execute {
                handler.value.saving = false
                handler.value.reply(reply, since: started, context: bound.value)
            }
        }
    }

    /// Writes `reply`; then closes the stream (a 401, a refusal, a shutdown) or goes on.
    private func reply(
        _ reply: AnswerStream.Reply, since started: ContinuousClock.Instant, context: ChannelHandlerContext
    ) {
        guard context.channel.isActive, !closeSent else { return }
        let text = context.channel.allocator.buffer(string: reply.text)
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: text)), promise: nil)
        stream.record(status: reply.status, since: started)
        frames += 1
        let refused = if case .failure = opening.decision { true } else { false }
        if refused || reply.status == 401 {
            return sendClose(.normalClosure, context: context)
        }
        if shuttingDown { return sendClose(.goingAway, context: context) }
        saveNext(context: context)
        if !saving, readHeld {
            readHeld = false
            context.read()
        }
    }

    /// Sends the server's close and waits for the client's (at most ``closeTimeout``).
    private func sendClose(_ code: WebSocketErrorCode, context: ChannelHandlerContext) {
        guard !closeSent else { return }
        closeSent = true
        waiting.removeAll()
        var data = context.channel.allocator.buffer(capacity: 2)
        data.write(webSocketErrorCode: code)
        context.writeAndFlush(
            wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: data)), promise: nil)
        closeTimer = context.eventLoop.scheduleTask(in: Self.closeTimeout) { [channel = context.channel] in
            channel.close(promise: nil)
        }
        // The client's close must be read, whatever was held.
        if readHeld {
            readHeld = false
            context.read()
        }
    }

    /// The client's close: answered (unless the server's was sent first), then the connection closes.
    private func receivedClose(_ frame: WebSocketFrame, context: ChannelHandlerContext) {
        if closeSent { return context.close(promise: nil) }
        closeSent = true
        waiting.removeAll()
        var echoed = frame.unmaskedData
        var data = context.channel.allocator.buffer(capacity: 2)
        data.write(webSocketErrorCode: echoed.readWebSocketErrorCode() ?? .normalClosure)
        let closed = context.writeAndFlush(
            wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: data)))
        closed.whenComplete { [channel = context.channel] _ in channel.close(promise: nil) }
    }
}
