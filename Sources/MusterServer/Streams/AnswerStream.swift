import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MusterApp
import MusterDomain
import MusterStore
import NIOCore
import NIOHTTP1
import Prometheus

/// What an answer stream does with its opening and its frames: the same use cases, checks and
/// error bodies as `PUT /attempts/{attempt}/answers/{position}`.
///
/// ``AnswerStreamChannel`` negotiates the WebSocket and ``AnswerStreamHandler`` carries the
/// frames; both call this, so the rules live in one place and in the use-case layer.
struct AnswerStream: Sendable {
    let useCases: UseCases
    /// The doors' limit, shared with HTTP requests: an opening and each frame take a turn.
    let limit: InFlightLimit
    let instruments: RequestMetricsMiddleware.Instruments
    /// How long a stream may go without a frame before the server closes it.
    let idleTimeout: Duration

    /// The largest save frame; a save's HTTP body has the same limit.
    static let maxFrameSize = 64 * 1024
    /// The route's template, as the HTTP route and request metrics name it.
    static let path = "/attempts/{attempt}/stream"
    /// The method that request metrics count a stream's frames under.
    static let frameMethod = HTTPRequest.Method("FRAME")!

    /// Whether `uri` is an answer stream's: `/attempts/{attempt}/stream`, any query aside.
    static func isStreamPath(_ uri: String) -> Bool {
        attemptSegment(uri) != nil
    }

    /// The `{attempt}` segment of an answer stream's `uri`.
    private static func attemptSegment(_ uri: String) -> Substring? {
        let path = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].isEmpty, parts[1] == "attempts", parts[3] == "stream", !parts[2].isEmpty
        else { return nil }
        return parts[2]
    }

    /// A stream, once its upgrade request has been judged.
    struct Opening: Sendable {
        /// The upgrade request's id, which every frame's reply and log line carry.
        var requestID: String
        var logger: Logger
        /// The attempt and session to save with, or the error frame that refuses the stream.
        var decision: Result<Saver, Reply>
    }

    /// The attempt a stream saves on and the session it saves with (its token hashed once).
    struct Saver: Sendable {
        var attempt: Int64
        var session: SessionKey
    }

    /// One frame's reply and the HTTP status its save would have had.
    struct Reply: Error {
        var text: String
        var status: Int
    }

    /// Judges an upgrade request: whether its caller may save on the attempt of its path.
    func open(_ head: HTTPRequestHead, logger: Logger) async -> Opening {
        let supplied = head.headers["X-Request-Id"].first.flatMap { RequestIDMiddleware.isAcceptable($0) ? $0 : nil }
        let requestID = supplied ?? RequestID().description
        var logger = logger
        logger[metadataKey: RequestIDMiddleware.logKey] = .string(requestID)
        do {
            let session = head.headers["Authorization"].first.flatMap(Request.bearerToken(ofAuthorization:))
                .flatMap(SessionKey.init(token:))
            let principal: Principal? = if let session { try await useCases.authenticate(session) } else { nil }
            guard let access = AccessPolicy.access(.get, Self.path), access.allows(principal), let principal,
                let session
            else {
                throw MusterError(.unauthenticated, code: "unauthenticated", "Sign in first.")
            }
            guard let attempt = Self.attemptSegment(head.uri).flatMap({ Int64($0) }) else {
                throw MusterError(.notFound, code: "attempt_not_found", "There is no such attempt of yours.")
            }
            let caller = useCases.context(for: principal, requestID: requestID, logger: logger)
            try await useCases.openAnswerStream(attempt, context: caller)
            return Opening(
                requestID: requestID, logger: logger, decision: .success(Saver(attempt: attempt, session: session)))
        } catch {
            return Opening(
                requestID: requestID, logger: logger,
                decision: .failure(Self.errorReply(error, requestID: requestID, logger: logger)))
        }
    }

    /// The reply to one frame (`text`, or nil for a binary frame): the acknowledgement, or the error.
    func answer(_ text: String?, saver: Saver, requestID: String, logger: Logger) async -> Reply {
        do {
            guard let text else {
                throw MusterError(.invalidInput, code: "invalid_body", "A save is a text frame of JSON.")
            }
            guard let principal = try await useCases.authenticate(saver.session) else {
                throw MusterError(.unauthenticated, code: "unauthenticated", "The session has ended; sign in again.")
            }
            let (position, submission) = try Self.decodeSave(text)
            let caller = useCases.context(for: principal, requestID: requestID, logger: logger)
            let acknowledgement = try await useCases.saveAnswer(
                saver.attempt, position: position, submission, context: caller)
            return Reply(text: acknowledgement.json, status: 200)
        } catch {
            return Self.errorReply(error, requestID: requestID, logger: logger)
        }
    }

    /// The reply to one frame without a task, answered on `loop`, when the session and the
    /// attempt's form are in memory (``UseCases/saveAnswerAtOnce(_:position:_:context:on:)``); nil
    /// when something must be read first, and the frame then goes to ``answer(_:saver:requestID:logger:)``.
    func answerAtOnce(
        _ text: String?, saver: Saver, requestID: String, logger: Logger, on loop: any EventLoop
    ) -> EventLoopFuture<Reply>? {
        guard let text, let principal = useCases.rememberedPrincipal(saver.session) else { return nil }
        let saved: EventLoopFuture<SaveAcknowledgement>?
        do {
            let (position, submission) = try Self.decodeSave(text)
            let caller = useCases.context(for: principal, requestID: requestID, logger: logger)
            saved = useCases.saveAnswerAtOnce(saver.attempt, position: position, submission, context: caller, on: loop)
        } catch {
            return loop.makeSucceededFuture(Self.errorReply(error, requestID: requestID, logger: logger))
        }
        return saved?.map { Reply(text: $0.json, status: 200) }
            .recover { Self.errorReply($0, requestID: requestID, logger: logger) }
    }

    /// Counts one answered frame in the request metrics.
    func record(status: Int, since start: ContinuousClock.Instant) {
        let (frames, latency) = instruments.of(route: Self.path, method: Self.frameMethod, status: status)
        frames.increment()
        latency.record(ContinuousClock.now - start)
    }

    /// The error frame for `error`: the status and body the PUT would answer.
    private static func errorReply(_ error: any Error, requestID: String, logger: Logger) -> Reply {
        let apiError = APIError.from(error)
        if apiError.status == .internalServerError {
            logger.error("answer stream save failed", metadata: ["error": .string(String(describing: error))])
        }
        var payload = apiError.payload
        payload.requestID = requestID
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
