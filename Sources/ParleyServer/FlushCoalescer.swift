import NIOCore

/// Holds a connection's flushes until the end of the event loop's current turn, so that the
/// frames written to one connection in one turn (a burst of live events to a reader behind,
/// a replay) leave in one `writev` instead of one system call each.
///
/// A fan-out writes each event to every connection as its own write-and-flush; the kernel
/// work per system call, not the bytes, is most of what a delivery costs (docs/performance.md).
/// A close waits for nothing: a flush still held is done first, so no response or closing
/// frame written before it is lost.
final class FlushCoalescer: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = NIOAny
    typealias OutboundOut = NIOAny

    private var flushHeld = false

    func flush(context: ChannelHandlerContext) {
        guard !flushHeld else { return }
        flushHeld = true
        context.eventLoop.assumeIsolated().execute { [self] in
            release(context)
        }
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        release(context)
        context.close(mode: mode, promise: promise)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        release(context)
    }

    private func release(_ context: ChannelHandlerContext) {
        guard flushHeld else { return }
        flushHeld = false
        context.flush()
    }
}
