import ParleyCore
import ParleyEngine
import Synchronization

/// An `EventJournal` in memory, with the same ordering rules as the real stores, and a
/// switch to make appends fail.
public final class InMemoryJournal: EventJournal {
    private struct Storage {
        var events: [SessionID: [Event]] = [:]
        var order: [SessionID] = []
        var failAppends = false
        var appendCalls = 0
    }

    private let storage = Mutex(Storage())

    public init() {}

    /// When true, every append throws and writes nothing.
    public func setFailing(_ failing: Bool) {
        storage.withLock { $0.failAppends = failing }
    }

    /// How many appends were made (each is one commit).
    public var appendCalls: Int { storage.withLock { $0.appendCalls } }

    public func append(_ events: [Event], to session: SessionID) async throws {
        try storage.withLock { storage in
            guard !storage.failAppends else { throw InjectedFailure() }
            let existing = storage.events[session] ?? []
            let expected = (existing.last?.seq ?? 0) + 1
            for (offset, event) in events.enumerated() where event.seq != expected + Int64(offset) {
                throw JournalOrderError(session: session, expected: expected + Int64(offset), found: event.seq)
            }
            if existing.isEmpty { storage.order.append(session) }
            storage.events[session, default: []].append(contentsOf: events)
            storage.appendCalls += 1
        }
    }

    public func events(of session: SessionID) async throws -> [Event] {
        storage.withLock { $0.events[session] ?? [] }
    }

    public func sessions() async throws -> [SessionSummary] {
        let all = storage.withLock { storage in storage.order.map { storage.events[$0] ?? [] } }
        return try all.map { SessionSummary(try SessionState.fold($0)) }
    }

    public struct InjectedFailure: Error {}
}
