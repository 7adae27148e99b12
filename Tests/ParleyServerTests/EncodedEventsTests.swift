import NIOCore
import ParleyCore
import ParleyTestKit
import Synchronization
import Testing

@testable import ParleyServer

@Suite("Event frames encoded once per session")
struct EncodedEventsTests {
    @Test("connections share one encoding of an event; a different copy of the same seq is encoded anew")
    func sharedOnce() throws {
        var dialogue = try Dialogue()
        let post = try #require(
            try dialogue.run(.post(Post(item: "obstacles", kind: .chat, text: "Once")), by: Dialogue.memberAM).first)
        guard case .contributed(var redacted) = post.body else { throw TestFailure("not a post") }
        redacted.text = "[redacted: private data]"
        let tombstoned = Event(seq: post.seq, at: post.at, body: .contributed(redacted))
        let shared = EncodedEvents()
        let encodings = Mutex(0)
        func encode(_ event: Event) -> ByteBuffer {
            encodings.withLock { $0 += 1 }
            return ByteBuffer(string: "\(event)")
        }
        let first = shared.frame(for: post, encode: encode)
        let second = shared.frame(for: post, encode: encode)
        #expect(first == second)
        #expect(encodings.withLock { $0 } == 1)
        let other = shared.frame(for: tombstoned, encode: encode)
        #expect(other != first)
        #expect(encodings.withLock { $0 } == 2)
    }
}
