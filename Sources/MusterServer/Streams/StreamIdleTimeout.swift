import NIOCore

/// Closes an answer stream's connection when nothing has been read from it for a while.
///
/// NIO's `IdleStateHandler` watches the reads and fires its event; this handler, just behind it,
/// closes the channel on that event. Both live on the connection's event loop: the watch costs a
/// scheduled timer per stream, not a task.
final class StreamIdleTimeout: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    /// The two handlers to put first in a stream's pipeline.
    static func handlers(after timeout: Duration) -> [any ChannelHandler] {
        [IdleStateHandler(readTimeout: TimeAmount(timeout)), StreamIdleTimeout()]
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case IdleStateHandler.IdleStateEvent.read = event {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
