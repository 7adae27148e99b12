import Dispatch

/// A serial executor that runs an actor's jobs on its own `DispatchQueue`.
///
/// Linux has no `DispatchSerialQueue` to use as an executor directly. Giving each live
/// session its own queue keeps sessions independent of each other and of the cooperative
/// pool: a session's events are decided strictly one after another, in the order the
/// journal records them.
public final class DispatchQueueExecutor: SerialExecutor, @unchecked Sendable {
    // @unchecked: the only stored property is an immutable, thread-safe DispatchQueue.
    public let queue: DispatchQueue

    public init(label: String) {
        queue = DispatchQueue(label: label)
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { [self] in
            job.runSynchronously(on: asUnownedSerialExecutor())
        }
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Lets `assumeIsolated` succeed for code already running on the queue (a timer's handler).
    public func checkIsolated() {
        dispatchPrecondition(condition: .onQueue(queue))
    }
}
