/// Where and how the HTTP server listens.
public struct ServerConfiguration: Sendable {
    /// The address to bind, such as `127.0.0.1`.
    public var host: String
    /// The TCP port to bind; 0 picks a free one.
    public var port: Int
    /// The largest request body the server accepts, in bytes.
    public var maximumBodySize: Int

    /// Creates a configuration; the defaults suit a single exam-room server.
    public init(host: String = "127.0.0.1", port: Int = 8080, maximumBodySize: Int = 2 * 1024 * 1024) {
        self.host = host
        self.port = port
        self.maximumBodySize = maximumBodySize
    }
}
