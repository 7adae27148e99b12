import NIOCore
import NIOEmbedded
import ParleyCore
import Testing

@testable import ParleyServer

/// `UpgradeRefusalWriter` on an embedded channel: a marked connection's `400` becomes the
/// contract's refusal; everything else passes through untouched.
@Suite("WebSocket upgrade refusals")
struct UpgradeRefusalTests {
    static func written(_ channel: EmbeddedChannel) throws -> String? {
        try channel.readOutbound(as: ByteBuffer.self).map { String(buffer: $0) }
    }

    @Test("the 400 of a refused upgrade becomes the refusal's status and JSON body")
    func replaced() throws {
        let writer = UpgradeRefusalWriter()
        let channel = EmbeddedChannel(handler: writer)
        writer.refuse(
            Refusal(.unauthorized, "a valid token for this session is required"), allocator: channel.allocator)
        try channel.writeOutbound(ByteBuffer(string: "HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n"))
        let response = try #require(try Self.written(channel))
        let body = #"{"error":{"code":"unauthorized","message":"a valid token for this session is required"}}"#
        #expect(response.hasPrefix("HTTP/1.1 401 Unauthorized\r\n"))
        #expect(response.contains("content-type: application/json; charset=utf-8\r\n"))
        #expect(response.contains("content-length: \(body.utf8.count)\r\n"))
        #expect(response.hasSuffix("\r\n\r\n" + body))
        // Replaced once: a later 400 on the connection is its own.
        try channel.writeOutbound(ByteBuffer(string: "HTTP/1.1 400 Bad Request\r\n\r\n"))
        #expect(try Self.written(channel) == "HTTP/1.1 400 Bad Request\r\n\r\n")
        _ = try channel.finish()
    }

    @Test("an unmarked connection's responses pass through, 400s included")
    func untouched() throws {
        let channel = EmbeddedChannel(handler: UpgradeRefusalWriter())
        for response in ["HTTP/1.1 101 Switching Protocols\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n\r\n"] {
            try channel.writeOutbound(ByteBuffer(string: response))
            #expect(try Self.written(channel) == response)
        }
        _ = try channel.finish()
    }

    @Test("a marked connection whose answer is not a 400 keeps its answer")
    func onlyThe400() throws {
        let writer = UpgradeRefusalWriter()
        let channel = EmbeddedChannel(handler: writer)
        writer.refuse(Refusal(.forbidden, "connections from another origin are refused"), allocator: channel.allocator)
        try channel.writeOutbound(ByteBuffer(string: "HTTP/1.1 101 Switching Protocols\r\n\r\n"))
        #expect(try Self.written(channel) == "HTTP/1.1 101 Switching Protocols\r\n\r\n")
        _ = try channel.finish()
    }
}
