import Foundation
import Hummingbird

/// The router's responder behind the server's two doors: exam starts wait for the
/// ``AdmissionGate``, every other request but the probes (`/health`, `/ready`, `/metrics`) for a
/// turn under the ``InFlightLimit``; then the request is served on a child task of its own.
///
/// A connection's requests all run on its one task, and a Swift task keeps the memory of the
/// deepest stack of async frames it has used until it ends. Waiting here costs a request almost
/// nothing: no deeper frame exists yet. Served on a child task, a request's frames (the router,
/// the middlewares, the route, the use case, the database call) are freed once it is answered,
/// so a kept-alive connection holds only Hummingbird's frames above this one, and only as many
/// requests as the doors let through hold a deep stack at once. Starts have a door of their own
/// so that answer saves never queue behind thousands of candidates pressing start.
struct AdmittingResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == MusterRequestContext {
    typealias Context = MusterRequestContext
    let inner: Inner
    let limit: InFlightLimit
    let starts: AdmissionGate

    @Sendable func respond(to request: Request, context: Context) async throws -> Response {
        // A health or readiness probe must answer while thousands of saves queue: it does not wait.
        if Self.isProbe(request) { return try await served(request, context: context) }
        guard Self.isStart(request) else {
            try await limit.enter()
            defer { limit.leave() }
            return try await served(request, context: context)
        }
        if let deferral = await starts.enter() {
            return try Self.queued(deferral, request: request, context: context)
        }
        do {
            let response = try await served(request, context: context)
            await starts.leave()
            return response
        } catch {
            await starts.leave()
            throw error
        }
    }

    /// The request served by the router on a child task.
    private func served(_ request: Request, context: Context) async throws -> Response {
        async let response = inner.respond(to: request, context: context)
        return try await response
    }

    /// Whether the request is a probe of the server itself: `GET /health`, `/ready`, `/metrics`.
    static func isProbe(_ request: Request) -> Bool {
        guard request.method == .get else { return false }
        switch request.uri.path {
        case "/health", "/ready", "/metrics": return true
        default: return false
        }
    }

    /// Whether the request starts an attempt: `POST /sittings/{sitting}/attempts`.
    static func isStart(_ request: Request) -> Bool {
        guard request.method == .post else { return false }
        // Empty segments are skipped, as the router skips them (`//sittings/S/attempts/` is a start too).
        let parts = request.uri.path.split(separator: "/")
        return parts.count == 3 && parts[0] == "sittings" && parts[2] == "attempts"
    }

    /// 202 with the caller's place in the queue and when to come back.
    static func queued(_ deferral: AdmissionGate.Deferral, request: Request, context: Context) throws -> Response {
        var response = try context.responseEncoder.encode(
            Queued(position: deferral.position, retryAfterSeconds: deferral.retryAfterSeconds), from: request,
            context: context)
        response.status = .accepted
        response.headers[.retryAfter] = String(deferral.retryAfterSeconds)
        return response
    }

    /// `{"queued": true, "position": N, "retryAfterSeconds": S}`.
    struct Queued: ResponseEncodable {
        var queued = true
        var position: Int
        var retryAfterSeconds: Int
    }
}

/// Builds a router's responder behind the doors of ``AdmittingResponder``.
struct AdmittingRouter<Router: HTTPResponderBuilder>: HTTPResponderBuilder
where Router.Responder.Context == MusterRequestContext {
    let router: Router
    let limit: InFlightLimit
    let starts: AdmissionGate

    func buildResponder() -> AdmittingResponder<Router.Responder> {
        AdmittingResponder(inner: router.buildResponder(), limit: limit, starts: starts)
    }
}
