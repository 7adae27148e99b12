import Hummingbird
import ParleyCore
import ParleyEngine

/// Who may reach a session over HTTP: the lookups and checks every session route shares.
struct SessionAccess {
    let registry: SessionRegistry
    let authenticator: Authenticator

    func requireAdmin(_ request: Request) throws {
        guard authenticator.presentedToken(request, session: nil) != nil else {
            throw Refusal(.unauthorized, "the operator's token is required")
        }
        guard authenticator.isAdmin(request) else { throw Refusal(.forbidden, "only the operator may do this") }
    }

    /// The session named by the `id` path parameter.
    func session(_ context: ParleyRequestContext) async throws -> LiveSession {
        guard let id = context.parameters.get("id"), id.isSafeIdentifier,
            let session = try await registry.session(SessionID(rawValue: id))
        else { throw Refusal(.notFound, "no such session") }
        return session
    }

    /// The session and its caller; refuses unauthenticated requests and cookie-carried
    /// requests from another origin.
    func authorized(_ request: Request, _ context: ParleyRequestContext) async throws -> (LiveSession, Caller) {
        let id = context.parameters.get("id").map(SessionID.init(rawValue:))
        guard authenticator.presentedToken(request, session: id) != nil else {
            throw Refusal(.unauthorized, "a token is required")
        }
        let session = try await session(context)
        guard let caller = authenticator.caller(request, of: try await session.current()) else {
            throw Refusal(.unauthorized, "the token is not valid for this session")
        }
        if caller.viaCookie && request.isCrossOrigin {
            throw Refusal(.forbidden, "requests from another origin are refused")
        }
        return (session, caller)
    }
}
