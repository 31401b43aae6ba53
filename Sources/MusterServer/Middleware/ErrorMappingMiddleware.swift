import Hummingbird
import Logging

/// Turns every error a route throws into Muster's JSON error response.
struct ErrorMappingMiddleware: RouterMiddleware {
    typealias Context = MusterRequestContext

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var apiError = APIError.from(error)
            apiError.payload.requestID = context.requestID
            if apiError.status.code >= 500 {
                // 503 is an expected condition (a dependency is down); anything else is a defect.
                let level: Logger.Level = apiError.status == .serviceUnavailable ? .warning : .error
                context.logger.log(
                    level: level,
                    "request failed",
                    metadata: [
                        "error.code": "\(apiError.payload.code)", "error.detail": "\(String(reflecting: error))",
                    ]
                )
            }
            return try apiError.response(from: request, context: context)
        }
    }
}
