import Foundation
import HTTPTypes
import Hummingbird
import MusterDomain
import NIOCore

/// The JSON error body every failing route returns: `{"error": {"code", "message", "details"}}`.
///
/// This is the one place where failures become HTTP: ``MusterError/Kind`` decides the status, the
/// error's stable code and message pass through, and anything unexpected becomes a 500 whose body
/// says nothing about internals.
public struct APIError: HTTPResponseError, Sendable {
    /// The body's payload.
    public struct Payload: Codable, Sendable, Equatable {
        public var code: String
        public var message: String
        public var details: [String]?
        public var requestID: String?
    }

    public let status: HTTPResponse.Status
    public var payload: Payload
    /// Seconds for a `Retry-After` header, when the caller should wait.
    public var retryAfterSeconds: Int?

    /// An error with an explicit status and code.
    public init(status: HTTPResponse.Status, code: String, message: String, details: [String]? = nil) {
        self.status = status
        self.payload = Payload(code: code, message: message, details: details)
    }

    /// The HTTP form of a domain error.
    public init(_ error: MusterError) {
        self.init(
            status: Self.status(for: error.kind),
            code: error.code,
            message: error.message,
            details: error.details.isEmpty ? nil : error.details
        )
        self.retryAfterSeconds = error.retryAfterSeconds
    }

    /// Maps any thrown error to its HTTP form.
    public static func from(_ error: any Error) -> APIError {
        switch error {
        case let apiError as APIError:
            return apiError
        case let musterError as MusterError:
            return APIError(musterError)
        case let decoding as DecodingError:
            return APIError(
                status: .badRequest,
                code: "invalid_body",
                message: "The request body is not valid: \(describe(decoding))."
            )
        case let httpError as HTTPError:
            return from(httpError)
        case is NIOTooManyBytesError:
            return from(HTTPError(.contentTooLarge))
        default:
            return APIError(
                status: .internalServerError,
                code: "internal_error",
                message: "An unexpected error occurred; it has been logged with the request id."
            )
        }
    }

    static func from(_ error: HTTPError) -> APIError {
        switch error.status {
        case .notFound:
            return APIError(status: .notFound, code: "not_found", message: "No such resource.")
        case .contentTooLarge:
            return APIError(status: .contentTooLarge, code: "body_too_large", message: "The request body is too large.")
        case .methodNotAllowed:
            return APIError(status: .methodNotAllowed, code: "method_not_allowed", message: "Method not allowed here.")
        case .badRequest:
            return APIError(
                status: .badRequest, code: "bad_request", message: error.body ?? "The request is malformed.")
        default:
            let code = error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            return APIError(status: error.status, code: code, message: error.body ?? error.status.reasonPhrase)
        }
    }

    static func status(for kind: MusterError.Kind) -> HTTPResponse.Status {
        switch kind {
        case .invalidInput: .badRequest
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .throttled: .tooManyRequests
        case .unavailable: .serviceUnavailable
        case .misconfigured, .internalFailure: .internalServerError
        }
    }

    /// Names the JSON path and the problem of a decoding failure.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let components = context.codingPath.map { key in
                key.intValue.map { "[\($0)]" } ?? key.stringValue
            }
            return components.isEmpty ? "body" : components.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let context):
            let expected =
                switch type {
                case is String.Type: "a string"
                case is Bool.Type: "true or false"
                case is Int.Type, is Double.Type: "a number"
                case is [Any].Type: "an array"
                default: "an object"
                }
            return "\(path(context)) must be \(expected)"
        case .valueNotFound(_, let context):
            return "\(path(context)) must not be null"
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "\(parent == "body" ? "" : parent + ".")\(key.stringValue) is required"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "it is not well-formed JSON" : "\(path(context)) is invalid"
        @unknown default:
            return "it could not be decoded"
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONEncoder().encode(["error": payload])
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
