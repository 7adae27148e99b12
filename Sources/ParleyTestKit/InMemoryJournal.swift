import ParleyCore
import ParleyEngine
import Synchronization

/// An `EventJournal` in memory, with the same ordering rules as the real stores, and the
/// ways a store fails, to be injected.
public final class InMemoryJournal: EventJournal {
    /// How appends and reads fail, as storage does.
    public enum Fault: Sendable {
        /// Everything works.
        case none
        /// Every append throws `JournalWriteRefused` and writes nothing, as on a full disk.
        case appendsRefused
        /// Every append writes, then throws an unknown error, as an fsync failing at commit.
        case appendsWrittenThenFail
        /// Appends and reads throw: nothing can be learned about what is stored.
        case unreachable
    }

    private struct Storage {
        var events: [SessionID: [Event]] = [:]
        var order: [SessionID] = []
        var fault = Fault.none
        var appendCalls = 0
    }

    private let storage = Mutex(Storage())

    public init() {}

    /// Makes every later append and read fail as `fault` says.
    public func inject(_ fault: Fault) {
        storage.withLock { $0.fault = fault }
    }

    /// How many appends were made (each is one commit).
    public var appendCalls: Int { storage.withLock { $0.appendCalls } }

    public func append(_ events: [Event], to session: SessionID) async throws {
        try storage.withLock { storage in
            switch storage.fault {
            case .none, .appendsWrittenThenFail: break
            case .appendsRefused: throw JournalWriteRefused("injected: the disk is full")
            case .unreachable: throw InjectedFailure()
            }
            let existing = storage.events[session] ?? []
            let expected = (existing.last?.seq ?? 0) + 1
            for (offset, event) in events.enumerated() where event.seq != expected + Int64(offset) {
                throw JournalOrderError(session: session, expected: expected + Int64(offset), found: event.seq)
            }
            if existing.isEmpty { storage.order.append(session) }
            storage.events[session, default: []].append(contentsOf: events)
            storage.appendCalls += 1
            if storage.fault == .appendsWrittenThenFail { throw InjectedFailure() }
        }
    }

    public func events(of session: SessionID, after seq: Seq) async throws -> [Event] {
        try storage.withLock { storage in
            guard storage.fault != .unreachable else { throw InjectedFailure() }
            return (storage.events[session] ?? []).filter { $0.seq > seq }
        }
    }

    public func sessions() async throws -> [SessionSummary] {
        let all = try storage.withLock { storage in
            guard storage.fault != .unreachable else { throw InjectedFailure() }
            return storage.order.map { storage.events[$0] ?? [] }
        }
        return try all.map { SessionSummary(try SessionState.fold($0)) }
    }

    public struct InjectedFailure: Error {}
}
