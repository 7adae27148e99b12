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
        // Disguises that must not get past (issue 9): each one reached observers before.
        Example(language: "zero-width space", term: "ceasefire", text: "cease\u{200B}fire now", held: true),
        Example(language: "soft hyphen", term: "ceasefire", text: "cease\u{00AD}fire", held: true),
        Example(language: "word joiner", term: "ceasefire", text: "cea\u{2060}sefire", held: true),
        Example(language: "zero-width joiner", term: "ceasefire", text: "ceasef\u{200D}ire", held: true),
        Example(language: "bidi override", term: "ceasefire", text: "cease\u{202E}fire", held: true),
        Example(language: "variation selector", term: "ceasefire", text: "ceasef\u{FE0F}ire", held: true),
        Example(language: "combining accent", term: "ceasefire", text: "ceasefire\u{0301} holds", held: true),
        Example(language: "accented letter", term: "ceasefire", text: "céasefire", held: true),
        Example(language: "Cyrillic е in Latin", term: "ceasefire", text: "ceasefirе", held: true),
        Example(language: "Cyrillic С in capitals", term: "ceasefire", text: "СEASEFIRE", held: true),
        Example(language: "Greek ο in Latin", term: "genocide", text: "genοcide", held: true),
        Example(language: "Greek Ι in capitals", term: "genocide", text: "GENOCΙDE", held: true),
        Example(language: "Armenian օ in Latin", term: "genocide", text: "genօcide", held: true),
        Example(language: "fullwidth letters", term: "ceasefire", text: "ｃｅａｓｅｆｉｒｅ", held: true),
        Example(language: "mathematical bold", term: "ceasefire", text: "𝐜𝐞𝐚𝐬𝐞𝐟𝐢𝐫𝐞", held: true),
        Example(language: "mathematical script capitals", term: "ceasefire", text: "𝒞𝐸𝒜𝒮𝐸𝐹𝐼𝑅𝐸", held: true),
        Example(language: "ligature fi", term: "ceasefire", text: "ceaseﬁre", held: true),
        Example(language: "confusable in the term", term: "ceasefirе", text: "the ceasefire", held: true),
        Example(language: "fullwidth term", term: "ｃｅａｓｅｆｉｒｅ", text: "ceasefire", held: true),
        Example(language: "Armenian with a zero-width space", term: "թշնամի", text: "թշ\u{200B}նամի", held: true),
        Example(language: "Russian with a Latin o", term: "война", text: "вoйна", held: true),
        Example(
            language: "Azerbaijani with a combining cedilla", term: "işğal", text: "is\u{0327}g\u{0306}al", held: true),
        Example(language: "unrelated Russian word", term: "ceasefire", text: "перемирие", held: false),
        Example(language: "unrelated English word", term: "ceasefire", text: "cease the fire", held: false),
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
