import AsyncHTTPClient
import Foundation
import MusterDomain
import NIOHTTP1

/// Talks to a running Muster server as a signed-in user: the CLI's side of commands that run on
/// an officer's or an exam-room terminal rather than on the server's machine.
///
/// Error responses come back as the server's own ``MusterError`` (code and message), so the CLI
/// prints exactly what the API said.
struct ServerClient {
    /// The server's base URL, such as `http://exam-server:8080`.
    let server: String
    let http: HTTPClient
    /// The session token, once signed in.
    private(set) var token: String?

    /// A client for `server` on the shared HTTP client.
    init(server: String, http: HTTPClient = .shared) throws {
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw MusterError(
                .invalidInput, code: "invalid_server", "--server '\(server)' is not an http:// or https:// URL.")
        }
        self.server = base
        self.http = http
    }

    /// Signs in and keeps the session token for later requests.
    mutating func signIn(username: String, password: String) async throws {
        struct Credentials: Encodable {
            var username: String
            var password: String
        }
        struct Session: Decodable {
            var token: String
        }
        let session: Session = try await send(
            .POST, "/auth/login", body: try JSONEncoder().encode(Credentials(username: username, password: password)))
        token = session.token
    }

    /// GETs `path` and decodes the JSON answer.
    func get<Value: Decodable>(_ path: String, as type: Value.Type = Value.self) async throws -> Value {
        try await send(.GET, path)
    }

    private func send<Value: Decodable>(_ method: HTTPMethod, _ path: String, body: Data? = nil) async throws -> Value {
        let answer: JSONRequest.Answer
        do {
            answer = try await JSONRequest(method: method, url: server + path, token: token, body: body).send(
                on: http, timeout: .seconds(30), limit: 64 * 1024 * 1024)
        } catch {
            throw MusterError(
                .unavailable, code: "server_unreachable",
                "The Muster server at \(server) cannot be reached; check the address and that the server is running.")
        }
        let data = answer.body
        guard (200..<300).contains(answer.status.code) else { throw Self.error(from: data, status: answer.status) }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Value.self, from: data)
    }

    /// The server's error body as a ``MusterError`` with the same code and message.
    static func error(from data: Data, status: HTTPResponseStatus) -> MusterError {
        struct Body: Decodable {
            struct Payload: Decodable {
                var code: String
                var message: String
                var details: [String]?
            }
            var error: Payload
        }
        let kind: MusterError.Kind =
            switch status.code {
            case 401: .unauthenticated
            case 403: .forbidden
            case 404: .notFound
            case 409: .conflict
            case 429: .throttled
            case 400..<500: .invalidInput
            default: .unavailable
            }
        guard let body = try? JSONDecoder().decode(Body.self, from: data) else {
            return MusterError(
                kind, code: "http_\(status.code)", "The server answered \(status.code) \(status.reasonPhrase).")
        }
        return MusterError(kind, code: body.error.code, body.error.message, details: body.error.details ?? [])
    }
}
