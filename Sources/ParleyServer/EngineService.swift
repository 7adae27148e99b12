import ParleyEngine
import ServiceLifecycle

/// Runs the engine's housekeeping until graceful shutdown (every `idleCheck`, sessions
/// idle and quiet for `evictIdleAfter` leave memory; on a shared journal, other nodes'
/// commits are followed), then stops every live session:
/// in-flight commits finish, live connections close with 1001, and no session is loaded
/// after.
///
/// Listed after the application in a `ServiceGroup`, it shuts down first (a group stops
/// its services in reverse order), so sockets close with 1001 before the server stops.
public struct EngineService: Service {
    let registry: SessionRegistry
    let evictIdleAfter: Duration
    let idleCheck: Duration

    public init(registry: SessionRegistry, evictIdleAfter: Duration, idleCheck: Duration = .seconds(60)) {
        self.registry = registry
        self.evictIdleAfter = evictIdleAfter
        self.idleCheck = min(idleCheck, evictIdleAfter)
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown { [registry, evictIdleAfter, idleCheck] in
            try await withThrowingDiscardingTaskGroup { group in
                // On a shared journal, what other nodes commit reaches the sessions live here.
                group.addTask { await registry.followJournal() }
                group.addTask {
                    while true {
                        try await Task.sleep(for: idleCheck)
                        await registry.evictIdle(quietFor: evictIdleAfter)
                    }
                }
            }
        }
        await registry.stopAll()
    }
}
