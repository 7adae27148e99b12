import Synchronization

/// How long an append or a read waits for PostgreSQL (a connection from the pool, the
/// session's row lock, the answer) before it fails. Without a bound, a database that went
/// away leaves every request waiting for the pool to reconnect; with it, the session stops
/// with `unavailable` and the client is told to retry.
struct Patience: Sendable {
    let limit: Duration

    /// `work`'s result, or `StoreUnavailable` once `limit` has passed. The work is then
    /// cancelled but not waited for: a query stuck on a dead connection must not hold the
    /// caller. An append given up this way may still commit; its caller treats the
    /// outcome as unknown (the session reloads from what the journal holds).
    func bounded<T: Sendable>(_ what: String, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let race = Race()
        let limit = limit
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let task = Task {
                let result = await Result(catching: work)
                if race.claim() { continuation.resume(with: result) }
            }
            race.start(
                timer: Task {
                    do { try await Task.sleep(for: limit) } catch { return }
                    if race.claim() {
                        task.cancel()
                        continuation.resume(
                            throwing: StoreUnavailable("PostgreSQL did not answer within \(limit) (\(what))"))
                    }
                })
        }
    }
}

/// The work and its timer: the first to `claim()` answers; the work's answer stops the
/// timer, so that a fast query leaves no task sleeping for the whole limit.
private final class Race: Sendable {
    private let state = Mutex<(answered: Bool, timer: Task<Void, Never>?)>((false, nil))

    func claim() -> Bool {
        state.withLock { state in
            defer { state.answered = true }
            state.timer?.cancel()
            return !state.answered
        }
    }

    /// Keeps the timer to cancel, or cancels it now if the work has already answered.
    func start(timer: Task<Void, Never>) {
        state.withLock { state in
            if state.answered { timer.cancel() } else { state.timer = timer }
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
