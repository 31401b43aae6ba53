import HTTPTypes
import Hummingbird
import Logging
import MusterDomain

/// Registers routes under ``AccessPolicy``: every handler is wrapped in its route's decision.
struct SecuredRoutes {
    let router: Router<MusterRequestContext>

    /// Registers `handler` for `method` and an OpenAPI-style `path` such as `/banks/{bank}`.
    func add<Output: ResponseGenerator>(
        _ method: HTTPRequest.Method,
        _ path: String,
        _ handler: @escaping @Sendable (Request, MusterRequestContext) async throws -> Output
    ) {
        let access = AccessPolicy.access(method, path)
        let routerPath = RouterPath(
            path.split(separator: "/").map {
                $0.hasPrefix("{") && $0.hasSuffix("}") ? ":\($0.dropFirst().dropLast())" : String($0)
            }
            .joined(separator: "/")
        )
        router.on(routerPath, method: method) { request, context -> Response in
            guard let access else {
                context.logger.error("route has no access decision", metadata: ["route": "\(method.rawValue) \(path)"])
                throw MusterError(.forbidden, code: "no_access_decision", "This route has no access decision yet.")
            }
            guard access.allows(context.principal) else {
                if context.principal == nil {
                    throw MusterError(
                        .unauthenticated, code: "unauthenticated",
                        "Sign in first (POST /auth/login), then send the token as 'Authorization: Bearer TOKEN'.")
                }
                throw MusterError(.forbidden, code: "forbidden", "Your roles do not allow this.")
            }
            return try await handler(request, context).response(from: request, context: context)
        }
    }
}
