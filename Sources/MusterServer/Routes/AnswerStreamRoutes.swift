import Hummingbird
import MusterApp

/// A terminal's answer stream, `GET /attempts/{attempt}/stream`: one WebSocket per attempt that
/// carries answer saves as text frames.
///
/// A frame is the save of `PUT /attempts/{attempt}/answers/{position}` with the position inside:
/// `{"position", "sequence", "answer", "flagged"}`. It goes through the same use case, so the
/// same rules hold, and it is answered, in order, by one frame: the acknowledgement the PUT returns
/// (sent once the save is durable), or `{"status": S, "error": {...}}` with the PUT's status and
/// error. The session is checked again for every frame; when it has ended, the error frame is
/// the last and the server closes the stream.
///
/// Only the upgrade is an HTTP request, and ``AnswerStreamChannel`` takes it before the router:
/// the stream's saves skip HTTP parsing, routing and the middleware chain, which cost a save
/// over HTTP about half of the server's CPU. A plain GET (no upgrade headers) reaches this HTTP
/// route, which answers with the error that would stop the stream, or 426 `upgrade_required`.
struct AnswerStreamRoutes {
    let useCases: UseCases

    /// The HTTP route, which answers every request that was not upgraded.
    func register(on routes: SecuredRoutes) {
        routes.add(.get, AnswerStream.path) { _, context -> Response in
            try await useCases.openAnswerStream(
                try AttemptRoutes.attemptID(context), context: try context.caller(of: useCases))
            throw APIError(
                status: .upgradeRequired, code: "upgrade_required",
                message: "The answer stream is a WebSocket: send the upgrade headers (Upgrade: websocket).")
        }
    }
}
