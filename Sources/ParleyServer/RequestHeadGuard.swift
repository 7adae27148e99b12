import NIOCore
import NIOHTTP1

/// Bounds what a connection may cost while it sends a request head, and answers what the
/// HTTP layer leaves unanswered.
///
/// Nothing else in the pipeline bounds a head in time: the HTTP idle timeout only counts
/// silence, so a socket that connects and says nothing until its first request, or sends
/// a head a byte at a time (the first or any later one on a kept-alive connection), stayed
/// open for minutes. This handler sits first on every connection (after TLS): it closes
/// with `408` a connection whose head is not complete within `timeout` of its first byte
/// (of the connection's opening, for the first head), with `431` one whose head grows past
/// `maxHeadBytes`, and, through `finish(on:)`, with `400` a connection the HTTP layer gave
/// up on without answering (a malformed request line). A head is timed from the first
/// bytes read after a response began; after a `101` (a WebSocket) it stands aside.
final class RequestHeadGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let timeout: TimeAmount
    let maxHeadBytes: Int
    private var headBytes = 0
    private var phase = Phase.awaitingHead
    /// The last bytes read, to find a `\r\n\r\n` split across reads.
    private var carry: [UInt8] = []
    /// Whether the request being read or served got any response bytes yet.
    private(set) var answered = false
    private var timer: Scheduled<Void>?

    private enum Phase {
        /// Reading a head: timed, and bounded in bytes.
        case awaitingHead
        /// The head is in; the request's body and the response follow.
        case inRequest
        /// A response began: the next bytes read start the next head.
        case responded
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
        timer?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if phase == .responded {
            phase = .awaitingHead
            answered = false
            headBytes = 0
            carry = []
            startTimer(context)
        }
        if phase == .awaitingHead {
            let buffer = unwrapInboundIn(data)
            headBytes += buffer.readableBytes
            let window = carry + Array(buffer.readableBytesView)
            if Self.endsHead(window) {
                phase = .inRequest
                timer?.cancel()
                timer = nil
            } else if headBytes > maxHeadBytes {
                answer(431, "Request Header Fields Too Large", context)
                return
            }
            carry = Array(window.suffix(3))
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        answered = true
        if phase == .inRequest {
            let switching = unwrapOutboundIn(data).readableBytesView.starts(with: "HTTP/1.1 101".utf8)
            phase = switching ? .upgraded : .responded
        }
        context.write(data, promise: promise)
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

    /// Writes a bare answer straight to the peer (below the HTTP encoder) and closes.
    private func answer(_ status: Int, _ reason: String, _ context: ChannelHandlerContext) {
        timer?.cancel()
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

    private static func endsHead(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return true
        }
        return false
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
