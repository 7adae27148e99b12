import ParleyCore
import ParleyEngine
import Synchronization

/// An `EventJournal` in memory, with the same ordering rules as the real stores, and the
/// ways a store fails, to be injected. Through `shared`, several registries use it as a
/// journal that several nodes write to: each append is announced to every `changes()`.
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
        var followers: [AsyncStream<JournalChange>.Continuation] = []
        /// Whether appends are announced (false: notices are lost, as a dropped LISTEN).
        var announcing = true
        var archiveClaims: [SessionID: (node: String, at: ContinuousClock.Instant)] = [:]
        var archived: [SessionID: String] = [:]
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
                throw JournalConflict(session: session, head: expected - 1, found: events[0].seq)
            }
            if existing.isEmpty { storage.order.append(session) }
            storage.events[session, default: []].append(contentsOf: events)
            storage.appendCalls += 1
            if storage.announcing {
                for follower in storage.followers { follower.yield(.head(session, events.last!.seq)) }
            }
            if storage.fault == .appendsWrittenThenFail { throw InjectedFailure() }
        }
    }

    /// This journal as several nodes share it.
    public var shared: SharedInMemoryJournal { SharedInMemoryJournal(base: self) }

    public func changes() -> AsyncStream<JournalChange> {
        let (stream, continuation) = AsyncStream<JournalChange>.makeStream()
        continuation.yield(.resync)
        storage.withLock { $0.followers.append(continuation) }
        return stream
    }

    /// Stops announcing appends (false), as a lost listening connection; back on (true),
    /// every follower is told to resync, as after reconnecting.
    public func announce(_ on: Bool) {
        storage.withLock { storage in
            storage.announcing = on
            if on { for follower in storage.followers { follower.yield(.resync) } }
        }
    }

    public func claimArchive(of session: SessionID, by node: String, lease: Duration) async throws -> Bool {
        storage.withLock { storage in
            guard storage.archived[session] == nil else { return false }
            if let claim = storage.archiveClaims[session], ContinuousClock.now - claim.at < lease { return false }
            storage.archiveClaims[session] = (node, .now)
            return true
        }
    }

    public func completeArchive(of session: SessionID, by node: String) async throws -> Bool {
        storage.withLock { storage in
            guard storage.archived[session] == nil, storage.archiveClaims[session]?.node == node else { return false }
            storage.archived[session] = node
            return true
        }
    }

    public func unarchivedSessions() async throws -> [SessionID] {
        let closed = try await sessions().filter { $0.closedAt != nil }.map(\.id)
        return storage.withLock { storage in closed.filter { storage.archived[$0] == nil } }
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

/// An `InMemoryJournal` as a journal shared by several nodes: what one registry appends is
/// announced to the others.
public struct SharedInMemoryJournal: SharedEventJournal {
    public let base: InMemoryJournal

    public func append(_ events: [Event], to session: SessionID) async throws {
        try await base.append(events, to: session)
    }

    public func events(of session: SessionID, after seq: Seq) async throws -> [Event] {
        try await base.events(of: session, after: seq)
    }

    public func sessions() async throws -> [SessionSummary] { try await base.sessions() }

    public func changes() -> AsyncStream<JournalChange> { base.changes() }

    public func claimArchive(of session: SessionID, by node: String, lease: Duration) async throws -> Bool {
        try await base.claimArchive(of: session, by: node, lease: lease)
    }

    public func completeArchive(of session: SessionID, by node: String) async throws -> Bool {
        try await base.completeArchive(of: session, by: node)
    }

    public func unarchivedSessions() async throws -> [SessionID] { try await base.unarchivedSessions() }
}
