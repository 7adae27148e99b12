import Foundation
import NIOCore
import ParleyCore
import ParleyEngine
import Synchronization

/// `event` frames encoded once and shared by every live connection of one session.
///
/// A committed event reaches each viewer who may see it identical (projection filters it
/// or strips the same fields for everyone), so the first connection to send it encodes it
/// and the others write the same bytes. The cached event is compared with the one to send,
/// so a replay's tombstoned copy is never answered with the original's bytes. Only the
/// latest `capacity` events are kept: a live fan-out sends each within moments.
final class EncodedEvents: Sendable {
    private let cache = Mutex([Seq: (event: Event, bytes: ByteBuffer)]())
    private let capacity: Seq = 256

    /// The frame's bytes, encoded by `encode` only when no connection has yet.
    func frame(for event: Event, encode: (Event) throws -> ByteBuffer) rethrows -> ByteBuffer {
        if let hit = cache.withLock({ $0[event.seq] }), hit.event == event { return hit.bytes }
        let bytes = try encode(event)
        cache.withLock { cache in
            cache[event.seq] = (event, bytes)
            cache[event.seq - capacity] = nil
        }
        return bytes
    }
}

/// One `EncodedEvents` per live session, made on first use, and dropped once that session
/// has left memory (retired or failed, and no connection holds it): the cache never
/// outgrows the sessions in use.
final class EncodedEventsBySession: Sendable {
    private struct Entry {
        weak var session: LiveSession?
        let events: EncodedEvents
    }

    private struct State {
        var entries: [SessionID: Entry] = [:]
        /// Entries after the last sweep; the next sweep comes when there are twice as many.
        var swept = 0
    }

    private let state = Mutex(State())

    func events(of session: LiveSession) -> EncodedEvents {
        state.withLock { state in
            if let entry = state.entries[session.id], entry.session === session { return entry.events }
            if state.entries.count >= max(64, 2 * state.swept) {
                state.entries = state.entries.filter { $0.value.session != nil }
                state.swept = state.entries.count
            }
            let made = EncodedEvents()
            state.entries[session.id] = Entry(session: session, events: made)
            return made
        }
    }

    /// How many sessions have a cache now (for tests).
    var count: Int { state.withLock { $0.entries.count } }
}
