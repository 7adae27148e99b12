import NIOCore
import NIOEmbedded
import Testing

@testable import ParleyServer

/// `FlushCoalescer` on an embedded channel: flushes held to the end of the loop's turn,
/// nothing held past a close.
@Suite("Flush coalescing")
struct FlushCoalescerTests {
    static func frame(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    @Test("the flushes of one turn leave together, once the loop has run")
    func heldToEndOfTurn() throws {
        let channel = EmbeddedChannel(handler: FlushCoalescer())
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        for text in ["one", "two", "three"] {
            channel.write(Self.frame(text), promise: nil)
            channel.flush()
        }
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil, "held until the turn ends")
        channel.embeddedEventLoop.run()
        var sent: [String] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { sent.append(String(buffer: buffer)) }
        #expect(sent == ["one", "two", "three"])
        channel.write(Self.frame("four"), promise: nil)
        channel.flush()
        channel.embeddedEventLoop.run()
        #expect(try channel.readOutbound(as: ByteBuffer.self).map { String(buffer: $0) } == "four")
        _ = try channel.finish()
    }

    @Test("a close flushes what was held before it closes")
    func closeFlushesFirst() throws {
        let channel = EmbeddedChannel(handler: FlushCoalescer())
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        let written = channel.eventLoop.makePromise(of: Void.self)
        channel.write(Self.frame("last words"), promise: written)
        channel.flush()
        try channel.close().wait()
        try written.futureResult.wait()
        #expect(try channel.readOutbound(as: ByteBuffer.self).map { String(buffer: $0) } == "last words")
    }
}
