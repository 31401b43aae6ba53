import NIOCore
import NIOWebSocket

/// Carries one answer stream's frames, on its connection's event loop.
///
/// Each text frame is a save. When the session and the attempt's form are in memory (every save
/// but a stream's first, as a rule) it is checked and queued for the group commit at once, and
/// answered when the commit's future completes on this loop
/// (``AnswerStream/answerAtOnce(_:saver:requestID:logger:on:)``): a task per save, its frames
/// and its hops cost the server about a tenth of its CPU per save. Such a save takes no turn at
/// the doors' limit, which bounds deep task stacks, and holds only its promise and its place in
/// the writer's queue. Otherwise it runs as a task of its own under the doors' limit
/// (``AnswerStream/answer(_:saver:requestID:logger:)``). Frames are answered one at a time, in
/// order: while a save runs, later frames wait in a queue. The connection is read on while the
/// queue is short (holding and resuming reads for every save cost two `epoll_ctl` calls per
/// save); once ``maximumWaiting`` frames wait, or replies cannot be written as fast as they come,
/// it is not read again until they are answered (the frames of a read already made are still
/// queued, so the queue can briefly be longer). A refused stream answers its first frame with its
/// refusal and closes.
///
/// The WebSocket protocol around the saves: fragmented messages are joined (up to the frame
/// limit), pings are answered, and a close is answered and the connection closed. The server
/// closes the stream itself after a 401 (the session has ended; unless the client's close has
/// already come, which is then answered) and when it shuts down (1001, once the save in progress
/// is answered; frames after it are not taken); it then waits for the client's close, at most
/// ``closeTimeout``. NIO's frame codec and its protocol-error handler, before this one in the
/// pipeline, close the connection on a malformed or oversize frame (1002, 1009).
final class AnswerStreamHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// How long the server waits for the client's close after sending its own.
    static let closeTimeout = TimeAmount.seconds(15)
    /// How many frames may wait behind the save in progress before the connection is not read:
    /// a terminal has one save in flight, so only a client that sends without waiting meets it.
    static let maximumWaiting = 4

    private let stream: AnswerStream
    private let opening: AnswerStream.Opening
    /// Messages waiting for their turn: a text frame's text, or nil for a binary frame.
    private var waiting = CircularBuffer<String?>(initialCapacity: 1)
    /// A fragmented message being joined: its first frame's opcode and the data so far.
    private var fragments: (opcode: WebSocketOpcode, data: ByteBuffer)?
    private var saving = false
    private var readHeld = false
    private var closeSent = false
    private var shuttingDown: Bool
    /// The client's close, kept until the saves it sent before it are answered.
    private var clientClose: WebSocketFrame?
    /// The client ended its side of the connection (no close frame); closed once answered.
    private var inputEnded = false
    private var closeTimer: Scheduled<Void>?
    private var frames = 0

    /// A handler for a stream judged as `opening`; `shuttingDown` when the server began to shut
    /// down while the stream was being opened (the stream is then closed at once with 1001).
    init(stream: AnswerStream, opening: AnswerStream.Opening, shuttingDown: Bool) {
        self.stream = stream
        self.opening = opening
        self.shuttingDown = shuttingDown
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if case .success(let saver) = opening.decision {
            opening.logger.info("answer stream opened", metadata: ["attempt": .stringConvertible(saver.attempt)])
        }
        if shuttingDown { sendClose(.goingAway, context: context) }
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
            // Saves sent before the close are answered first.
            if saving || !waiting.isEmpty {
                clientClose = frame
            } else {
                receivedClose(frame, context: context)
            }
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
            fragments = nil  // one owner of the buffer, so that appending does not copy it
            var more = frame.unmaskedData
            joined.data.writeBuffer(&more)
            guard joined.data.readableBytes <= AnswerStream.maxFrameSize else {
                fragments = nil
                return sendClose(.messageTooLarge, context: context)
            }
            if frame.fin {
                received(joined.opcode, joined.data, context: context)
            } else {
                fragments = joined
            }
        default:
            sendClose(.protocolError, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A broken connection: nothing more can be answered on it.
        opening.logger.debug("answer stream failed", metadata: ["error": .string(String(describing: error))])
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case is ChannelShouldQuiesceEvent:
            // The server is shutting down: the save in progress is answered first.
            shuttingDown = true
            if !saving { sendClose(.goingAway, context: context) }
        case ChannelEvent.inputClosed:
            // The client went away without a close frame: answer what it sent, then close.
            inputEnded = true
            if !saving, waiting.isEmpty { context.close(promise: nil) }
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func read(context: ChannelHandlerContext) {
        // While frames queue up, or replies cannot be written as fast as they come, the connection
        // is not read: the client's frames wait in its socket.
        if waiting.count >= Self.maximumWaiting || !context.channel.isWritable, !closeSent {
            readHeld = true
        } else {
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        resumeReading(context: context)
        context.fireChannelWritabilityChanged()
    }

    /// Reads again, if reading was held and nothing holds it any more.
    private func resumeReading(context: ChannelHandlerContext) {
        guard readHeld, waiting.count < Self.maximumWaiting, context.channel.isWritable || closeSent else {
            return
        }
        readHeld = false
        context.read()
    }

    private func received(_ opcode: WebSocketOpcode, _ data: ByteBuffer, context: ChannelHandlerContext) {
        // Once the server is shutting down, no new save is taken: the one in progress is answered
        // and the stream closed (the terminal sends what was not answered again as a PUT).
        guard !closeSent, clientClose == nil, !shuttingDown else { return }
        waiting.append(opcode == .text ? String(buffer: data) : nil)
        saveNext(context: context)
    }

    /// Starts the waiting saves, one at a time, unless one is running. A save answered at once (a
    /// refusal, or a frame that fails its checks before the write) is answered here and the next
    /// one started, in a loop: answered by recursion, a long queue of bad frames behind a pending
    /// save would run as deep a stack as it is long.
    private func saveNext(context: ChannelHandlerContext) {
        while !saving, !closeSent, !shuttingDown, let message = waiting.popFirst() {
            let started = ContinuousClock.now
            guard case .success(let saver) = opening.decision else {
                if case .failure(let refusal) = opening.decision { send(refusal, since: started, context: context) }
                continue
            }
            saving = true
            guard
                let answered = stream.answerAtOnce(
                    message, saver: saver, requestID: opening.requestID, logger: opening.logger, on: context.eventLoop)
            else {
                return saveInTask(message, saver: saver, since: started, context: context)
            }
            var answeredNow: AnswerStream.Reply?
            var starting = true
            answered.assumeIsolated().whenSuccess { reply in
                if starting {
                    answeredNow = reply
                } else {
                    self.answered(reply, since: started, context: context)
                }
            }
            starting = false
            guard let reply = answeredNow else { return }
            saving = false
            send(reply, since: started, context: context)
        }
    }

    /// Saves `message` in a task of its own under the doors' limit (when the session or the
    /// attempt's form must be read first), and answers it back on the loop.
    private func saveInTask(
        _ message: String?, saver: AnswerStream.Saver, since started: ContinuousClock.Instant,
        context: ChannelHandlerContext
    ) {
        let (stream, opening, loop) = (self.stream, self.opening, context.eventLoop)
        let handler = NIOLoopBound(self, eventLoop: loop)
        let bound = NIOLoopBound(context, eventLoop: loop)
        Task {
            let reply: AnswerStream.Reply
            do {
                reply = try await stream.limit.withTurn {
                    await stream.answer(message, saver: saver, requestID: opening.requestID, logger: opening.logger)
                }
            } catch {
                // `withTurn` throws only when its task is cancelled, which this one never is.
                reply = AnswerStream.Reply(
                    text: #"{"status":503,"error":{"code":"unavailable","message":"The server is stopping."}}"#,
                    status: 503)
            }
            // The save's task runs on its connection's loop (NIO's executor keeps a task where it
            // was started, and the writer answers on the caller's loop): no hop back, as a rule.
            let answer: @Sendable () -> Void = { handler.value.answered(reply, since: started, context: bound.value) }
            if loop.inEventLoop { answer() } else { loop.execute(answer) }
        }
    }

    /// The reply of the save in progress: written; then the next saves are started, or the
    /// stream is closed (a client's close, a shutdown, a client gone) once none is left.
    private func answered(
        _ reply: AnswerStream.Reply, since started: ContinuousClock.Instant, context: ChannelHandlerContext
    ) {
        saving = false
        send(reply, since: started, context: context)
        saveNext(context: context)
        resumeReading(context: context)
        guard !saving else { return }
        if let close = clientClose { return receivedClose(close, context: context) }
        if shuttingDown { return sendClose(.goingAway, context: context) }
        if inputEnded { return context.close(promise: nil) }
    }

    /// Writes one reply; after a 401 (the session has ended) or a refusal the stream is closed.
    private func send(
        _ reply: AnswerStream.Reply, since started: ContinuousClock.Instant, context: ChannelHandlerContext
    ) {
        guard context.channel.isActive, !closeSent else { return }
        let text = context.channel.allocator.buffer(string: reply.text)
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: text)), promise: nil)
        stream.record(status: reply.status, since: started)
        frames += 1
        let refused = if case .failure = opening.decision { true } else { false }
        if refused || reply.status == 401 {
            // A client that has already sent its close gets it answered, not a close of ours to wait on.
            if let close = clientClose { return receivedClose(close, context: context) }
            sendClose(.normalClosure, context: context)
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
        closeAfterTimeout(context: context)
        // The client's close must be read, whatever was held.
        if readHeld {
            readHeld = false
            context.read()
        }
    }

    /// Closes the connection in ``closeTimeout`` if it is still open then.
    private func closeAfterTimeout(context: ChannelHandlerContext) {
        closeTimer = context.eventLoop.scheduleTask(in: Self.closeTimeout) { [channel = context.channel] in
            channel.close(promise: nil)
        }
    }

    /// The client's close: answered (unless the server's was sent first), then the connection closes.
    private func receivedClose(_ frame: WebSocketFrame, context: ChannelHandlerContext) {
        if closeSent { return context.close(promise: nil) }
        closeSent = true
        clientClose = nil
        waiting.removeAll()
        var echoed = frame.unmaskedData
        var data = context.channel.allocator.buffer(capacity: 2)
        data.write(webSocketErrorCode: echoed.readWebSocketErrorCode() ?? .normalClosure)
        let closed = context.writeAndFlush(
            wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: data)))
        closed.whenComplete { [channel = context.channel] _ in channel.close(promise: nil) }
        closeAfterTimeout(context: context)
    }
}
