import Foundation
import NIOCore
import ParleyCore
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

/// One `EncodedEvents` per session, made on first use.
final class EncodedEventsBySession: Sendable {
    private let sessions = Mutex([SessionID: EncodedEvents]())

    func events(of session: SessionID) -> EncodedEvents {
        sessions.withLock { sessions in
            if let existing = sessions[session] { return existing }
            let made = EncodedEvents()
            sessions[session] = made
            return made
        }
    }
}
