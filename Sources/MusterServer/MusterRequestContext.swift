import Hummingbird
import MusterDomain

/// The per-request state Muster's middleware and routes share.
public struct MusterRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request's correlation id: the caller's `X-Request-Id` when well formed, else generated.
    public var requestID: String
    /// The signed-in user, when the request carried a live session token.
    public var principal: Principal?

    /// JSON bodies are small; bank uploads read their body with their own, larger limit.
    public var maxUploadSize: Int { 64 * 1024 }

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.requestID = ""
        self.principal = nil
    }
}
