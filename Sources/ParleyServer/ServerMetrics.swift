import Metrics

/// The server's own metrics, beside the engine's (`EngineMetrics`).
///
/// `parley_connections` (open live connections), `parley_stalled_connections_closed_total`
/// (clients cut off for not reading) and `parley_live_sessions` (sessions loaded in memory,
/// sampled when `/metrics` is read).
struct ServerMetrics: Sendable {
    let connections = Meter(label: "parley_connections")
    let stalledConnectionsClosed = Counter(label: "parley_stalled_connections_closed_total")
    let liveSessions = Gauge(label: "parley_live_sessions")
}
