import Hummingbird

/// The per-request state Muster's middleware and routes share.
public struct MusterRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request's correlation id: the caller's `X-Request-Id` when well formed, else generated.
    public var requestID: String

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.requestID = ""
    }
}
