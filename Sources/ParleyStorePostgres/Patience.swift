import Synchronization

/// How long an append or a read waits for PostgreSQL (a connection from the pool, the
/// session's row lock, the answer) before it fails. Without a bound, a database that went
/// away leaves every request waiting for the pool to reconnect; with it, the session stops
/// with `unavailable` and the client is told to retry.
enum Patience {
    static let limit = Duration.seconds(10)

    /// `work`'s result, or `StoreUnavailable` once `limit` has passed. The work is then
    /// cancelled but not waited for: a query stuck on a dead connection must not hold the
    /// caller. An append given up this way may still commit; its caller treats the
    /// outcome as unknown (the session reloads from what the journal holds).
    static func bounded<T: Sendable>(_ what: String, _ work: @escaping @Sendable () async throws -> T)
        async throws -> T
    {
        let answered = Once()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let task = Task {
                let result = await Result(catching: work)
                if answered.claim() {
                    continuation.resume(with: result)
                }
            }
            Task {
                try? await Task.sleep(for: limit)
                if answered.claim() {
                    task.cancel()
                    continuation.resume(
                        throwing: StoreUnavailable(
                            "PostgreSQL did not answer within \(limit.components.seconds) s (\(what))"))
                }
            }
        }
    }
}

/// True for the first caller of `claim()` only.
private final class Once: Sendable {
    private let done = Mutex(false)

    func claim() -> Bool {
        done.withLock { done in
            defer { done = true }
            return !done
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
