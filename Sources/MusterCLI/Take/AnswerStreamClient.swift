import HTTPTypes
import HummingbirdWSClient
import Logging
import Synchronization

/// The terminal's end of an attempt's answer stream (`GET /attempts/{attempt}/stream`, a
/// WebSocket): sends save frames and returns the frame that answers each, in order.
///
/// The connection runs in a task of its own for as long as the stream is open. A stream that
/// ends (the server went away, the session ended, ``close()``) fails every frame still waiting
/// and every later one with ``StreamError/closed``; the caller opens a new stream.
final class AnswerStreamClient: Sendable {
    /// Why a frame got no answer.
    enum StreamError: Error, Equatable {
        /// The stream is closed, or closed before the answer came.
        case closed
    }

    private struct State {
        var waiting: [CheckedContinuation<String, any Error>] = []
        /// Frames that came while no send waited (Muster's server sends none, but a frame is
        /// never dropped: it answers the next send).
        var unrequested: [String] = []
        var closed = false
        var connection: Task<Void, Never>?
    }

    private let state = Mutex(State())
    private let outgoing: AsyncStream<String>.Continuation

    private init(outgoing: AsyncStream<String>.Continuation) {
        self.outgoing = outgoing
    }

    /// Whether the stream has ended.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Opens the stream at `url` (`ws://` or `wss://`) with the session `token`; throws when the
    /// server cannot be reached within `timeout` or does not upgrade (a proxy that does not pass
    /// WebSockets). A stream the server refuses (no session, not the caller's attempt) opens,
    /// and its first ``send(_:timeout:)`` returns the server's error frame.
    static func open(url: String, token: String, timeout: Duration, logger: Logger) async throws -> AnswerStreamClient {
        let (frames, outgoing) = AsyncStream.makeStream(of: String.self)
        let stream = AnswerStreamClient(outgoing: outgoing)
        let configuration = WebSocketClientConfiguration(
            maxFrameSize: 1 << 16, additionalHeaders: [.authorization: "Bearer \(token)"])
        let opening = Opening()
        try await withCheckedThrowingContinuation { continuation in
            opening.wait(continuation)
            let connection = Task {
                do {
                    try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) {
                        inbound, outbound, _ in
                        opening.settle(.success(()))
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            group.addTask {
                                for await text in frames { try await outbound.write(.text(text)) }
                            }
                            var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                            while let message = try await messages.next() {
                                if case .text(let text) = message { stream.answerNext(text) }
                            }
                            group.cancelAll()
                        }
                    }
                    opening.settle(.failure(StreamError.closed))
                } catch {
                    opening.settle(.failure(error))
                }
                stream.finish()
            }
            stream.state.withLock { $0.connection = connection }
            Task {
                try? await Task.sleep(for: timeout)
                if opening.settle(.failure(StreamError.closed)) {
                    stream.close()
                }
            }
        }
        return stream
    }

    /// Sends `text` and returns the frame that answers it (or, without sending, a frame the server
    /// sent unasked); closes the stream and throws
    /// ``StreamError/closed`` when no answer comes within `timeout`.
    func send(_ text: String, timeout: Duration) async throws -> String {
        let timer = Task { [weak self] in
            try await Task.sleep(for: timeout)
            self?.close()
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            // Under the lock, so that frames go out in the order their callers wait.
            let answer: Result<String, any Error>? = state.withLock { state in
                if !state.unrequested.isEmpty { return .success(state.unrequested.removeFirst()) }
                guard !state.closed else { return .failure(StreamError.closed) }
                state.waiting.append(continuation)
                outgoing.yield(text)
                return nil
            }
            if let answer { continuation.resume(with: answer) }
        }
    }

    /// Closes the stream; frames still waiting fail.
    func close() {
        state.withLock { $0.connection }?.cancel()
        finish()
    }

    /// The caller of ``open(url:token:timeout:logger:)`` while it waits, answered once.
    private final class Opening: Sendable {
        private let waiting = Mutex<CheckedContinuation<Void, any Error>?>(nil)

        func wait(_ continuation: CheckedContinuation<Void, any Error>) {
            waiting.withLock { $0 = continuation }
        }

        /// Answers the caller unless answered before; returns whether this call answered.
        @discardableResult
        func settle(_ result: Result<Void, any Error>) -> Bool {
            guard let continuation = waiting.withLock({ $0.take() }) else { return false }
            continuation.resume(with: result)
            return true
        }
    }

    private func answerNext(_ text: String) {
        let waiting = state.withLock { state in
            guard !state.waiting.isEmpty else {
                state.unrequested.append(text)
                return nil as CheckedContinuation<String, any Error>?
            }
            return state.waiting.removeFirst()
        }
        waiting?.resume(returning: text)
    }

    private func finish() {
        outgoing.finish()
        let waiting = state.withLock { state in
            state.closed = true
            defer { state.waiting.removeAll() }
            return state.waiting
        }
        for continuation in waiting { continuation.resume(throwing: StreamError.closed) }
    }
}
