import NIOCore
import ParleyCore
import ParleyEngine
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

    @Test("the caches of sessions that left memory are dropped")
    func droppedWithSessions() async throws {
        let registry = SessionRegistry(journal: InMemoryJournal(), clock: ManualClock())
        let caches = EncodedEventsBySession()
        for _ in 0..<64 {
            _ = caches.events(of: try await registry.create(Fixtures.spec()))
        }
        #expect(caches.count == 64)
        #expect(await registry.evictIdle(quietFor: .zero) == 64)
        let kept = try await registry.create(Fixtures.spec())
        let cache = caches.events(of: kept)
        #expect(caches.count == 1, "only the session in memory keeps a cache")
        #expect(caches.events(of: kept) === cache)
    }
}
