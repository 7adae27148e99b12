import Foundation
import ParleyCore

/// Where the engine reads the time it hands to the pure core.
public protocol ParleyClock: Sendable {
    func now() -> Instant
}

/// The system's wall clock, to the millisecond.
public struct SystemClock: ParleyClock {
    public init() {}

    public func now() -> Instant {
        Instant(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }
}
