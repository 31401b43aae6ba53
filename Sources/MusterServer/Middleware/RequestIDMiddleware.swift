import HTTPTypes
import Hummingbird
import Logging

/// Gives every request a correlation id, logs with it, and echoes it as `X-Request-Id`.
///
/// A caller-supplied id is kept when it is short and plain (so a terminal's retries can be traced
/// end to end); anything else is replaced by Hummingbird's generated id.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = MusterRequestContext
    static let header = HTTPField.Name("X-Request-Id")!
    /// The metadata key each request's logger carries its id under (Hummingbird's).
    static let logKey = "hb.request.id"

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let supplied = request.headers[Self.header].flatMap({ Self.isAcceptable($0) ? $0 : nil }) {
            // Hummingbird's logger already carries its generated id under this key: a caller's id
            // takes its place, and a request without one leaves the logger as it is (a change
            // copies the logger's storage, on every answer save).
            context.logger[metadataKey: Self.logKey] = .string(supplied)
            context.requestID = supplied
        } else {
            context.requestID = context.id
        }
        var response = try await next(request, context)
        response.headers[Self.header] = context.requestID
        return response
    }

    static func isAcceptable(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count)
            && id.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x5F || byte == 0x2E
            }
    }
}
