import Foundation
import Hummingbird
import ParleyCore
import ParleyEngine

/// Who is calling, for one session: the operator or one of its participants.
struct Caller: Sendable {
    var principal: Principal
    var participant: Participant?
    /// True when the token came from the browser's cookie rather than a Bearer header.
    var viaCookie: Bool

    var viewer: Viewer { participant.map(Viewer.participant) ?? .admin }
    var isAdmin: Bool { participant == nil }
}

/// Finds the caller from a Bearer token or the session's cookie.
struct Authenticator: Sendable {
    let admin: AdminToken
    let clock: any ParleyClock

    var operatorPass: OperatorPass { OperatorPass(adminHash: admin.hash) }

    /// The cookie that carries a participant's token for one session.
    static func cookieName(_ session: SessionID) -> String { "parley-\(session.rawValue)" }

    /// The presented token: the Bearer header first, else the session's cookie.
    func presentedToken(_ request: Request, session: SessionID?) -> (token: String, viaCookie: Bool)? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
            let token = String(parts[1].trimmingPrefix(" "))
            return Tokens.isWellFormed(token) ? (token, false) : nil
        }
        if let session, let token = request.cookies[Self.cookieName(session)]?.value, Tokens.isWellFormed(token) {
            return (token, true)
        }
        return nil
    }

    /// True when the request carries the operator's token in a Bearer header.
    func isAdmin(_ request: Request) -> Bool {
        guard let (token, viaCookie) = presentedToken(request, session: nil), !viaCookie else { return false }
        return Tokens.equal(Tokens.hash(token), admin.hash)
    }

    /// The caller of a request about `state`'s session; nil when no valid token was presented.
    func caller(_ request: Request, of state: SessionState) -> Caller? {
        guard let (token, viaCookie) = presentedToken(request, session: state.id) else { return nil }
        return caller(token: token, viaCookie: viaCookie, of: state)
    }

    /// The caller holding `token` in `state`'s session.
    func caller(token: String, viaCookie: Bool, of state: SessionState) -> Caller? {
        let hash = Tokens.hash(token)
        if !viaCookie && Tokens.equal(hash, admin.hash) {
            return Caller(principal: .admin, participant: nil, viaCookie: false)
        }
        if viaCookie && operatorPass.admits(token, to: state.id, at: clock.now()) {
            return Caller(principal: .admin, participant: nil, viaCookie: true)
        }
        // A lookup by hash: the hash of a secret, so its timing tells nothing about a token.
        guard let match = state.credentialHolders[hash], let participant = state.activeParticipant(match) else {
            return nil
        }
        return Caller(principal: .participant(match), participant: participant, viaCookie: viaCookie)
    }
}

extension Request {
    /// True when a browser sent this request from a page of another origin.
    ///
    /// Browsers send the page's origin (`http(s)://host[:port]`, or `null`); a request
    /// without `Origin`, or with a non-web scheme (WebSocket libraries send `ws://host`),
    /// does not come from a web page. Ports default by scheme.
    var isCrossOrigin: Bool {
        guard let origin = headers[.origin] else { return false }
        guard let separator = origin.range(of: "://") else { return true }
        let scheme = origin[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return scheme != "ws" && scheme != "wss" }
        let defaultPort = scheme == "https" ? 443 : 80
        guard let page = HostAndPort(String(origin[separator.upperBound...]), defaultPort: defaultPort),
            let authority = head.authority, let server = HostAndPort(authority, defaultPort: defaultPort)
        else { return true }
        return page != server
    }
}

/// `host[:port]`, lower-cased, with the port made explicit.
private struct HostAndPort: Equatable {
    var host: String
    var port: Int

    init?(_ text: String, defaultPort: Int) {
        let text = text.lowercased()
        if let colon = text.lastIndex(of: ":"), !text.hasSuffix("]"), let port = Int(text[text.index(after: colon)...])
        {
            host = String(text[..<colon])
            self.port = port
        } else {
            host = text
            port = defaultPort
        }
        guard !host.isEmpty, !host.contains("/") else { return nil }
    }
}
