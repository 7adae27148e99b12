import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import ParleyCore

/// Answers a refused WebSocket upgrade with the contract's status and JSON error.
///
/// HummingbirdWebSocket answers every refused upgrade with a fixed `400`. This handler sits
/// between the TLS handler (if any) and the HTTP encoder of every connection; when the
/// upgrade route has marked the connection with `refuse(_:)`, it replaces that `400` with
/// the real answer (401, 403, 404). Everything else passes through untouched.
final class UpgradeRefusalWriter: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var replacement: ByteBuffer?

    /// Marks the connection: the next `400` response becomes this refusal.
    func refuse(_ refusal: Refusal, allocator: ByteBufferAllocator) {
        let body = JSON.errorBody(code: refusal.code.rawValue, message: refusal.message)
        let status = refusal.code.status
        var head = "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n"
        head += "connection: close\r\ncontent-type: application/json; charset=utf-8\r\n"
        head += "content-length: \(body.count)\r\n\r\n"
        var buffer = allocator.buffer(capacity: head.utf8.count + body.count)
        buffer.writeString(head)
        buffer.writeBytes(body)
        replacement = buffer
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if let replacement {
            let buffer = unwrapOutboundIn(data)
            if buffer.readableBytesView.starts(with: "HTTP/1.1 400".utf8) {
                self.replacement = nil
                context.write(wrapOutboundOut(replacement), promise: promise)
                return
            }
        }
        context.write(data, promise: promise)
    }

    /// Marks `channel` from any thread; returns once the mark is set.
    static func refuse(_ refusal: Refusal, on channel: any Channel) async {
        try? await channel.eventLoop.submit {
            let handler = try channel.pipeline.syncOperations.handler(type: UpgradeRefusalWriter.self)
            handler.refuse(refusal, allocator: channel.allocator)
        }.get()
    }
}

/// A server child channel that installs `RequestHeadGuard`, `FlushCoalescer` and
/// `UpgradeRefusalWriter` before the HTTP and WebSocket handlers, and answers a connection the HTTP layer gave up on.
struct UpgradeRefusalChannel: ServerChildChannel {
    typealias Value = HTTP1WebSocketUpgradeChannel.Value
    let base: HTTP1WebSocketUpgradeChannel
    let limits: ConnectionLimits

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(
                RequestHeadGuard(timeout: limits.requestHeadTimeout, maxHeadBytes: limits.maxHeadBytes))
            try channel.pipeline.syncOperations.addHandler(FlushCoalescer())
            try channel.pipeline.syncOperations.addHandler(UpgradeRefusalWriter())
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }.flatMapThrowing { value in
            // After the HTTP decoder that `base` installed, so that its errors reach it.
            try channel.pipeline.syncOperations.addHandler(MalformedRequestCatcher())
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
        await RequestHeadGuard.finish(on: value.channel)
    }
}

/// What a connection may cost before and between requests.
public struct ConnectionLimits: Sendable {
    /// Each request head must be complete within this time (`408`): the first counted from
    /// the connection's opening, a later one from its first byte (`--request-head-timeout`).
    public let requestHeadTimeout: TimeAmount
    /// A request head may not be longer than this (`431`; `--max-head-bytes`).
    public let maxHeadBytes: Int

    public init(requestHeadTimeout: TimeAmount = .seconds(10), maxHeadBytes: Int = 16 * 1024) {
        self.requestHeadTimeout = requestHeadTimeout
        self.maxHeadBytes = maxHeadBytes
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with WebSocket upgrades whose refusals carry the contract's status codes.
    static func parleyHTTP1(
        webSocketRouter: Router<ParleyRequestContext>, configuration: HTTP1WebSocketUpgradeChannel.Configuration,
        limits: ConnectionLimits
    ) -> HTTPServerBuilder {
        let webSocketResponder = webSocketRouter.buildResponder()
        return HTTPServerBuilder { responder in
            UpgradeRefusalChannel(
                base: HTTP1WebSocketUpgradeChannel(
                    responder: responder, webSocketResponder: webSocketResponder, configuration: configuration),
                limits: limits)
        }
    }
}
