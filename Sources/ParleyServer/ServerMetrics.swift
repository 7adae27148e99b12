import Metrics

/// The server's own metrics, beside the engine's (`EngineMetrics`).
///
/// `parley_connections` (open live connections) and `parley_live_sessions` (sessions
/// loaded in memory, sampled when `/metrics` is read).
struct ServerMetrics: Sendable {
    let connections = Meter(label: "parley_connections")
    let liveSessions = Gauge(label: "parley_live_sessions")
}
