import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Bounds what a connection may cost while it sends a request head, and answers what the
/// HTTP layer leaves unanswered.
///
/// Nothing else in the pipeline bounds a head in time: the HTTP idle timeout only counts
/// silence, so a socket that connects and says nothing until its first request, or sends
/// a head a byte at a time (the first or any later one on a kept-alive connection), stayed
/// open for minutes. This handler sits first on every connection (after TLS): it closes
/// with `408` a connection whose head is not parsed within `timeout` and with `431` one
/// whose head grows past `maxHeadBytes`, and, through `finish(on:)`, answers `400` on a
/// connection the HTTP layer gave up on without answering (a malformed request line).
///
/// The HTTP decoder, not a scan of the bytes, says where heads and requests end
/// (`RequestPartObserver` reports them): the first head is timed from the connection's
/// opening, a later one from the first byte read after the previous request was read to
/// its end, so a body still arriving after an early response is never taken for a head.
/// Any response ends the wait for the current head; after a `101` (a WebSocket) it stands aside.
final class RequestHeadGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let timeout: TimeAmount
    let maxHeadBytes: Int
    private var headBytes = 0
    private var phase = Phase.awaitingHead
    /// Whether the request being read or served got any response bytes yet.
    private(set) var answered = false
    private var timer: Scheduled<Void>?

    private enum Phase {
        /// Reading a head: timed, and bounded in bytes.
        case awaitingHead
        /// The head is parsed (or answered); its body and its response follow.
        case inRequest
        /// The request was read to its end: the next bytes read start the next head.
        case betweenRequests
        /// Switched protocols: the bytes are WebSocket frames now.
        case upgraded
    }

    init(timeout: TimeAmount, maxHeadBytes: Int) {
        self.timeout = timeout
        self.maxHeadBytes = maxHeadBytes
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startTimer(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        startTimer(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopTimer()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if phase == .betweenRequests {
            phase = .awaitingHead
            answered = false
            headBytes = 0
            startTimer(context)
        }
        if phase == .awaitingHead {
            var bytes = unwrapInboundIn(data)
            let room = maxHeadBytes - headBytes
            if bytes.readableBytes > room {
                // One read may hold the head and the start of its body: the head fits if the
                // decoder finds its end within the first `room` bytes; the rest goes on after.
                headBytes = maxHeadBytes
                if room > 0 { context.fireChannelRead(wrapInboundOut(bytes.readSlice(length: room)!)) }
                guard phase != .awaitingHead else {
                    answer(431, "Request Header Fields Too Large", context)
                    return
                }
                channelRead(context: context, data: wrapInboundOut(bytes))
                return
            }
            headBytes += bytes.readableBytes
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        answered = true
        if unwrapOutboundIn(data).readableBytesView.starts(with: "HTTP/1.1 101".utf8) {
            phase = .upgraded
            stopTimer()
        } else if phase == .awaitingHead {
            headParsed()
        }
        context.write(data, promise: promise)
    }

    /// The decoder produced the current request's head.
    func headParsed() {
        guard phase == .awaitingHead else { return }
        phase = .inRequest
        stopTimer()
    }

    /// The decoder read the current request to its end.
    func requestEnded() {
        guard phase != .upgraded else { return }
        phase = .betweenRequests
        stopTimer()
    }

    private func startTimer(_ context: ChannelHandlerContext) {
        guard timer == nil else { return }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: timeout) {
            let (handler, context) = loopBound.value
            guard handler.phase == .awaitingHead else { return }
            handler.answer(408, "Request Timeout", context)
        }
    }

    private func stopTimer() {
        timer?.cancel()
        timer = nil
    }

    /// Writes a bare answer straight to the peer (below the HTTP encoder) and closes.
    private func answer(_ status: Int, _ reason: String, _ context: ChannelHandlerContext) {
        stopTimer()
        guard context.channel.isActive else { return }
        if !answered {
            answered = true
            var buffer = context.channel.allocator.buffer(capacity: 96)
            buffer.writeString("HTTP/1.1 \(status) \(reason)\r\nconnection: close\r\ncontent-length: 0\r\n\r\n")
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        } else {
            context.flush()
        }
        context.close(promise: nil)
    }

    /// Answers `400` (if nothing was answered yet) and closes: for a connection the HTTP
    /// layer gave up on. Must run on the channel's event loop.
    static func badRequest(on channel: any Channel) {
        guard channel.isActive,
            let context = try? channel.pipeline.syncOperations.context(handlerType: RequestHeadGuard.self),
            let handler = try? channel.pipeline.syncOperations.handler(type: RequestHeadGuard.self)
        else { return }
        handler.answer(400, "Bad Request", context)
    }

    /// After the HTTP layer is done with `channel`: a connection still open that was never
    /// answered was given up on. One that was answered stays the HTTP layer's to close, so
    /// that no response still on its way is cut.
    static func finish(on channel: any Channel) async {
        try? await channel.eventLoop.submit {
            guard let handler = try? channel.pipeline.syncOperations.handler(type: RequestHeadGuard.self),
                !handler.answered
            else { return }
            badRequest(on: channel)
        }.get()
    }
}

/// Sits after the HTTP decoder: a request the decoder cannot parse (a malformed request
/// line, a bad header) is answered `400` and the connection closed, instead of waiting in
/// silence for a request that will never come.
final class MalformedRequestCatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        RequestHeadGuard.badRequest(on: context.channel)
    }
}

/// Sits after the HTTP codec on connections that stay HTTP: tells `RequestHeadGuard` when
/// the decoder has parsed a head and when it has read a request to its end.
final class RequestPartObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private var head: RequestHeadGuard?

    func handlerAdded(context: ChannelHandlerContext) {
        head = try? context.pipeline.syncOperations.handler(type: RequestHeadGuard.self)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: head?.headParsed()
        case .end: head?.requestEnded()
        case .body: break
        }
        context.fireChannelRead(data)
    }
}
