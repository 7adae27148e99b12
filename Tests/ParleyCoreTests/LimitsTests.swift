import ParleyCore
import ParleyTestKit
import Testing

/// Limits count what a reader sees, and no one passes for someone else (issue 9).
@Suite("Limits and names")
struct LimitsTests {
    static func add(_ name: String, _ dialogue: inout Dialogue) -> ErrorCode? {
        dialogue.code(
            of: .addParticipant(NewParticipant(name: name, role: .member, side: "am", credential: "h")), by: .admin)
    }

    @Test("a one-character name carrying 900 KB of combining marks is refused")
    func heavyName() throws {
        var dialogue = try Dialogue()
        let heavy = "A" + String(repeating: "\u{0301}", count: 450_000)
        #expect(heavy.count == 1)
        #expect(Self.add(heavy, &dialogue) == .invalid)
        #expect(Self.add(String(repeating: "Ա", count: 100), &dialogue) == nil, "100 Armenian letters fit")
    }

    @Test("a name may not copy another's, nor hold bidi controls")
    func names() throws {
        var dialogue = try Dialogue()
        #expect(Self.add("Armine Margaryan", &dialogue) == .conflict)
        #expect(Self.add("ARMINE MARGARYAN", &dialogue) == .conflict)
        #expect(Self.add("Armine\u{200B} Margaryan", &dialogue) == .conflict)
        #expect(Self.add("Eldar \u{202E}ilazmaH", &dialogue) == .invalid)
        #expect(Self.add("Armine Margaryan Jr.", &dialogue) == nil)
    }

    @Test("a session has at most 5000 participants, removed ones included; a removed name is free again")
    func participantCount() throws {
        var dialogue = try Dialogue()
        #expect(Self.add("Departing Member", &dialogue) == nil)
        let departing = try #require(dialogue.state.participants.last?.id)
        try dialogue.run(.removeParticipant(departing, reason: nil), by: .admin)
        #expect(Self.add("Departing Member", &dialogue) == nil, "the name of a removed participant is free")
        while dialogue.state.participants.count < SessionState.maxParticipants {
            #expect(Self.add("Observer \(dialogue.state.participants.count)", &dialogue) == nil)
        }
        #expect(Self.add("One Too Many", &dialogue) == .conflict)
        try dialogue.run(.removeParticipant("p4", reason: nil), by: .admin)
        #expect(Self.add("One Too Many", &dialogue) == .conflict, "removed participants still count")
    }

    @Test("a post's text is bounded in bytes as well as characters")
    func heavyText() throws {
        var dialogue = try Dialogue(rules: .with { $0.maxLength = 100 })
        let heavy = "a" + String(repeating: "\u{0301}", count: 1_000)
        #expect(
            dialogue.code(of: .post(Post(item: "obstacles", kind: .position, text: heavy)), by: Dialogue.memberAM)
                == .tooLong)
    }

    @Test("reasons are public: they obey the held terms and hold no bidi controls")
    func reasons() throws {
        var dialogue = try Dialogue(rules: .with { $0.heldTerms = ["traitor"] })
        let id = try dialogue.post("words", by: Dialogue.memberAM)
        #expect(
            dialogue.code(of: .redact(contribution: id, reason: "a TRAITOR wrote it"), by: Dialogue.facilitator)
                == .invalid)
        #expect(
            dialogue.code(of: .redact(contribution: id, reason: "x\u{202E}y"), by: Dialogue.facilitator) == .invalid)
        #expect(dialogue.code(of: .redact(contribution: id, reason: "personal data"), by: Dialogue.facilitator) == nil)
    }
}
