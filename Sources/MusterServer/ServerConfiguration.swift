/// Where and how the HTTP server listens.
public struct ServerConfiguration: Sendable {
    /// The address to bind, such as `127.0.0.1`.
    public var host: String
    /// The TCP port to bind; 0 picks a free one.
    public var port: Int
    /// How long a kept-alive HTTP connection may wait for its next request before the server
    /// closes it. Longer than clients' own idle timeout (60 s in async-http-client, which
    /// `muster take` uses), so that the client, not the server, normally lets it go.
    public var connectionIdleTimeout: Duration
    /// How long an answer stream may go without a frame before the server closes it: the
    /// stream of a terminal that vanished (power cut, cable pulled) is found this way. A live
    /// terminal opens a new stream at its next save.
    public var streamIdleTimeout: Duration

    /// Creates a configuration; the defaults suit a single exam-room server.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, connectionIdleTimeout: Duration = .seconds(75),
        streamIdleTimeout: Duration = .seconds(600)
    ) {
        self.host = host
        self.port = port
        self.connectionIdleTimeout = connectionIdleTimeout
        self.streamIdleTimeout = streamIdleTimeout
    }
}
