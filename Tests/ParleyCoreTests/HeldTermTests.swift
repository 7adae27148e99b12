import ParleyCore
import ParleyTestKit
import Testing

@Suite("Held terms")
struct HeldTermTests {
    struct Example: Sendable, CustomTestStringConvertible {
        var language: String
        var term: String
        var text: String
        var held: Bool
        var testDescription: String { "\(language): '\(term)' in '\(text)' → \(held ? "held" : "posted")" }
    }

    static let examples: [Example] = [
        Example(language: "Armenian", term: "Թշնամի", text: "Նա թշնամի չէ", held: true),
        Example(language: "Armenian", term: "թշնամի", text: "ԹՇՆԱՄԻ", held: true),
        Example(language: "Armenian ligature", term: "և", text: "ԵՒ", held: true),
        Example(language: "Armenian", term: "թշնամի", text: "Հայաստան", held: false),
        Example(language: "Azerbaijani", term: "işğal", text: "Bu İŞĞAL deyil", held: true),
        Example(language: "Azerbaijani", term: "Azərbaycan", text: "AZƏRBAYCAN", held: true),
        Example(language: "Azerbaijani dotless ı", term: "qırmızı", text: "QIRMIZI xətt", held: true),
        Example(language: "Turkish dotted İ", term: "istanbul", text: "İSTANBUL", held: true),
        Example(language: "Turkish dotted İ in term", term: "İstanbul", text: "istanbul", held: true),
        Example(language: "Turkish dotless ı in text", term: "Istanbul", text: "ıstanbul", held: true),
        Example(language: "Greek", term: "σοφός", text: "Ο ΣΟΦΌΣ άνθρωπος", held: true),
        Example(language: "Greek final sigma", term: "ΣΟΦΟΣ", text: "σοφος", held: true),
        Example(language: "Greek", term: "σοφός", text: "φίλος", held: false),
        Example(language: "Russian", term: "война", text: "ВОЙНА и мир", held: true),
        Example(language: "English", term: "traitor", text: "You TRAITORS!", held: true),
        Example(language: "English", term: "traitor", text: "trade", held: false),
    ]

    @Test("matching ignores case in every script", arguments: examples)
    func matching(_ example: Example) throws {
        var dialogue = try Dialogue(rules: .with { $0.heldTerms = [example.term] })
        let events = try dialogue.run(
            .post(Post(item: "obstacles", kind: .position, text: example.text)), by: Dialogue.memberAM)
        #expect(events.map(\.body.kind) == (example.held ? [.contributed, .held] : [.contributed]))
    }

    @Test("the text is kept byte for byte; only matching folds case")
    func textUnchanged() throws {
        var dialogue = try Dialogue(rules: .with { $0.heldTerms = ["İstanbul"] })
        let text = "  İSTANBUL — Հայաստան, Azərbaycan 🕊️ "
        let id = try dialogue.post(text, by: Dialogue.memberAZ)
        #expect(dialogue.state.contributions[id]?.text == text)
    }

    @Test("recommendation options are checked too")
    func options() throws {
        var dialogue = try Dialogue(rules: .with { $0.heldTerms = ["referendum"] })
        let events = try dialogue.run(
            .post(
                Post(
                    item: "obstacles", kind: .recommendation, text: "Options:", options: ["Sign before the REFERENDUM"])
            ),
            by: Dialogue.memberAM)
        #expect(events.map(\.body.kind) == [.contributed, .held])
    }

    @Test("held text: approve shows it, reject keeps it hidden; an amendment cannot add a held term")
    func approveReject() throws {
        var dialogue = try Dialogue(rules: .with { $0.heldTerms = ["traitor"] })
        let held = try dialogue.post("traitor!", by: Dialogue.memberAZ)
        #expect(dialogue.state.contributions[held]?.moderation == .held)
        #expect(
            dialogue.code(of: .approve(contribution: held, version: dialogue.version(of: held)), by: Dialogue.memberAM)
                == .forbidden)
        try dialogue.run(
            .reject(contribution: held, version: dialogue.version(of: held), reason: "insult"), by: Dialogue.cochairAZ)
        #expect(dialogue.state.contributions[held]?.moderation == .rejected)
        #expect(
            dialogue.code(
                of: .approve(contribution: held, version: dialogue.version(of: held)), by: Dialogue.facilitator)
                == .conflict)

        let second = try dialogue.post("The traitor of peace is war", by: Dialogue.memberAM)
        try dialogue.run(.approve(contribution: second, version: dialogue.version(of: second)), by: Dialogue.cochairAZ)
        #expect(dialogue.state.contributions[second]?.moderation == .visible)

        let clean = try dialogue.post("Clean text", by: Dialogue.memberAM)
        #expect(dialogue.code(of: .amend(contribution: clean, text: "traitor"), by: Dialogue.memberAM) == .invalid)
    }
}
