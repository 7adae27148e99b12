import Metrics
import ParleyCore
import Synchronization

/// The engine's counters and timers, created once and shared by every session.
///
/// Labels: `parley_commands_total{command,result}`, `parley_events_appended_total`,
/// `parley_ack_seconds`, `parley_slow_subscribers_dropped_total`,
/// `parley_journal_failures_total`, `parley_append_conflicts_total` (another node appended
/// first: caught up and decided again), `parley_events_caught_up_total` (others' events
/// read from a shared journal).
public struct EngineMetrics: Sendable {
    private let appendedEvents = Counter(label: "parley_events_appended_total")
    private let ackLatency = Metrics.Timer(label: "parley_ack_seconds")
    private let droppedSubscribers = Counter(label: "parley_slow_subscribers_dropped_total")
    private let journalFailures = Counter(label: "parley_journal_failures_total")
    private let appendConflicts = Counter(label: "parley_append_conflicts_total")
    private let caughtUpEvents = Counter(label: "parley_events_caught_up_total")
    private let commands = CommandCounters()

    public init() {}

    func accepted(_ command: Command) {
        commands.counter(command.name, "ok").increment()
    }

    func refused(_ command: Command, _ code: ErrorCode) {
        commands.counter(command.name, code.rawValue).increment()
    }

    func appended(_ count: Int) { appendedEvents.increment(by: count) }

    func acknowledged(after decidedAt: ContinuousClock.Instant) {
        ackLatency.recordInterval(since: decidedAt)
    }

    func droppedSlowSubscriber() { droppedSubscribers.increment() }

    func journalFailed() { journalFailures.increment() }

    func conflicted() { appendConflicts.increment() }

    func caughtUp(_ count: Int) { caughtUpEvents.increment(by: count) }
}

/// `parley_commands_total` by command and result, each made once: a counter looked up by
/// name, not created (and registered with the factory) for every command.
private final class CommandCounters: Sendable {
    private struct Key: Hashable {
        var command: String
        var result: String
    }

    private let counters = Mutex([Key: Counter]())

    func counter(_ command: String, _ result: String) -> Counter {
        counters.withLock { counters in
            let key = Key(command: command, result: result)
            if let counter = counters[key] { return counter }
            let made = Counter(label: "parley_commands_total", dimensions: [("command", command), ("result", result)])
            counters[key] = made
            return made
        }
    }
}

extension Metrics.Timer {
    fileprivate func recordInterval(since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let (seconds, attoseconds) = elapsed.components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
