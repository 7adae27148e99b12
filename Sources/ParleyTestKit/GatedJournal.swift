import ParleyCore
import ParleyEngine
import Synchronization

/// An in-memory journal whose appends wait until the test opens the gate: shows what
/// happens while a commit is in flight.
public final class GatedJournal: EventJournal {
    public let inner = InMemoryJournal()
    private let gate = Mutex(Gate())

    private struct Gate {
        var open = false
        var waiting: [CheckedContinuation<Void, Never>] = []
        var started = 0
        var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

        /// Takes the watchers whose count of started appends is reached.
        mutating func reached() -> [CheckedContinuation<Void, Never>] {
            let reached = watchers.filter { $0.count <= started }.map(\.continuation)
            watchers.removeAll { $0.count <= started }
            return reached
        }
    }

    /// Starts with the gate open or closed.
    public init(open: Bool = true) {
        gate.withLock { $0.open = open }
    }

    /// Makes future appends wait until `open()`.
    public func close() {
        gate.withLock { $0.open = false }
    }

    /// Appends that have started (and may be waiting at the gate).
    public var startedAppends: Int { gate.withLock { $0.started } }

    /// Returns once `count` appends have started (and may be waiting at the gate).
    public func started(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let reached = gate.withLock { gate in
                gate.watchers.append((count, continuation))
                return gate.reached()
            }
            for watcher in reached { watcher.resume() }
        }
    }

    /// Lets every waiting and future append through.
    public func open() {
        let waiting = gate.withLock { gate in
            gate.open = true
            defer { gate.waiting.removeAll() }
            return gate.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    public func append(_ events: [Event], to session: SessionID) async throws {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let (proceed, reached) = gate.withLock { gate in
                gate.started += 1
                if !gate.open { gate.waiting.append(continuation) }
                return (gate.open, gate.reached())
            }
            for watcher in reached { watcher.resume() }
            if proceed { continuation.resume() }
        }
        try await inner.append(events, to: session)
    }

    public func events(of session: SessionID, after seq: Seq) async throws -> [Event] {
        try await inner.events(of: session, after: seq)
    }

    public func sessions() async throws -> [SessionSummary] {
        try await inner.sessions()
    }
}

extension AsyncThrowingStream<LiveUpdate, any Error>.Iterator {
    /// The next event, skipping presence updates.
    public mutating func nextEvent() async throws -> Event? {
        while let update = try await next() {
            if case .event(let event) = update { return event }
        }
        return nil
    }
}
