import ParleyCore
import ParleyTestKit
import Testing

/// The joint report draft (contract §5): sections, versions, brackets, signatures, final.
@Suite("Drafting the joint report")
struct DraftingTests {
    /// A dialogue with one adopted proposal and a seeded draft: s1 introduction, s2 and s3
    /// the agenda items, s4 recommendations; plus s5, owned by Azerbaijan.
    static func drafting() throws -> Dialogue {
        var dialogue = try Dialogue(rules: .with { $0.heldTerms = ["traitor"] })
        let position = try dialogue.post("the treaty must be signed first.", by: Dialogue.memberAM)
        try dialogue.post("agrees that trust is fragile.", kind: .comment, by: Dialogue.memberAZ, replyTo: position)
        try dialogue.run(.seedReport, by: Dialogue.cochairAM)
        try dialogue.run(
            .addSection(title: "Azerbaijan's view", owner: .side("az"), after: nil, text: "Our view."),
            by: Dialogue.cochairAZ)
        return dialogue
    }

    func section(_ dialogue: Dialogue, _ id: SectionID) throws -> ReportSection {
        try #require(dialogue.state.report.section(id))
    }

    @Test("seeding writes the reference's parts once; answers follow what they answer")
    func seed() throws {
        var dialogue = try Self.drafting()
        #expect(dialogue.state.report.sections.map(\.id) == ["s1", "s2", "s3", "s4", "s5"])
        #expect(
            dialogue.state.report.sections.map(\.title).prefix(4) == [
                "Introduction", "Obstacles to signing the treaty", "Regional and international dimension",
                "Recommendations",
            ])
        #expect(
            try section(dialogue, "s2").text
                == "From Armenia's perspective, the treaty must be signed first.\n\nThe Azerbaijani side agrees that trust is fragile."
        )
        #expect(dialogue.code(of: .seedReport, by: Dialogue.facilitator) == .conflict)
    }

    @Test("an edit names the version it replaces; a stale one is a conflict naming the current version")
    func staleEdit() throws {
        var dialogue = try Self.drafting()
        try dialogue.run(.editSection("s1", version: 1, text: "First words.", title: nil), by: Dialogue.cochairAM)
        do {
            try dialogue.run(.editSection("s1", version: 1, text: "Other words.", title: nil), by: Dialogue.cochairAZ)
            Issue.record("a stale edit was accepted")
        } catch {
            #expect(error == Refusal(.conflict, "section s1 is at version 2, not 1"))
        }
        #expect(try section(dialogue, "s1").text == "First words.")
        #expect(
            dialogue.code(of: .suggest("s1", version: 1, text: "x", note: nil), by: Dialogue.memberAZ) == .conflict)
        #expect(dialogue.code(of: .signSection("s1", version: 1), by: Dialogue.cochairAM) == .conflict)
        #expect(
            dialogue.code(of: .editSection("s1", version: 2, text: "First words.", title: nil), by: Dialogue.cochairAM)
                == .invalid, "unchanged")
    }

    @Test("an edit clears both signatures and says whose")
    func editClearsSignatures() throws {
        var dialogue = try Self.drafting()
        try dialogue.run(.signSection("s1", version: 1), by: Dialogue.cochairAM)
        try dialogue.run(.signSection("s1", version: 1), by: Dialogue.cochairAZ)
        #expect(try section(dialogue, "s1").signedBy(dialogue.state.spec.sides) == ["am", "az"])
        #expect(dialogue.code(of: .signSection("s1", version: 1), by: Dialogue.cochairAZ) == .conflict)
        let events = try dialogue.run(
            .editSection("s1", version: 1, text: "New words.", title: "Preface"), by: Dialogue.facilitator)
        guard case .sectionEdited(let edit) = events[0].body else { Issue.record("no sectionEdited"); return }
        #expect(edit.cleared == ["am", "az"] && edit.replaced == 1 && edit.version == 2 && edit.title == "Preface")
        #expect(try section(dialogue, "s1").signatures.isEmpty)
    }

    @Test("a section with brackets cannot be signed; brackets are counted per section and in all")
    func brackets() throws {
        var dialogue = try Self.drafting()
        try dialogue.run(
            .editSection("s1", version: 1, text: "We [[shall // should]] open the [[border // borders]].", title: nil),
            by: Dialogue.cochairAM)
        #expect(try section(dialogue, "s1").brackets == 2)
        #expect(dialogue.state.report.brackets == 2)
        #expect(dialogue.code(of: .signSection("s1", version: 2), by: Dialogue.cochairAZ) == .invalid)
        try dialogue.run(
            .editSection("s1", version: 2, text: "We shall open the border.", title: nil), by: Dialogue.cochairAZ)
        #expect(dialogue.state.report.brackets == 0)
        #expect(dialogue.code(of: .signSection("s1", version: 3), by: Dialogue.cochairAZ) == nil)
    }

    @Test(
        "bracket syntax: alternatives, and nested or unbalanced brackets refused with a clear message",
        arguments: [
            ("we [[shall // should]] open", nil as String?),
            ("[[a]] and [[b // c // d]]", nil),
            (
                "we [[shall [[must]] // should]]",
                "brackets do not nest: the '[[' at character 12 is inside the bracket opened at 4"
            ),
            ("we [[shall", "the '[[' at character 4 is never closed with ']]'"),
            ("we shall]] open", "the ']]' at character 9 closes no bracket"),
        ])
    func bracketSyntax(text: String, error: String?) throws {
        if let error {
            #expect(throws: Refusal(.invalid, error)) { try Brackets.parse(text) }
        } else {
            let brackets = try Brackets.parse(text)
            #expect(!brackets.isEmpty)
            #expect(try Brackets.parse("we [[shall // should]] open")[0].alternatives == ["shall", "should"])
        }
    }

    @Test("held terms never enter the draft")
    func heldTerms() throws {
        var dialogue = try Self.drafting()
        #expect(throws: Refusal(.invalid, "the text holds the held term 'traitor': a draft never holds one")) {
            try dialogue.run(.editSection("s1", version: 1, text: "a TRAITOR", title: nil), by: Dialogue.cochairAM)
        }
        #expect(
            dialogue.code(of: .editSection("s1", version: 1, text: "ok", title: "Traitors"), by: Dialogue.cochairAM)
                == .invalid)
        #expect(
            dialogue.code(of: .suggest("s1", version: 1, text: "ok", note: "traitor"), by: Dialogue.memberAM)
                == .invalid)
    }

    @Test("suggestions: applied as an edit while current, dismissed, never twice")
    func suggestions() throws {
        var dialogue = try Self.drafting()
        let made = try dialogue.run(
            .suggest("s5", version: 1, text: "Our view, shorter.", note: nil), by: Dialogue.memberAM)
        let id = made[0].seq
        // s5 is Azerbaijan's: the Armenian co-chair may not apply to it, its own side may.
        #expect(dialogue.code(of: .applySuggestion(id), by: Dialogue.cochairAM) == .forbidden)
        try dialogue.run(.applySuggestion(id), by: Dialogue.memberAZ)
        #expect(try section(dialogue, "s5").text == "Our view, shorter." && section(dialogue, "s5").version == 2)
        #expect(dialogue.code(of: .applySuggestion(id), by: Dialogue.memberAZ) == .conflict)
        let stale = try dialogue.run(.suggest("s1", version: 1, text: "A.", note: nil), by: Dialogue.memberAZ)[0].seq
        try dialogue.run(.editSection("s1", version: 1, text: "B.", title: nil), by: Dialogue.cochairAM)
        #expect(dialogue.code(of: .applySuggestion(stale), by: Dialogue.cochairAM) == .conflict)
        try dialogue.run(.dismissSuggestion(stale, reason: "superseded"), by: Dialogue.cochairAM)
        #expect(dialogue.code(of: .dismissSuggestion(stale, reason: nil), by: Dialogue.cochairAM) == .conflict)
        #expect(dialogue.state.report.pendingSuggestions.isEmpty)
    }

    @Test("sections move, and go when both co-chairs ask or the facilitator does")
    func moveAndRemove() throws {
        var dialogue = try Self.drafting()
        try dialogue.run(.moveSection("s5", after: nil), by: Dialogue.cochairAZ)
        #expect(dialogue.state.report.sections.first?.id == "s5")
        #expect(dialogue.code(of: .moveSection("s5", after: nil), by: Dialogue.cochairAZ) == .conflict)
        #expect(dialogue.code(of: .moveSection("s5", after: "s5"), by: Dialogue.cochairAZ) == .invalid)
        try dialogue.run(.moveSection("s5", after: "s4"), by: Dialogue.facilitator)
        #expect(dialogue.state.report.sections.last?.id == "s5")
        try dialogue.run(.removeSection("s3"), by: Dialogue.cochairAM)
        #expect(dialogue.state.report.section("s3") != nil)
        #expect(dialogue.code(of: .removeSection("s3"), by: Dialogue.cochairAM) == .conflict)
        try dialogue.run(.removeSection("s3"), by: Dialogue.cochairAZ)
        #expect(dialogue.state.report.section("s3") == nil)
        try dialogue.run(.removeSection("s2"), by: Dialogue.facilitator)
        #expect(dialogue.state.report.sections.map(\.id) == ["s1", "s4", "s5"])
        try dialogue.run(.addSection(title: "Annex", owner: .joint, after: nil, text: nil), by: Dialogue.facilitator)
        #expect(dialogue.state.report.sections.map(\.id) == ["s1", "s4", "s5", "s6"], "ids are never reused")
    }

    @Test("finalisation needs every section signed by both; then nothing changes and digests are recorded")
    func finalize() throws {
        var dialogue = try Self.drafting()
        #expect(dialogue.code(of: .finalizeReport, by: Dialogue.cochairAM) == .conflict)
        for section in dialogue.state.report.sections {
            try dialogue.run(.signSection(section.id, version: 1), by: Dialogue.cochairAM)
            try dialogue.run(.signSection(section.id, version: 1), by: Dialogue.cochairAZ)
        }
        try dialogue.run(.withdrawSignature("s2"), by: Dialogue.cochairAZ)
        #expect(dialogue.code(of: .withdrawSignature("s2"), by: Dialogue.cochairAZ) == .conflict)
        #expect(dialogue.code(of: .finalizeReport, by: Dialogue.facilitator) == .conflict)
        try dialogue.run(.signSection("s2", version: 1), by: Dialogue.cochairAZ)
        let events = try dialogue.run(.finalizeReport, by: Dialogue.facilitator)
        guard case .reportFinalized(let final) = events[0].body else { Issue.record("no reportFinalized"); return }
        #expect(final.date == "November 2026", "the month of finalisation when the spec names no date")
        #expect(final.sections.map(\.sha256) == dialogue.state.report.sections.map { SHA256Digest.hex($0.text) })
        #expect(dialogue.state.report.state == .final)
        let document = SessionDocument(dialogue.state, for: .admin, at: dialogue.now).report
        #expect(document.sections.map(\.sha256) == final.sections.map(\.sha256))
        #expect(document.state == .final && document.date == "November 2026")
        for command: Command in [
            .editSection("s1", version: 1, text: "x", title: nil), .signSection("s1", version: 1), .seedReport,
            .withdrawSignature("s1"), .finalizeReport, .removeSection("s1"), .moveSection("s1", after: "s2"),
            .addSection(title: "x", owner: .joint, after: nil, text: nil),
            .suggest("s1", version: 1, text: "y", note: nil),
        ] {
            #expect(dialogue.code(of: command, by: Dialogue.cochairAM) == .closed, "\(command.name)")
        }
    }

    @Test("SHA-256 matches the standard's test vectors")
    func sha256() {
        #expect(SHA256Digest.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256Digest.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            SHA256Digest.hex(String(repeating: "a", count: 1_000))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        #expect(SHA256Digest.hex("Հայաստան") == "7c26390bc05ec25bc90a4489f619b30752b62f9d419e8721f460439ab96abfd8")
    }
}
