import Foundation
import ParleyCore
import ParleyProtocol
import ParleyTestKit
import Testing

/// The live protocol's wire forms (contract §3): what a client sends, decoded to commands,
/// and what the server sends, in the contract's shape.
@Suite("Live protocol frames")
struct WireFrameTests {
    @Test("client frames decode to commands; bad ones are 'invalid' with the ref")
    func clientFrames() throws {
        func decode(_ json: String) -> Result<ClientFrame, ClientFrame.Malformed> {
            ClientFrame.decode(Data(json.utf8))
        }
        #expect(
            try decode(#"{"type":"post","ref":"r1","item":"obstacles","kind":"proposal","text":"Hi","replyTo":4}"#)
                .get()
                == ClientFrame(
                    ref: "r1", command: .post(Post(item: "obstacles", kind: .proposal, text: "Hi", replyTo: 4))))
        #expect(
            try decode(#"{"type":"mute","ref":"r","participant":"p4","seconds":60}"#).get().command
                == .mute(participant: "p4", seconds: 60, reason: nil))
        #expect(
            try decode(#"{"type":"setRules","rules":{"slowModeSeconds":5}}"#).get().command
                == .setRules(RulesPatch(slowModeSeconds: 5)))
        #expect(try decode(#"{"type":"closeSession","ref":"c"}"#).get().command == .closeSession)
        for bad in [
            #"not json"#, #"[1,2]"#, #"{"ref":"r9"}"#,
            #"{"type":"post","ref":"r9","item":"x","kind":"speech","text":"t"}"#,
            #"{"type":"amend","ref":"r9","contribution":"seven","text":"t"}"#,
            #"{"type":"mute","ref":"r9","participant":"p1"}"#,
            #"{"type":"addParticipant","ref":"r9","name":"x","role":"member"}"#, #"{"type":"fly","ref":"r9"}"#,
        ] {
            guard case .failure(let malformed) = decode(bad) else {
                Issue.record("accepted \(bad)")
                continue
            }
            #expect(malformed.refusal.code == .invalid)
            if bad.contains("r9") { #expect(malformed.ref == "r9") }
        }
    }

    @Test("a key without a version is refused, never applied to whatever is current")
    func versionRequired() {
        for type in ["endorse", "approve", "reject"] {
            let frame = ClientFrame.decode(Data(#"{"type":"\#(type)","ref":"r","contribution":9}"#.utf8))
            guard case .failure(let malformed) = frame else {
                Issue.record("\(type) without a version was accepted")
                continue
            }
            #expect(malformed.ref == "r")
            #expect(malformed.refusal == Refusal(.invalid, "\(type) needs 'version', the version you read"))
        }
    }

    @Test("server frames have the contract's shape: type first, then the frame's fields")
    func serverFrames() throws {
        func object(_ frame: ServerFrame) throws -> [String: Any] {
            let data = try JSONEncoder().encode(frame)
            return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        let ack = try object(.ack(ref: "r1", seq: 7))
        #expect(ack["type"] as? String == "ack" && ack["ref"] as? String == "r1" && ack["seq"] as? Int == 7)

        let error = try object(.error(ref: nil, refusal: Refusal(.rateLimited, "slow down")))
        #expect(error["type"] as? String == "error" && error["code"] as? String == "rateLimited")
        #expect(error["message"] as? String == "slow down" && error["ref"] is NSNull)

        let presence = try object(.presence(online: ["p2", "p5"], observers: 12))
        #expect(presence["online"] as? [String] == ["p2", "p5"] && presence["observers"] as? Int == 12)

        var dialogue = try Dialogue()
        let id = try dialogue.post("Շնորհակալություն · Təşəkkür", by: Dialogue.memberAZ)
        let posted = try #require(dialogue.journal.last)
        let event = try object(.event(posted))
        #expect(event["type"] as? String == "event" && event["seq"] as? Int == Int(posted.seq))
        #expect(event["at"] as? String == posted.at.iso8601)
        let body = try #require(event["event"] as? [String: Any])
        #expect(body["contribution"] as? Int == Int(id) && body["text"] as? String == "Շնորհակալություն · Təşəkkür")

        let member = try #require(dialogue.state.participant("p4"))
        let welcome = try object(
            .welcome(
                you: member, session: SessionDocument(dialogue.state, for: .participant(member), at: dialogue.now),
                head: dialogue.state.head))
        #expect(welcome["type"] as? String == "welcome" && welcome["head"] as? Int == Int(dialogue.state.head))
        #expect((welcome["you"] as? [String: Any])?["id"] as? String == "p4")
        #expect((welcome["session"] as? [String: Any])?["title"] as? String == dialogue.state.spec.title)
    }
}
