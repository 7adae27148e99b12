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
            let proceed = gate.withLock { gate in
                gate.started += 1
                if !gate.open { gate.waiting.append(continuation) }
                return gate.open
            }
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

/// Waits, yielding, until `condition` holds: orders a test after work on other executors
/// without sleeping. False if it still does not hold after `maxYields` turns.
public func eventually(maxYields: Int = 2_000_000, _ condition: () async -> Bool) async -> Bool {
    for _ in 0..<maxYields {
        if await condition() { return true }
        await Task.yield()
    }
    return false
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
