import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One JSON request to a Muster server and its whole answer: the one place the CLI's HTTP
/// clients (commands talking to a server, `muster take`, the exam-day benchmark) build a request
/// with the session token and read the body. Each caller decides what a failure means to it.
struct JSONRequest {
    var method: HTTPMethod
    /// The server's base URL followed by the path and query.
    var url: String
    /// The session token, sent as a bearer token.
    var token: String?
    /// A JSON body.
    var body: Data?

    /// What came back.
    struct Answer {
        var status: HTTPResponseStatus
        var headers: HTTPHeaders
        var body: Data
    }

    /// Sends the request and collects the answer (at most `limit` bytes of body).
    ///
    /// - Throws: what the HTTP client throws when the server cannot be reached or the answer
    ///   does not arrive in time.
    func send(on http: HTTPClient, timeout: TimeAmount, limit: Int = 16 * 1024 * 1024) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await http.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: limit)
        return Answer(status: response.status, headers: response.headers, body: Data(buffer: bytes))
    }
}
