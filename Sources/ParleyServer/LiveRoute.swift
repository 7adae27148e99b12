import CoreMetrics
import Hummingbird
import HummingbirdWebSocket
import NIOWebSocket
import ParleyCore
import ParleyEngine

/// `GET /api/sessions/{id}/live?since=N`: authenticated before the upgrade (Bearer header or
/// the session cookie; else 401), browsers from another origin refused (403).
struct LiveRoute {
    let registry: SessionRegistry
    let authenticator: Authenticator
    let limits: LiveLimits
    let admission: LiveAdmission
    let clock: any ParleyClock
    let metrics: ServerMetrics
    let encodedEvents = EncodedEventsBySession()

    func add(to router: Router<ParleyRequestContext>) {
        router.ws("/api/sessions/:id/live") { request, context in
            do {
                let (session, caller) = try await admit(request, context: context)
                try await admission.check(
                    participant: LiveAdmission.key(session.id, caller), address: context.remoteAddress)
                return .upgrade([:])
            } catch let refusal as Refusal {
                await UpgradeRefusalWriter.refuse(refusal, on: context.channel)
                return .dontUpgrade
            } catch let failure as EngineFailure {
                await UpgradeRefusalWriter.refuse(failure.refusal, on: context.channel)
                return .dontUpgrade
            }
        } onUpgrade: { inbound, outbound, context in
            let (session, caller) = try await admit(context.request, context: context.requestContext)
            let since = context.request.uri.queryParameters.get("since", as: Int64.self) ?? 0
            let participant = LiveAdmission.key(session.id, caller)
            let address = context.requestContext.remoteAddress
            do {
                try await admission.open(participant: participant, address: address)
            } catch {
                // Another socket was admitted since the check: this one is one too many.
                try? await outbound.close(.policyViolation, reason: "too many live connections")
                return
            }
            metrics.connections.increment()
            defer {
                metrics.connections.decrement()
                Task { await admission.close(participant: participant, address: address) }
            }
            try await LiveConnection(
                session: session, caller: caller, since: max(0, since), limits: limits, admission: admission,
                participant: participant, clock: clock, logger: context.logger,
                encodedEvents: encodedEvents.events(of: session),
                abort: { [channel = context.requestContext.channel] in
                    metrics.stalledConnectionsClosed.increment()
                    channel.close(promise: nil)
                }
            ).run(inbound: inbound, outbound: outbound)
        }
    }

    /// The session and the caller, or the refusal to answer instead of upgrading.
    private func admit(_ request: Request, context: ParleyRequestContext) async throws -> (LiveSession, Caller) {
        guard !request.isCrossOrigin else { throw Refusal(.forbidden, "connections from another origin are refused") }
        guard let id = context.parameters.get("id"), id.isSafeIdentifier,
            let session = try await registry.session(SessionID(rawValue: id))
        else {
            if authenticator.presentedToken(request, session: nil) == nil {
                throw Refusal(.unauthorized, "a token is required")
            }
            throw Refusal(.notFound, "no such session")
        }
        guard let caller = authenticator.caller(request, of: try await session.current()) else {
            throw Refusal(.unauthorized, "a valid token for this session is required")
        }
        if let since = request.uri.queryParameters.get("since"), Int64(since) == nil {
            throw Refusal(.invalid, "since must be a number")
        }
        return (session, caller)
    }
}
