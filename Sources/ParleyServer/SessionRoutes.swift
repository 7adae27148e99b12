import Foundation
import HTTPTypes
import Hummingbird
import ParleyCore
import ParleyEngine

/// The HTTP API of contract §2: sessions, participants and the browser's join.
struct SessionRoutes {
    let registry: SessionRegistry
    let authenticator: Authenticator
    let clock: any ParleyClock
    /// True when served over TLS: cookies are then `Secure`.
    let secure: Bool

    private var access: SessionAccess { SessionAccess(registry: registry, authenticator: authenticator) }

    func add(to router: Router<ParleyRequestContext>) {
        router.post("/api/sessions") { request, context in try await create(request, context) }
        router.get("/api/sessions") { request, _ in try await list(request) }
        router.get("/api/sessions/:id") { request, context in try await show(request, context) }
        router.post("/api/sessions/:id/join") { request, context in try await join(request, context) }
        router.delete("/api/sessions/:id/join") { _, context in try await leave(context) }
        router.post("/api/sessions/:id/participants") { request, context in
            try await addParticipant(request, context)
        }
        router.delete("/api/sessions/:id/participants/:participant") { request, context in
            try await removeParticipant(request, context)
        }
    }

    // MARK: Sessions

    private func create(_ request: Request, _ context: ParleyRequestContext) async throws -> Response {
        try requireAdmin(request)
        let spec = try await JSON.decode(SessionSpec.self, from: request, context: context)
        let session = try await registry.create(spec)
        return try JSON.response(SessionDocument(await session.state, for: .admin, at: clock.now()), status: .created)
    }

    private func list(_ request: Request) async throws -> Response {
        try requireAdmin(request)
        let summaries = try await registry.summaries()
        let presence = await registry.presence()
        return try JSON.response(summaries.map { SessionListing($0, presence: presence[$0.id]) })
    }

    private func show(_ request: Request, _ context: ParleyRequestContext) async throws -> Response {
        let (session, caller) = try await authorized(request, context)
        return try JSON.response(SessionDocument(await session.state, for: caller.viewer, at: clock.now()))
    }

    // MARK: Browser join

    private struct JoinRequest: Decodable {
        var token: String
    }

    private struct JoinResponse: Encodable {
        /// The participant who joined; null for the operator.
        var participant: Participant?
        var isOperator: Bool

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(participant, forKey: .participant)
            try container.encode(isOperator, forKey: .isOperator)
        }

        private enum CodingKeys: String, CodingKey { case participant, isOperator = "operator" }
    }

    /// Exchanges an invite token for an HttpOnly cookie scoped to the session; the
    /// operator's token gets an `OperatorPass` for this session instead of itself.
    private func join(_ request: Request, _ context: ParleyRequestContext) async throws -> Response {
        guard !request.isCrossOrigin else { throw Refusal(.forbidden, "requests from another origin are refused") }
        let body = try await JSON.decode(JoinRequest.self, from: request, context: context)
        let session = try await session(context)
        guard Tokens.isWellFormed(body.token) else {
            throw Refusal(.unauthorized, "this invite is not valid for this session")
        }
        var headers = HTTPFields()
        if Tokens.equal(Tokens.hash(body.token), authenticator.admin.hash) {
            let pass = authenticator.operatorPass.issue(for: session.id, at: clock.now())
            headers[.setCookie] = cookie(session.id, value: pass, maxAge: Int(OperatorPass.lifetime))
            return try JSON.response(JoinResponse(participant: nil, isOperator: true), headers: headers)
        }
        guard let caller = authenticator.caller(token: body.token, viaCookie: true, of: try await session.current()),
            let participant = caller.participant
        else {
            throw Refusal(.unauthorized, "this invite is not valid for this session")
        }
        headers[.setCookie] = cookie(session.id, value: body.token, maxAge: 30 * 86_400)
        return try JSON.response(JoinResponse(participant: participant, isOperator: false), headers: headers)
    }

    /// Forgets the browser's cookie for the session.
    private func leave(_ context: ParleyRequestContext) async throws -> Response {
        let session = try await session(context)
        var headers = HTTPFields()
        headers[.setCookie] = cookie(session.id, value: "", maxAge: 0)
        return Response(status: .noContent, headers: headers)
    }

    private func cookie(_ session: SessionID, value: String, maxAge: Int) -> String {
        var cookie = "\(Authenticator.cookieName(session))=\(value); Path=/api/sessions/\(session.rawValue)"
        cookie += "; Max-Age=\(maxAge); HttpOnly; SameSite=Strict"
        if secure { cookie += "; Secure" }
        return cookie
    }

    // MARK: Participants

    private struct AddParticipantRequest: Decodable {
        var name: String
        var role: Role
        var side: SideID?
    }

    private struct AddedParticipant: Encodable {
        var id: ParticipantID
        var name: String
        var role: Role
        var side: SideID?
        var token: String
        var joinUrl: String
    }

    private struct RemoveParticipantRequest: Decodable {
        var reason: String?
    }

    /// Adds a participant; the token is shown in this response only.
    private func addParticipant(_ request: Request, _ context: ParleyRequestContext) async throws -> Response {
        let (session, caller) = try await authorized(request, context)
        let body = try await JSON.decode(AddParticipantRequest.self, from: request, context: context)
        let token = Tokens.generate()
        let command = Command.addParticipant(
            NewParticipant(name: body.name, role: body.role, side: body.side, credential: Tokens.hash(token)))
        let events = try await session.submit(command, by: caller.principal).get()
        guard case .participantAdded(let added) = events.first?.body else {
            throw Refusal(.unavailable, "the participant was not added")
        }
        let participant = added.participant
        return try JSON.response(
            AddedParticipant(
                id: participant.id, name: participant.name, role: participant.role, side: participant.side,
                token: token, joinUrl: "/s/\(session.id.rawValue)#\(token)"),
            status: .created)
    }

    /// Revokes a participant: their token stops working and their connections close.
    private func removeParticipant(_ request: Request, _ context: ParleyRequestContext) async throws -> Response {
        let (session, caller) = try await authorized(request, context)
        let target = ParticipantID(rawValue: context.parameters.get("participant") ?? "")
        var reason: String?
        if request.headers[.contentLength].flatMap(Int.init).map({ $0 > 0 }) == true {
            reason = try await JSON.decode(RemoveParticipantRequest.self, from: request, context: context).reason
        }
        _ = try await session.submit(.removeParticipant(target, reason: reason), by: caller.principal).get()
        return Response(status: .noContent)
    }

    private func requireAdmin(_ request: Request) throws { try access.requireAdmin(request) }

    private func session(_ context: ParleyRequestContext) async throws -> LiveSession {
        try await access.session(context)
    }

    private func authorized(_ request: Request, _ context: ParleyRequestContext) async throws -> (LiveSession, Caller) {
        try await access.authorized(request, context)
    }
}

/// One session in `GET /api/sessions`.
struct SessionListing: Encodable {
    var id: SessionID
    var title: String
    var createdAt: Instant
    var state: SessionDocument.OpenState
    var head: Seq
    /// Co-chairs, members and the facilitator connected to this node (docs/protocol.md).
    var online: Int
    /// Observers connected to this node.
    var observers: Int

    /// `presence`: nil when the session is not loaded here, so no one is connected to it.
    init(_ summary: SessionSummary, presence: Presence?) {
        id = summary.id
        title = summary.title
        createdAt = summary.createdAt
        state = summary.closedAt == nil ? .open : .closed
        head = summary.head
        online = presence?.online.count ?? 0
        observers = presence?.observers ?? 0
    }
}
