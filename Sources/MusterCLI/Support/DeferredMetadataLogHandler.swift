import Logging

/// A log handler that keeps a logger's metadata as given and formats it only when a message is
/// written, handing the formatting and the writing to swift-log's `StreamLogHandler`.
///
/// `StreamLogHandler` formats its metadata into text each time a key is set. The server sets
/// keys on every request's logger (Hummingbird its request id, Muster a caller's `X-Request-Id`)
/// and, at the server's usual level, writes nothing for most requests: formatting on each set
/// cost about 4 % of the server's CPU under a stream of answer saves. Here a set is a dictionary
/// write, and the text is made only for lines that are written.
public struct DeferredMetadataLogHandler: LogHandler {
    /// Writes and formats; its own metadata stays empty (the metadata travels with each event).
    private var stream: StreamLogHandler
    public var metadata: Logger.Metadata = [:]

    /// A handler writing through `stream`.
    public init(_ stream: StreamLogHandler) {
        self.stream = stream
    }

    /// A handler writing to standard error, for `LoggingSystem.bootstrap`.
    public static func standardError(label: String) -> DeferredMetadataLogHandler {
        DeferredMetadataLogHandler(StreamLogHandler.standardError(label: label))
    }

    public var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { stream.metadataProvider }
        set { stream.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var event = event
        if !metadata.isEmpty {
            // A message's own metadata wins over the logger's, as with every swift-log handler.
            event.metadata = metadata.merging(event.metadata ?? [:]) { _, explicit in explicit }
        }
        stream.log(event: event)
    }
}
