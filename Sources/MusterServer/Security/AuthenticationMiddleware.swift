import HTTPTypes
import Hummingbird
import MusterApp

/// Reads `Authorization: Bearer TOKEN` and puts the signed-in principal on the request context.
///
/// It never refuses a request itself: routes decide, through ``AccessPolicy``, whether they need
/// a principal. A malformed, unknown, expired or revoked token simply leaves no principal.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = MusterRequestContext
    let useCases: UseCases

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let token = request.bearerToken {
            context.principal = try await useCases.authenticate(token: token)
            if let principal = context.principal {
                context.logger[metadataKey: "user"] = .string(principal.username)
            }
        }
        return try await next(request, context)
    }
}

extension Request {
    /// The token of an `Authorization: Bearer TOKEN` header, if the request has one.
    var bearerToken: String? {
        headers[.authorization].flatMap(Self.bearerToken(ofAuthorization:))
    }

    /// The token of an `Authorization` header's value `Bearer TOKEN`; spaces and tabs around
    /// the token are dropped.
    static func bearerToken(ofAuthorization header: String) -> String? {
        guard header.hasPrefix("Bearer ") else { return nil }
        let token = header.utf8.dropFirst(7).drop { $0 == 0x20 || $0 == 0x09 }
        let end = token.lastIndex { $0 != 0x20 && $0 != 0x09 }.map { token.index(after: $0) } ?? token.startIndex
        return String(Substring(token[token.startIndex..<end]))
    }
}
