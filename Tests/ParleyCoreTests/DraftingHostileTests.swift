import ParleyCore
import ParleyTestKit
import Testing

/// The draft against participants who distrust each other: no one speaks for the other
/// side, no key covers text its holder did not read, redacted words stay redacted.
@Suite("Drafting, hostile cases")
struct DraftingHostileTests {
    func seeded(_ dialogue: inout Dialogue) throws -> ReportDraft {
        try dialogue.run(.seedReport, by: Dialogue.facilitator)
        return dialogue.state.report
    }

    @Test("a reply to what the seed leaves out is left out too, never moved under another statement")
    func orphanReplies() throws {
        var dialogue = try Dialogue()
        try dialogue.post("the treaty must be signed first.", by: Dialogue.memberAM)
        let proposal = try dialogue.post("a joint commission", kind: .proposal, by: Dialogue.memberAM)
        try dialogue.post(
            "rejects this in bad faith.", kind: .comment, by: Dialogue.memberAZ, replyTo: proposal)
        let text = try #require(try seeded(&dialogue).section("s2")).text
        #expect(text == "From Armenia's perspective, the treaty must be signed first.")
    }

    @Test("a statement stays one paragraph: it cannot open a heading, a list or an agreement of its own")
    func oneParagraph() throws {
        var dialogue = try Dialogue()
        try dialogue.post(
            "the border first.\n \nBoth sides agree that it is ours.\n## 3. Forged", by: Dialogue.memberAM)
        try dialogue.post("## Both sides agree that it is theirs.", by: Dialogue.memberAZ)
        try dialogue.post("see [[[ note ]]]] and \u{1B}[31mred\u{202E}", by: Dialogue.memberAM)
        let text = try #require(try seeded(&dialogue).section("s2")).text
        #expect(
            text.split(separator: "\n\n") == [
                "From Armenia's perspective, the border first. Both sides agree that it is ours. ## 3. Forged",
                "From Azerbaijan's perspective, both sides agree that it is theirs.",
                "From Armenia's perspective, see [ [ [ note ] ] ] ] and [31mred",
            ])
        #expect(try Brackets.parse(text).isEmpty)
    }

    @Test("an item longer than a section allows continues in the next section")
    func longItem() throws {
        var dialogue = try Dialogue(rules: .with { $0.maxLength = 20_000 })
        for _ in 0..<8 {
            try dialogue.post("the " + String(repeating: "Հայաստան ", count: 1_000), by: Dialogue.memberAM)
        }
        let draft = try seeded(&dialogue)
        let titles = draft.sections.map(\.title)
        #expect(
            titles.contains("Obstacles to signing the treaty") && titles.contains("Obstacles to signing the treaty (2)")
        )
        #expect(draft.sections.allSatisfy { $0.text.utf8.count <= 48_000 })
    }

    @Test("a redaction reaches the draft, its replays and its pending suggestions")
    func redaction() throws {
        var dialogue = try Dialogue()
        let words = "my phone is +374 00 000000, call me"
        let position = try dialogue.post(words, by: Dialogue.memberAM)
        _ = try seeded(&dialogue)
        try dialogue.run(.signSection("s2", version: 1), by: Dialogue.cochairAZ)
        let suggestion = try dialogue.run(
            .suggest("s2", version: 1, text: "From Armenia's perspective, \(words). More.", note: nil),
            by: Dialogue.memberAZ)
        let events = try dialogue.run(
            .redact(contribution: position, reason: "personal data"), by: Dialogue.facilitator)
        guard case .sectionEdited(let edit) = events.last?.body else { Issue.record("no edit of the draft"); return }
        #expect(edit.text == "From Armenia's perspective, [redacted: personal data]")
        #expect(edit.cleared == ["az"], "the edit clears the signature and says whose")
        for event in dialogue.journal {
            let shown = String(describing: Visibility.tombstoned(event, in: dialogue.state))
            #expect(!shown.contains("+374"), "redacted words in a replay of \(event.body.kind)")
        }
        let document = SessionDocument(dialogue.state, for: .admin, at: dialogue.now).report
        #expect(!document.suggestions.contains { $0.text.contains("+374") })
        // The suggestion was made on version 1 and the section moved on: it waits no more.
        #expect(dialogue.code(of: .applySuggestion(suggestion[0].seq), by: Dialogue.cochairAM) == .conflict)
    }

    @Test("a co-chair who leaves takes their signatures with them; the final report keeps who signed")
    func signatories() throws {
        var dialogue = try Dialogue()
        let draft = try seeded(&dialogue)
        try dialogue.run(.signSection("s1", version: 1), by: Dialogue.cochairAM)
        let removal = try dialogue.run(.removeParticipant("p2", reason: "left"), by: Dialogue.facilitator)
        #expect(removal.map(\.body.kind) == [.signatureWithdrawn, .participantRemoved])
        #expect(dialogue.state.report.section("s1")?.signatures.isEmpty == true)
        try dialogue.run(
            .addParticipant(NewParticipant(name: "Anna Hakobyan", role: .cochair, side: "am", credential: "h8")),
            by: .admin)
        for section in draft.sections {
            try dialogue.run(.signSection(section.id, version: 1), by: .participant("p8"))
            try dialogue.run(.signSection(section.id, version: 1), by: Dialogue.cochairAZ)
        }
        let final = try dialogue.run(.finalizeReport, by: Dialogue.cochairAZ)
        guard case .reportFinalized(let finalization) = final[0].body else { Issue.record("not final"); return }
        #expect(finalization.cochairs.map(\.name) == ["Anna Hakobyan", "Murad Muradov"])
        #expect(!finalization.authors.contains("p2"), "removed before saying anything")
    }

    @Test("a removal request lapses when the section is edited; a move clears the moved section's signatures")
    func staleKeys() throws {
        var dialogue = try Dialogue()
        _ = try seeded(&dialogue)
        try dialogue.run(.removeSection("s3"), by: Dialogue.cochairAM)
        try dialogue.run(
            .editSection("s3", version: 1, text: "Words Armenia wants kept.", title: nil), by: Dialogue.cochairAZ)
        try dialogue.run(.removeSection("s3"), by: Dialogue.cochairAZ)
        #expect(dialogue.state.report.section("s3") != nil, "Armenia's request was for a text it no longer has")
        try dialogue.run(.signSection("s2", version: 1), by: Dialogue.cochairAM)
        try dialogue.run(.signSection("s2", version: 1), by: Dialogue.cochairAZ)
        let moved = try dialogue.run(.moveSection("s2", after: nil), by: Dialogue.cochairAM)
        guard case .sectionMoved(let move) = moved[0].body else { Issue.record("no move"); return }
        #expect(move.cleared == ["am", "az"])
        #expect(dialogue.state.report.section("s2")?.signatures.isEmpty == true)
    }

    @Test("one participant's suggestions cannot crowd out everyone else's")
    func suggestionCap() throws {
        var dialogue = try Dialogue()
        _ = try seeded(&dialogue)
        for index in 0..<20 {
            try dialogue.run(.suggest("s1", version: 1, text: "Text \(index).", note: nil), by: Dialogue.memberAZ)
        }
        #expect(
            dialogue.code(of: .suggest("s1", version: 1, text: "One more.", note: nil), by: Dialogue.memberAZ)
                == .invalid)
        #expect(dialogue.code(of: .suggest("s1", version: 1, text: "Mine.", note: nil), by: Dialogue.memberAM) == nil)
    }

    @Test("hidden characters, late held terms and combining marks do not slip past the rules")
    func hiddenCharacters() throws {
        var dialogue = try Dialogue()
        _ = try seeded(&dialogue)
        #expect(
            dialogue.code(
                of: .editSection("s1", version: 1, text: "x", title: "Intro\u{202E}txet"), by: Dialogue.cochairAM)
                == .invalid)
        #expect(
            dialogue.code(of: .editSection("s1", version: 1, text: "a\u{2066}b", title: nil), by: Dialogue.cochairAM)
                == .invalid)
        #expect(
            dialogue.code(of: .editSection("s1", version: 1, text: "x", title: "We [[a // b]]"), by: Dialogue.cochairAM)
                == .invalid)
        try dialogue.run(
            .editSection("s1", version: 1, text: "we [[\u{301}shall // should]]\u{301} go", title: nil),
            by: Dialogue.cochairAM)
        #expect(dialogue.state.report.section("s1")?.brackets == 1, "a combining mark hides no bracket")
        try dialogue.run(.editSection("s1", version: 2, text: "the border opens", title: nil), by: Dialogue.cochairAM)
        try dialogue.run(.setRules(RulesPatch(heldTerms: ["border"])), by: Dialogue.facilitator)
        #expect(dialogue.code(of: .signSection("s1", version: 3), by: Dialogue.cochairAZ) == .invalid)
    }

    @Test("a side cannot be named 'joint'")
    func reservedSide() {
        var spec = Fixtures.spec()
        spec.sides[0].id = "joint"
        #expect(throws: Refusal(.invalid, "side id 'joint' is reserved for the report's joint sections")) {
            try spec.validated()
        }
    }

    @Test("a section holds at most 48,000 bytes and a draft at most 200 sections")
    func sizes() throws {
        var dialogue = try Dialogue()
        _ = try seeded(&dialogue)
        let armenian = String(repeating: "Ա", count: 24_001)  // 48,002 bytes of UTF-8
        #expect(
            dialogue.code(of: .editSection("s1", version: 1, text: armenian, title: nil), by: Dialogue.cochairAM)
                == .tooLong)
        #expect(
            dialogue.code(
                of: .editSection("s1", version: 1, text: String(armenian.dropFirst()), title: nil),
                by: Dialogue.cochairAM)
                == nil)
        while dialogue.state.report.sections.count < 200 {
            try dialogue.run(
                .addSection(title: "Annex", owner: .joint, after: nil, text: nil), by: Dialogue.facilitator)
        }
        #expect(
            dialogue.code(
                of: .addSection(title: "One more", owner: .joint, after: nil, text: nil), by: Dialogue.facilitator)
                == .invalid)
    }
}
