import AsyncHTTPClient
import Foundation
import Logging
import MusterApp
import MusterDomain
import MusterStore
import NIOCore
import NIOHTTP1

/// The exam-room terminal's line to the server: signs the officer in by badge, finds their
/// sittings, starts the attempt, saves answers and hands in.
///
/// Answers go on the attempt's answer stream (a WebSocket, ``AnswerStreamClient``) while one can
/// be had; a stream that cannot be opened (a server restarting, a proxy without WebSockets) is
/// not tried again for half a minute, and saves go as `PUT`s meanwhile; so does a save whose
/// stream ends before answering it. Both carry the same save and get the same answer.
///
/// A request that never reaches the server (refused connection, timeout, a server restarting)
/// fails as ``Failure/offline``; an answer from the server refusing it fails as
/// ``Failure/refused(_:)`` with the server's own error. An expired or lost session is renewed
/// once, with the same badge and password, before a request is given up.
actor ExamConnection {
    /// Why a request did not succeed.
    enum Failure: Error, Equatable {
        /// The server could not be reached; the request may be tried again.
        case offline
        /// The server answered with an error.
        case refused(MusterError)
    }

    /// What starting an attempt came to.
    enum Start: Sendable {
        case admitted(AttemptView)
        /// Too many candidates are pressing start: come back after this many seconds.
        case queued(position: Int, retryAfterSeconds: Int)
    }

    let server: String
    private let http: HTTPClient
    private let badge: String
    private let password: String
    private var token: String?
    /// The open answer stream and the attempt it carries.
    private var stream: (attempt: Int64, client: AnswerStreamClient)?
    /// Until when saves go as `PUT`s, after a stream could not be opened.
    private var streamPausedUntil = ContinuousClock.now

    /// A connection to `server` (an `http://` or `https://` base URL) for the officer `badge`.
    init(server: String, badge: String, password: String, http: HTTPClient) throws {
        self.server = try ServerClient(server: server, http: http).server
        self.http = http
        self.badge = badge
        self.password = password
    }

    /// Signs in by badge; called on first use and whenever the server no longer knows the session.
    func signIn() async throws(Failure) {
        struct Credentials: Encodable {
            var badge: String
            var password: String
        }
        struct Session: Decodable { var token: String }
        let body = Self.encode(Credentials(badge: badge, password: password))
        let session: Session = try await exchange(.POST, "/auth/login", body: body, token: nil, timeout: .seconds(10)).0
        token = session.token
    }

    /// The officer's sittings that have not ended yet.
    func mySittings() async throws(Failure) -> [OfficerSitting] {
        struct Sittings: Decodable { var sittings: [OfficerSitting] }
        let reply: Sittings = try await authorised(.GET, "/me/sittings", body: nil)
        return reply.sittings
    }

    /// Starts (or resumes) the officer's attempt in `sitting`.
    func start(sitting: String, accessCode: String) async throws(Failure) -> Start {
        struct Body: Encodable { var accessCode: String }
        struct Queued: Decodable {
            var position: Int
            var retryAfterSeconds: Int
        }
        let path = "/sittings/\(Self.pathComponent(sitting))/attempts"
        // A start may wait its turn in the server's admission gate: give it time.
        let (data, status) = try await authorisedData(
            .POST, path, body: Self.encode(Body(accessCode: accessCode)), timeout: .seconds(60))
        if status == 202 {
            let queued: Queued = try Self.decode(data)
            return .queued(position: queued.position, retryAfterSeconds: max(1, queued.retryAfterSeconds))
        }
        return .admitted(try Self.decode(data))
    }

    /// The attempt as the server holds it now.
    func view(attempt: Int64) async throws(Failure) -> AttemptView {
        try await authorised(.GET, "/attempts/\(attempt)", body: nil)
    }

    /// Saves one position; answered only once the server holds it durably.
    func save(
        attempt: Int64, position: Int, _ submission: AnswerSubmission
    ) async throws(Failure)
        -> SaveAcknowledgement
    {
        if token == nil { try await signIn() }
        if let acknowledgement = try await saveOnStream(attempt: attempt, position: position, submission) {
            return acknowledgement
        }
        // Short: a save that is not answered soon is sent again (sequence numbers make that safe),
        // and the screen says "offline" instead of "saving…" for long.
        return try await authorised(
            .PUT, "/attempts/\(attempt)/answers/\(position)", body: Self.encode(submission), timeout: .seconds(5))
    }

    /// Saves one position on the attempt's answer stream; nil when there is no stream to save on
    /// (or the session has just been renewed), and the caller then saves by `PUT`.
    private func saveOnStream(
        attempt: Int64, position: Int, _ submission: AnswerSubmission
    ) async throws(Failure) -> SaveAcknowledgement? {
        guard let stream = await openStream(attempt: attempt) else { return nil }
        let reply: String
        do {
            reply = try await stream.send(Self.saveFrame(position: position, submission), timeout: .seconds(5))
        } catch {
            // The stream has ended without an answer: this save goes as a PUT, whose answer (or
            // failure to get one) stands, and streams rest for a while.
            closeStream()
            streamPausedUntil = .now + .seconds(30)
            return nil
        }
        let data = Data(reply.utf8)
        struct ErrorFrame: Decodable { var status: Int }
        guard let refusal = try? JSONDecoder().decode(ErrorFrame.self, from: data) else {
            return try Self.decode(data)
        }
        let error = ServerClient.error(from: data, status: HTTPResponseStatus(statusCode: refusal.status))
        if error.kind == .unauthenticated {
            // The server has closed the stream; sign in again and save this one by PUT.
            closeStream()
            try await signIn()
            return nil
        }
        throw .refused(error)
    }

    /// The open stream of `attempt`, opening one when none is open; nil when none can be opened.
    private func openStream(attempt: Int64) async -> AnswerStreamClient? {
        if let stream, stream.attempt == attempt, !stream.client.isClosed { return stream.client }
        closeStream()
        guard ContinuousClock.now >= streamPausedUntil, let token else { return nil }
        let url = (server.hasPrefix("https:") ? "wss:" + server.dropFirst(6) : "ws:" + server.dropFirst(5))
        do {
            let client = try await AnswerStreamClient.open(
                url: url + "/attempts/\(attempt)/stream", token: token, timeout: .seconds(5),
                logger: Logger(label: "muster.take"))
            stream = (attempt, client)
            return client
        } catch {
            streamPausedUntil = .now + .seconds(30)
            return nil
        }
    }

    private func closeStream() {
        stream?.client.close()
        stream = nil
    }

    /// A save frame: the save's body with its position.
    private static func saveFrame(position: Int, _ submission: AnswerSubmission) -> String {
        let body = String(decoding: encode(submission), as: UTF8.self)
        return #"{"position":\#(position),"# + body.dropFirst()
    }

    /// Hands the attempt in (a second hand-in answers the same) and closes its answer stream.
    func submit(attempt: Int64) async throws(Failure) -> SubmitReceipt {
        let receipt: SubmitReceipt = try await authorised(.POST, "/attempts/\(attempt)/submit", body: nil)
        closeStream()
        return receipt
    }

    private func authorised<Value: Decodable>(
        _ method: HTTPMethod, _ path: String, body: Data?, timeout: TimeAmount = .seconds(10)
    ) async throws(Failure) -> Value {
        try Self.decode(try await authorisedData(method, path, body: body, timeout: timeout).0)
    }

    private func authorisedData(
        _ method: HTTPMethod, _ path: String, body: Data?, timeout: TimeAmount = .seconds(10)
    ) async throws(Failure) -> (Data, Int) {
        if token == nil { try await signIn() }
        do {
            return try await exchange(method, path, body: body, token: token, timeout: timeout)
        } catch .refused(let error) where error.kind == .unauthenticated {
            try await signIn()
            return try await exchange(method, path, body: body, token: token, timeout: timeout)
        }
    }

    private func exchange<Value: Decodable>(
        _ method: HTTPMethod, _ path: String, body: Data?, token: String?, timeout: TimeAmount
    ) async throws(Failure) -> (Value, Int) {
        let (data, status) = try await exchange(method, path, body: body, token: token, timeout: timeout)
        return (try Self.decode(data), status)
    }

    private func exchange(
        _ method: HTTPMethod, _ path: String, body: Data?, token: String?, timeout: TimeAmount
    ) async throws(Failure) -> (Data, Int) {
        let data: Data
        let status: HTTPResponseStatus
        do {
            let answer = try await JSONRequest(method: method, url: server + path, token: token, body: body).send(
                on: http, timeout: timeout)
            data = answer.body
            status = answer.status
        } catch {
            throw .offline
        }
        // A proxy or a server still starting answers 502-504: as good as unreachable.
        if [502, 503, 504].contains(status.code) { throw .offline }
        guard (200..<300).contains(status.code) else {
            throw .refused(ServerClient.error(from: data, status: status))
        }
        return (data, Int(status.code))
    }

    private static func encode(_ value: some Encodable) -> Data {
        // Encoding these plain request bodies cannot fail.
        (try? JSONEncoder().encode(value)) ?? Data()
    }

    private static func decode<Value: Decodable>(_ data: Data) throws(Failure) -> Value {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(Value.self, from: data)
        } catch {
            throw .refused(
                MusterError(
                    .unavailable, code: "unexpected_answer",
                    "The server's answer could not be read (\(error)); is --server a Muster server of this version?"))
        }
    }

    private static func pathComponent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-_."))) ?? text
    }
}
