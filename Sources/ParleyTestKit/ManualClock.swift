import ParleyCore
import ParleyEngine
import Synchronization

/// A clock that moves only when a test says so.
public final class ManualClock: ParleyClock {
    private let current: Mutex<Instant>

    /// Starts at 2026-11-29T10:00:00.000Z unless told otherwise.
    public init(_ start: Instant = Instant(iso8601: "2026-11-29T10:00:00.000Z")!) {
        current = Mutex(start)
    }

    public func now() -> Instant { current.withLock { $0 } }

    public func advance(seconds: Int) {
        current.withLock { $0 = $0.adding(seconds: seconds) }
    }

    public func advance(milliseconds: Int64) {
        current.withLock { $0 = $0.adding(milliseconds: milliseconds) }
    }
}
