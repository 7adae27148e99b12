import ParleyEngine
import ServiceLifecycle

/// Runs until graceful shutdown, then stops every live session: in-flight commits finish,
/// live connections close with 1001, and no session is loaded after.
///
/// Listed after the application in a `ServiceGroup`, it shuts down first (a group stops
/// its services in reverse order), so sockets close with 1001 before the server stops.
public struct EngineService: Service {
    let registry: SessionRegistry

    public init(registry: SessionRegistry) {
        self.registry = registry
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await registry.stopAll()
    }
}
