import Crypto
import Foundation
import ParleyCore

/// The operator's way into one session's room from a browser.
///
/// A browser cannot put a Bearer header on a WebSocket upgrade, so the room needs a cookie;
/// but the operator's token must never sit in one (it opens every session, and a cookie
/// lives in the browser's profile). `POST /api/sessions/{id}/join` with the operator's
/// token therefore sets a pass instead: `op-EXPIRY-MAC`, where MAC is an HMAC-SHA256, keyed
/// by the hash of the operator's token, of the session id and the expiry. A pass opens that
/// one session only, until it expires; nothing is stored, and changing the operator's token
/// voids every pass.
struct OperatorPass {
    /// How long a pass lasts: a working day.
    static let lifetime: Int64 = 12 * 3600

    let adminHash: String

    /// A pass for `session` that expires `lifetime` seconds after `now`.
    func issue(for session: SessionID, at now: Instant) -> String {
        let expiry = now.millisecondsSinceEpoch / 1000 + Self.lifetime
        return "op-\(expiry)-\(mac(session, expiry))"
    }

    /// True when `token` is an unexpired pass for `session`.
    func admits(_ token: String, to session: SessionID, at now: Instant) -> Bool {
        let parts = token.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "op", let expiry = Int64(parts[1]),
            expiry > now.millisecondsSinceEpoch / 1000, expiry <= now.millisecondsSinceEpoch / 1000 + Self.lifetime
        else { return false }
        return Tokens.equal(String(parts[2]), mac(session, expiry))
    }

    private func mac(_ session: SessionID, _ expiry: Int64) -> String {
        let key = SymmetricKey(data: Data(adminHash.utf8))
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(session.rawValue)\n\(expiry)".utf8), using: key)
        return Tokens.base64URL(Data(code))
    }
}
