import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import MusterApp
import MusterDomain
import MusterStore
import NIOCore
import Prometheus

/// A terminal's answer stream: one WebSocket per attempt, `GET /attempts/{attempt}/stream`,
/// that carries answer saves as text frames.
///
/// A frame is the save of `PUT /attempts/{attempt}/answers/{position}` with the position inside:
/// `{"position", "sequence", "answer", "flagged"}`. It goes through the same use case, so the
/// same rules hold, and it is answered, in order, by one frame: the acknowledgement the PUT returns
/// (sent once the save is durable), or `{"status": S, "error": {...}}` with the PUT's status and
/// error. The session is checked again for every frame; when it has ended, the error frame is
/// the last and the server closes the stream.
///
/// Only the upgrade is an HTTP request: the stream's saves skip HTTP parsing, routing and the
/// middleware chain, which cost a save over HTTP about half of the server's CPU. A plain GET
/// (no upgrade headers) reaches the HTTP route, which answers with the error that would stop
/// the stream, or 426 `upgrade_required`.
struct AnswerStreamRoutes {
    let useCases: UseCases

    /// The largest save frame; a save's HTTP body has the same limit.
    static let maxFrameSize = 64 * 1024
    static let path = "/attempts/{attempt}/stream"

    /// The HTTP route, which answers every request that was not upgraded.
    func register(on routes: SecuredRoutes) {
        routes.add(.get, Self.path) { _, context -> Response in
            try await useCases.openAnswerStream(
                try AttemptRoutes.attemptID(context), context: try context.caller(of: useCases))
            throw APIError(
                status: .upgradeRequired, code: "upgrade_required",
                message: "The answer stream is a WebSocket: send the upgrade headers (Upgrade: websocket).")
        }
    }

    /// The upgrade. Every well-formed upgrade request is upgraded: when the caller may not save on
    /// this attempt (no session, someone else's attempt), the stream's first frame is answered
    /// with the error the PUT would answer, and the server closes the stream. (A refused upgrade
    /// could only answer an empty 400, and a browser's WebSocket shows its page no HTTP status.)
    ///
    /// A stream that sends nothing for `idleTimeout` is closed (``StreamIdleTimeout``).
    ///
    /// The opening and each frame wait for a turn under `limit`, the doors' limit that HTTP
    /// requests share, and run on a child task: a stream's task, like a kept-alive connection's,
    /// would otherwise keep the memory of its deepest save for as long as the exam lasts.
    func registerUpgrade(
        on router: Router<MusterRequestContext>, limit: InFlightLimit, metrics: PrometheusCollectorRegistry,
        idleTimeout: Duration
    ) {
        let instruments = RequestMetricsMiddleware.Instruments(registry: metrics)
        router.ws("/attempts/:attempt/stream") { inbound, outbound, streamContext in
            let context = streamContext.requestContext
            let connection = context.connection
            try await connection.eventLoop.submit {
                try connection.pipeline.syncOperations.addHandlers(
                    StreamIdleTimeout.handlers(after: idleTimeout), position: .first)
            }.get()
            // Opening may read the attempt's form: it takes a turn and a child task, as a save does.
            try await limit.enter()
            async let opened = open(context, token: streamContext.request.bearerToken)
            let opening = await opened
            limit.leave()
            var messages = inbound.messages(maxSize: Self.maxFrameSize).makeAsyncIterator()
            guard case .success(let (id, token)) = opening else {
                // The refusal answers the first frame. A frame sent before the client's first
                // one can reach a client still finishing its upgrade, and NIO's WebSocket client
                // then loses it and stops reading.
                if case .failure(let refusal) = opening, try await messages.next() != nil {
                    try await outbound.write(.text(refusal.text))
                }
                return
            }
            context.logger.info("answer stream opened", metadata: ["attempt": .stringConvertible(id)])
            var frames = 0
            while let message = try await messages.next() {
                let start = ContinuousClock.now
                try await limit.enter()
                async let answered = answer(message, attempt: id, token: token, context: context)
                let reply = await answered
                limit.leave()
                try await outbound.write(.text(reply.text))
                let (saves, latency) = instruments.of(route: Self.path, method: Self.frameMethod, status: reply.status)
                saves.increment()
                latency.record(ContinuousClock.now - start)
                frames += 1
                if reply.status == HTTPResponse.Status.unauthorized.code { break }
            }
            context.logger.info(
                "answer stream closed",
                metadata: ["attempt": .stringConvertible(id), "frames": .stringConvertible(frames)])
        }
    }

    /// The attempt and session a stream saves with, or the error frame that refuses the stream.
    private func open(_ context: MusterRequestContext, token: String?) async -> Result<(Int64, String), Reply> {
        do {
            guard let access = AccessPolicy.access(.get, Self.path), access.allows(context.principal), let token
            else {
                throw MusterError(.unauthenticated, code: "unauthenticated", "Sign in first.")
            }
            let id = try AttemptRoutes.attemptID(context)
            try await useCases.openAnswerStream(id, context: try context.caller(of: useCases))
            return .success((id, token))
        } catch {
            return .failure(Self.errorReply(error, context: context))
        }
    }

    /// The method that request metrics count a stream's frames under.
    static let frameMethod = HTTPRequest.Method("FRAME")!

    /// One frame's reply and the HTTP status its save would have had.
    struct Reply: Error {
        var text: String
        var status: Int
    }

    /// The reply to one frame: the acknowledgement, or the error.
    private func answer(
        _ message: WebSocketMessage, attempt id: Int64, token: String, context: MusterRequestContext
    ) async -> Reply {
        do {
            guard case .text(let text) = message else {
                throw MusterError(.invalidInput, code: "invalid_body", "A save is a text frame of JSON.")
            }
            guard let principal = try await useCases.authenticate(token: token) else {
                throw MusterError(.unauthenticated, code: "unauthenticated", "The session has ended; sign in again.")
            }
            let (position, submission) = try Self.decodeSave(text)
            let caller = useCases.context(for: principal, requestID: context.requestID, logger: context.logger)
            let acknowledgement = try await useCases.saveAnswer(id, position: position, submission, context: caller)
            return Reply(text: acknowledgement.json, status: 200)
        } catch {
            return Self.errorReply(error, context: context)
        }
    }

    /// The error frame for `error`: the status and body the PUT would answer.
    private static func errorReply(_ error: any Error, context: MusterRequestContext) -> Reply {
        let apiError = APIError.from(error)
        if apiError.status == .internalServerError {
            context.logger.error("answer stream save failed", metadata: ["error": .string(String(describing: error))])
        }
        var payload = apiError.payload
        payload.requestID = context.requestID
        let text =
            (try? String(
                decoding: JSONEncoder().encode(ErrorFrame(status: apiError.status.code, error: payload)), as: UTF8.self))
            ?? #"{"status":500,"error":{"code":"internal_error","message":"The answer could not be saved."}}"#
        return Reply(text: text, status: apiError.status.code)
    }

    /// An error frame: the status the PUT would have answered and its error body.
    struct ErrorFrame: Encodable {
        var status: Int
        var error: APIError.Payload
    }

    /// A save frame: read byte by byte, or by `JSONDecoder` (whose error then stands) when the
    /// fast reader gives up.
    private static func decodeSave(_ text: String) throws -> (Int, AnswerSubmission) {
        var text = text
        if let read = text.withUTF8({ AnswerSaveJSON.frame($0) }) { return read }
        let frame = try JSONDecoder().decode(SaveFrame.self, from: Data(text.utf8))
        return (
            frame.position, AnswerSubmission(sequence: frame.sequence, answer: frame.answer, flagged: frame.flagged)
        )
    }

    private struct SaveFrame: Decodable {
        var position: Int
        var sequence: Int64
        var answer: CandidateAnswer?
        var flagged: Bool?
    }
}
