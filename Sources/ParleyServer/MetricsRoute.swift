import Hummingbird
import ParleyCore
import ParleyEngine
import Prometheus

/// `GET /metrics`: Prometheus text format, for anyone on loopback, else for the operator.
struct MetricsRoute {
    let registry: SessionRegistry
    let prometheus: PrometheusCollectorRegistry
    let authenticator: Authenticator
    let metrics: ServerMetrics

    func add(to router: Router<ParleyRequestContext>) {
        router.get("/metrics") { request, context in
            guard context.isLoopback || authenticator.isAdmin(request) else {
                throw authenticator.presentedToken(request, session: nil) == nil
                    ? Refusal(.unauthorized, "metrics need the operator's token off this machine")
                    : Refusal(.forbidden, "only the operator reads metrics")
            }
            metrics.liveSessions.record(await registry.liveCount)
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok, headers: headers, body: .init(byteBuffer: .init(bytes: prometheus.emitToBuffer())))
        }
    }
}
