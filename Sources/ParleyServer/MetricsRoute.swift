import CoreMetrics
import HTTPTypes
import Hummingbird
import ParleyCore
import ParleyEngine
import Prometheus

/// `GET /metrics`: Prometheus text format, for anyone on loopback, else for the operator. A
/// request that came through a proxy (it carries `Forwarded`, `X-Forwarded-For` or
/// `X-Real-IP`) is not trusted as loopback: behind nginx every peer looks local.
struct MetricsRoute {
    let registry: SessionRegistry
    let prometheus: PrometheusCollectorRegistry
    let authenticator: Authenticator
    let metrics: ServerMetrics

    func add(to router: Router<ParleyRequestContext>) {
        router.get("/metrics") { request, context in
            guard (context.isLoopback && !request.cameThroughProxy) || authenticator.isAdmin(request) else {
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

extension Request {
    /// True when a proxy says it forwarded the request.
    var cameThroughProxy: Bool {
        ["Forwarded", "X-Forwarded-For", "X-Real-IP"].contains { headers[HTTPField.Name($0)!] != nil }
    }
}
