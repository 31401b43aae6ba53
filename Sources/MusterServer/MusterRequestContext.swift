import Hummingbird
import Logging
import MusterApp
import MusterDomain
import NIOCore

/// The per-request state Muster's middleware and routes share.
public struct MusterRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request's correlation id: the caller's `X-Request-Id` when well formed, else generated.
    public var requestID: String
    /// The signed-in user, when the request carried a live session token.
    public var principal: Principal?
    /// The peer's socket address; turned into text only by the few routes that use it.
    private let remoteAddress: SocketAddress?

    /// The client's network address, for sign-in throttling ("unknown" when the transport has none).
    public var clientAddress: String { remoteAddress?.ipAddress ?? remoteAddress?.pathname ?? "unknown" }

    /// JSON bodies are small; bank uploads read their body with their own, larger limit.
    public var maxUploadSize: Int { 64 * 1024 }

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.requestID = ""
        self.principal = nil
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The signed-in principal; routes under ``AccessPolicy`` that require sign-in always have one.
    func requirePrincipal() throws -> Principal {
        guard let principal else {
            throw MusterError(.unauthenticated, code: "unauthenticated", "Sign in first.")
        }
        return principal
    }

    /// The use-case context of this request: the signed-in principal, the request id and the
    /// request's logger, on the use-case layer's clock and calendar.
    func caller(of useCases: UseCases) throws -> UseCaseContext {
        useCases.context(for: try requirePrincipal(), requestID: requestID, logger: logger)
    }
}
