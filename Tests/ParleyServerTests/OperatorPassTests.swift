import ParleyCore
import Testing

@testable import ParleyServer

@Suite("The operator's pass into one session's room")
struct OperatorPassTests {
    let pass = OperatorPass(adminHash: Tokens.hash("operator-token-0123456789"))
    let session = SessionID(rawValue: "peace")
    let issued = Instant(millisecondsSinceEpoch: 1_800_000_000_000)

    func later(seconds: Int64) -> Instant {
        Instant(millisecondsSinceEpoch: issued.millisecondsSinceEpoch + seconds * 1000)
    }

    @Test("admits its session until it expires, and nothing after")
    func expiry() {
        let token = pass.issue(for: session, at: issued)
        #expect(Tokens.isWellFormed(token))
        #expect(pass.admits(token, to: session, at: issued))
        #expect(pass.admits(token, to: session, at: later(seconds: OperatorPass.lifetime - 1)))
        #expect(!pass.admits(token, to: session, at: later(seconds: OperatorPass.lifetime)))
    }

    @Test("opens no other session, and no pass made with another operator's token")
    func scope() {
        let token = pass.issue(for: session, at: issued)
        #expect(!pass.admits(token, to: SessionID(rawValue: "peace2"), at: issued))
        let other = OperatorPass(adminHash: Tokens.hash("another-operator-token-0"))
        #expect(!other.admits(token, to: session, at: issued))
    }

    @Test("a changed expiry, a far-future one or a mangled pass is refused")
    func forgery() {
        let token = pass.issue(for: session, at: issued)
        let parts = token.split(separator: "-", maxSplits: 2).map(String.init)
        let stretched = "op-\(Int64(parts[1])! + 3600)-\(parts[2])"
        #expect(!pass.admits(stretched, to: session, at: issued))
        let farFuture = pass.issue(for: session, at: later(seconds: 10 * OperatorPass.lifetime))
        #expect(!pass.admits(farFuture, to: session, at: issued), "a pass from the future is not believed")
        for mangled in ["op-", "op--1-x", "op-abc-\(parts[2])", "xx-\(parts[1])-\(parts[2])", parts[2]] {
            #expect(!pass.admits(mangled, to: session, at: issued), "\(mangled)")
        }
    }
}
