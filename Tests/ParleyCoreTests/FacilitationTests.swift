import Foundation
import ParleyCore
import ParleyTestKit
import Testing

/// Ground rules at the door, phases and timeboxes, translations with a status (contract §6).
@Suite("Facilitation")
struct FacilitationTests {
    static let rules = GroundRules(version: 2, text: "Chatham House: use what is said, never who said it.")

    static func spec(groundRules: GroundRules? = rules, phases: Bool = false) -> SessionSpec {
        var spec = Fixtures.spec()
        spec.groundRules = groundRules
        if phases {
            spec.agenda = [
                AgendaItemSpec(id: "obstacles", title: "Obstacles", minutes: 30, phase: .positions),
                AgendaItemSpec(id: "regional", title: "Regional"),
            ]
        }
        return spec
    }

    /// Every participant in the cast accepts the rules, so that other rules can be tested.
    static func accepted(_ dialogue: inout Dialogue) throws {
        for n in 1...7 {
            try dialogue.run(.acceptRules(version: 2), by: .participant(ParticipantID(rawValue: "p\(n)")))
        }
    }

    static let everyCommand: [Command] = [
        .post(Post(item: "obstacles", kind: .chat, text: "hello")),
        .amend(contribution: 1, text: "x"), .endorse(contribution: 1, version: 1),
        .withdrawEndorsement(contribution: 1), .redact(contribution: 1, reason: "r"),
        .approve(contribution: 1, version: 1), .reject(contribution: 1, version: 1, reason: nil),
        .raiseHand, .lowerHand, .grantFloor(participant: "p4"), .openItem("obstacles"), .closeItem("obstacles"),
        .mute(participant: "p4", seconds: 10, reason: nil), .unmute(participant: "p4"),
        .setRules(RulesPatch(slowModeSeconds: 5)), .closeSession,
        .addParticipant(NewParticipant(name: "New Member", role: .member, side: "am", credential: "hx")),
        .removeParticipant("p4", reason: nil), .seedReport,
        .addSection(title: "T", owner: .joint, after: nil, text: nil),
        .editSection("s1", version: 1, text: "x", title: nil), .suggest("s1", version: 1, text: "x", note: nil),
        .applySuggestion(1), .dismissSuggestion(1, reason: nil), .signSection("s1", version: 1),
        .withdrawSignature("s1"), .moveSection("s1", after: nil), .removeSection("s1"),
        .finalizeReport, .advancePhase("obstacles", from: nil),
        .translate(contribution: 1, language: LanguageTag(rawValue: "ru"), text: "t"),
        .verifyTranslation(contribution: 1, language: LanguageTag(rawValue: "ru"), translation: nil),
    ]

    /// One case per `Command` case, so that `everyCommand` can be checked complete.
    enum CommandCase: CaseIterable {
        case post, amend, endorse, withdrawEndorsement, redact, approve, reject, raiseHand, lowerHand, grantFloor
        case openItem, closeItem, mute, unmute, setRules, closeSession, addParticipant, removeParticipant
        case seedReport, addSection, editSection, suggest, applySuggestion, dismissSuggestion, signSection
        case withdrawSignature, moveSection, removeSection, finalizeReport
        case acceptRules, advancePhase, translate, verifyTranslation
    }

    /// Exhaustive, without `default`: a new `Command` case does not compile here until it
    /// has its `CommandCase`, and then `gateCoversEveryCommand` fails until `everyCommand`
    /// lists it.
    static func commandCase(_ command: Command) -> CommandCase {
        switch command {
        case .post: .post
        case .amend: .amend
        case .endorse: .endorse
        case .withdrawEndorsement: .withdrawEndorsement
        case .redact: .redact
        case .approve: .approve
        case .reject: .reject
        case .raiseHand: .raiseHand
        case .lowerHand: .lowerHand
        case .grantFloor: .grantFloor
        case .openItem: .openItem
        case .closeItem: .closeItem
        case .mute: .mute
        case .unmute: .unmute
        case .setRules: .setRules
        case .closeSession: .closeSession
        case .addParticipant: .addParticipant
        case .removeParticipant: .removeParticipant
        case .seedReport: .seedReport
        case .addSection: .addSection
        case .editSection: .editSection
        case .suggest: .suggest
        case .applySuggestion: .applySuggestion
        case .dismissSuggestion: .dismissSuggestion
        case .signSection: .signSection
        case .withdrawSignature: .withdrawSignature
        case .moveSection: .moveSection
        case .removeSection: .removeSection
        case .finalizeReport: .finalizeReport
        case .acceptRules: .acceptRules
        case .advancePhase: .advancePhase
        case .translate: .translate
        case .verifyTranslation: .verifyTranslation
        }
    }

    @Test("the gate is tried on every command there is, acceptRules apart")
    func gateCoversEveryCommand() {
        let listed = Self.everyCommand.map(Self.commandCase)
        #expect(Set(listed) == Set(CommandCase.allCases).subtracting([.acceptRules]))
        #expect(listed.count == Set(listed).count, "each command once")
        #expect(Set(Self.everyCommand.map(\.name)).count == CommandCase.allCases.count - 1, "and by its own name")
    }

    @Test("until they accept the ground rules, every participant may only read", arguments: 1...7)
    func gate(n: Int) throws {
        var dialogue = try Dialogue(spec: Self.spec())
        let principal = Principal.participant(ParticipantID(rawValue: "p\(n)"))
        for command in Self.everyCommand {
            #expect(throws: Refusal(.forbidden, "accept the ground rules first"), "\(command.name)") {
                try dialogue.state.handle(command, by: principal, at: dialogue.now)
            }
        }
        #expect(dialogue.code(of: .acceptRules(version: 1), by: principal) == .conflict, "a stale version")
        let events = try dialogue.run(.acceptRules(version: 2), by: principal)
        #expect(events.map(\.body.kind) == [.rulesAccepted])
        #expect(dialogue.state.acceptedRules[ParticipantID(rawValue: "p\(n)")] == 2)
        #expect(dialogue.state.hasAcceptedRules(ParticipantID(rawValue: "p\(n)")))
        #expect(dialogue.code(of: .acceptRules(version: 2), by: principal) == .conflict, "accepting twice")
        // Past the door, the command is decided by its own rules (no more `forbidden` for the rules).
        let after = dialogue.code(of: .raiseHand, by: principal)
        #expect(after == (n >= 2 && n <= 5 ? nil : .forbidden))
    }

    @Test("the operator is not asked; a session without ground rules asks no one")
    func noGate() throws {
        var gated = try Dialogue(spec: Self.spec())
        #expect(gated.code(of: .closeItem("regional"), by: .admin) == .forbidden, "decided by its own rule")
        #expect(
            gated.code(
                of: .addParticipant(NewParticipant(name: "Late Member", role: .member, side: "am", credential: "hl")),
                by: .admin)
                == nil)
        #expect(gated.code(of: .acceptRules(version: 2), by: .admin) == .invalid)
        var open = try Dialogue(spec: Self.spec(groundRules: nil))
        #expect(open.code(of: .raiseHand, by: Dialogue.memberAM) == nil)
        #expect(open.code(of: .acceptRules(version: 1), by: Dialogue.memberAM) == .invalid)
    }

    @Test("an observer's acceptance is seen as the observer is listed")
    func observerAcceptance() throws {
        var dialogue = try Dialogue(spec: Self.spec())
        let event = try dialogue.run(.acceptRules(version: 2), by: Dialogue.observer)[0]
        let state = dialogue.state
        #expect(Visibility.project(event, for: .participant(state.participant("p2")!), in: state) != nil)
        #expect(Visibility.project(event, for: .participant(state.participant("p7")!), in: state) != nil)
        #expect(Visibility.project(event, for: .participant(state.participant("p4")!), in: state) == nil)
    }

    @Test("ground rules are checked when the session is made")
    func specChecks() throws {
        for bad in [
            GroundRules(version: 0, text: "x"), GroundRules(version: 1_000_001, text: "x"), GroundRules(text: "  "),
            GroundRules(text: "a\u{7}b"),
            GroundRules(text: String(repeating: "x", count: GroundRules.maxLength + 1)),
        ] {
            var spec = Self.spec()
            spec.groundRules = bad
            #expect(throws: Refusal.self) { try spec.validated() }
        }
        var minutes = Self.spec()
        minutes.agenda[0].minutes = 0
        #expect(throws: Refusal.self) { try minutes.validated() }
        let decoded = try JSONDecoder().decode(
            SessionSpec.self,
            from: Data(
                #"{"title":"T","sides":[{"id":"a","name":"A"},{"id":"b","name":"B"}],"agenda":[{"title":"I","minutes":20,"phase":"comments"}],"groundRules":{"text":"Be kind.\n\nOne at a time."}}"#
                    .utf8))
        let valid = try decoded.validated()
        #expect(valid.groundRules == GroundRules(version: 1, text: "Be kind.\n\nOne at a time."))
        #expect(valid.agenda[0] == AgendaItemSpec(id: "item-1", title: "I", minutes: 20, phase: .comments))
    }

    // MARK: Phases

    @Test("a phase takes the kinds it allows, and chat")
    func phaseKinds() throws {
        var dialogue = try Dialogue(spec: Self.spec(phases: true))
        try Self.accepted(&dialogue)
        #expect(throws: Never.self) { try dialogue.post("we hold", kind: .position, by: Dialogue.memberAM) }
        #expect(throws: Never.self) { try dialogue.post("hi", kind: .chat, by: Dialogue.memberAM) }
        #expect(throws: Refusal(.invalid, "agenda item 'obstacles' is in its positions phase: post a position")) {
            try dialogue.post("but", kind: .comment, by: Dialogue.memberAZ)
        }
        #expect(
            dialogue.code(of: .post(Post(item: "regional", kind: .proposal, text: "p")), by: Dialogue.memberAZ) == nil,
            "an item without phases takes every kind")
        try dialogue.run(.advancePhase("obstacles", from: .positions), by: Dialogue.facilitator)
        #expect(
            dialogue.code(of: .post(Post(item: "obstacles", kind: .comment, text: "c")), by: Dialogue.memberAZ) == nil)
        #expect(
            dialogue.code(of: .post(Post(item: "obstacles", kind: .proposal, text: "p")), by: Dialogue.memberAZ)
                == .invalid)
    }

    @Test("co-chairs move a phase together, the facilitator alone; a stale press is refused")
    func advancing() throws {
        var dialogue = try Dialogue(spec: Self.spec(phases: true))
        try Self.accepted(&dialogue)
        let first = try dialogue.run(.advancePhase("obstacles", from: .positions), by: Dialogue.cochairAM)
        #expect(first.map(\.body.kind) == [.phaseAdvanceRequested])
        #expect(dialogue.state.phases["obstacles"] == .positions)
        #expect(dialogue.code(of: .advancePhase("obstacles", from: .positions), by: Dialogue.cochairAM) == .conflict)
        #expect(dialogue.code(of: .advancePhase("obstacles", from: nil), by: Dialogue.memberAZ) == .forbidden)
        let second = try dialogue.run(.advancePhase("obstacles", from: .positions), by: Dialogue.cochairAZ)
        #expect(second.map(\.body.kind) == [.phaseAdvanceRequested, .phaseAdvanced])
        #expect(dialogue.state.phases["obstacles"] == .comments)
        #expect(dialogue.state.phaseRequests["obstacles"] == nil, "requests are cleared")
        // A co-chair who pressed for the phase before is refused, not moved on twice.
        #expect(dialogue.code(of: .advancePhase("obstacles", from: .positions), by: Dialogue.cochairAM) == .conflict)
        try dialogue.run(.advancePhase("obstacles", from: .comments), by: Dialogue.facilitator)
        let closing = try dialogue.run(.advancePhase("obstacles", from: .drafting), by: Dialogue.facilitator)
        #expect(closing.map(\.body.kind) == [.phaseAdvanced, .itemClosed])
        #expect(!dialogue.state.isOpen("obstacles"))
        #expect(dialogue.code(of: .advancePhase("obstacles", from: nil), by: Dialogue.facilitator) == .invalid)
        try dialogue.run(.openItem("obstacles"), by: Dialogue.cochairAZ)
        #expect(dialogue.state.phases["obstacles"] == .drafting, "reopening goes back to drafting")
        #expect(dialogue.code(of: .advancePhase("regional", from: nil), by: Dialogue.facilitator) == .invalid)
        #expect(try SessionState.fold(dialogue.journal) == dialogue.state)
    }

    @Test("an item's time runs from its first post, on the clock the caller passes in")
    func timebox() throws {
        var dialogue = try Dialogue(spec: Self.spec(phases: true))
        try Self.accepted(&dialogue)
        #expect(dialogue.state.minutesLeft("obstacles", at: dialogue.now) == nil, "not begun")
        dialogue.advance(seconds: 600)
        try dialogue.post("caucus first", kind: .chat, by: Dialogue.memberAM, channel: .caucus)
        #expect(dialogue.state.minutesLeft("obstacles", at: dialogue.now) == nil, "a caucus line starts no clock")
        try dialogue.post("opening position", by: Dialogue.cochairAM)
        let started = dialogue.now
        #expect(dialogue.state.minutesLeft("obstacles", at: started) == 30)
        #expect(dialogue.state.minutesLeft("obstacles", at: started.adding(seconds: 45 * 60)) == -15)
        #expect(dialogue.state.minutesLeft("regional", at: started) == nil, "no minutes")
        let document = SessionDocument(dialogue.state, for: .admin, at: started)
        #expect(document.agenda[0].startedAt == started && document.agenda[0].minutes == 30)
        #expect(document.agenda[0].phase == .positions && document.agenda[0].phaseRequestedBy == [])
        #expect(document.agenda[1].phase == nil && document.agenda[1].phaseRequestedBy == nil)
    }

    // MARK: Translations

    @Test("the other side verifies a translation; an amendment clears it and a stale one is refused")
    func translations() throws {
        var dialogue = try Dialogue(spec: Self.spec())
        try Self.accepted(&dialogue)
        let ru = LanguageTag(parsing: "RU")!
        let original = try dialogue.post("Հայաստանը պատրաստ է", by: Dialogue.memberAM)
        try dialogue.run(
            .translate(contribution: original, language: ru, text: "Армения готова"), by: Dialogue.memberAZ)
        let translation = try #require(dialogue.state.contributions[original]?.translations[ru])
        #expect(translation.side == "az" && translation.version == 1 && translation.verifiedBy == nil)
        let verify = Command.verifyTranslation(contribution: original, language: ru, translation: translation.seq)
        #expect(dialogue.code(of: verify, by: Dialogue.memberAZ) == .forbidden, "not by the translator's side")
        #expect(dialogue.code(of: verify, by: Dialogue.facilitator) == .forbidden)
        #expect(dialogue.code(of: verify, by: Dialogue.observerAM) == .forbidden)
        #expect(
            dialogue.code(
                of: .verifyTranslation(contribution: original, language: ru, translation: 2), by: Dialogue.memberAM)
                == .conflict, "a translation not read")
        #expect(dialogue.code(of: verify, by: Dialogue.memberAM) == nil)
        #expect(dialogue.state.contributions[original]?.translations[ru]?.verifiedSide == "am")
        #expect(dialogue.code(of: verify, by: Dialogue.cochairAM) == .conflict, "twice")
        try dialogue.run(.amend(contribution: original, text: "Հայաստանը պատրաստ է ստորագրել"), by: Dialogue.memberAM)
        #expect(dialogue.state.contributions[original]?.translations[ru]?.verifiedBy == nil, "cleared")
        #expect(dialogue.code(of: verify, by: Dialogue.cochairAM) == .conflict, "of an earlier version")
        try dialogue.run(
            .translate(contribution: original, language: ru, text: "Армения готова подписать"), by: Dialogue.cochairAZ)
        let fresh = try #require(dialogue.state.contributions[original]?.translations[ru])
        #expect(fresh.version == 2 && fresh.seq != translation.seq)
        #expect(
            dialogue.code(
                of: .verifyTranslation(contribution: original, language: ru, translation: fresh.seq),
                by: Dialogue.cochairAM)
                == nil)
        #expect(try SessionState.fold(dialogue.journal) == dialogue.state)
    }

    @Test("translations obey the text rules and the held terms; tags are canonical")
    func translationInput() throws {
        var dialogue = try Dialogue(
            spec: {
                var spec = Self.spec(groundRules: nil)
                spec.rules.heldTerms = ["traitor"]
                return spec
            }())
        let original = try dialogue.post("a position", by: Dialogue.memberAM)
        let en = LanguageTag(rawValue: "en")
        #expect(
            dialogue.code(of: .translate(contribution: original, language: en, text: " "), by: Dialogue.memberAZ)
                == .invalid)
        #expect(
            dialogue.code(
                of: .translate(contribution: original, language: en, text: "a traitor"), by: Dialogue.memberAZ)
                == .invalid)
        #expect(
            dialogue.code(
                of: .translate(contribution: original, language: en, text: String(repeating: "x", count: 4001)),
                by: Dialogue.memberAZ)
                == .tooLong)
        #expect(
            dialogue.code(of: .translate(contribution: original, language: en, text: "t"), by: Dialogue.facilitator)
                == .forbidden)
        #expect(
            dialogue.code(of: .translate(contribution: original, language: en, text: "t"), by: Dialogue.observer)
                == .forbidden)
        #expect(
            dialogue.code(of: .translate(contribution: 999, language: en, text: "t"), by: Dialogue.memberAZ)
                == .notFound)
        #expect(LanguageTag(parsing: "AZ-latn-az")?.rawValue == "az-Latn-AZ")
        #expect(LanguageTag(parsing: "en-gb")?.rawValue == "en-GB")
        for bad in ["", "r", "ru_RU", "рус", "ru--x", "-ru", "ru-", "a1", String(repeating: "a", count: 36), "ru\u{0}"]
        {
            #expect(LanguageTag(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("a redaction reaches the translations: tombstoned on replay, dropped from the state, not verifiable")
    func redactedTranslations() throws {
        var dialogue = try Dialogue(spec: Self.spec(groundRules: nil))
        let ru = LanguageTag(rawValue: "ru")
        let original = try dialogue.post("words to be redacted later", by: Dialogue.memberAM)
        let translated = try dialogue.run(
            .translate(contribution: original, language: ru, text: "words to be redacted later"), by: Dialogue.memberAZ)[
                0]
        try dialogue.run(.redact(contribution: original, reason: "personal data"), by: Dialogue.cochairAM)
        #expect(dialogue.state.contributions[original]?.translations.isEmpty == true)
        guard case .translated(let replayed) = Visibility.tombstoned(translated, in: dialogue.state).body else {
            Issue.record("not a translation")
            return
        }
        #expect(replayed.text == "[redacted: personal data]")
        #expect(
            dialogue.code(
                of: .verifyTranslation(contribution: original, language: ru, translation: nil), by: Dialogue.memberAM)
                == .conflict)
        #expect(
            dialogue.code(of: .translate(contribution: original, language: ru, text: "again"), by: Dialogue.memberAZ)
                == .conflict)
    }

    @Test("translations keep slow mode, a cap on languages, and no bidi controls; no item starts closed")
    func translationLimits() throws {
        var dialogue = try Dialogue(
            spec: {
                var spec = Self.spec(groundRules: nil)
                spec.rules.slowModeSeconds = 30
                return spec
            }())
        let original = try dialogue.post("a position", by: Dialogue.memberAM)
        let en = LanguageTag(rawValue: "en")
        #expect(
            dialogue.code(
                of: .translate(contribution: original, language: en, text: "a\u{202E}b"), by: Dialogue.memberAZ)
                == .invalid)
        #expect(
            dialogue.code(of: .translate(contribution: original, language: en, text: "one"), by: Dialogue.memberAZ)
                == nil)
        #expect(
            dialogue.code(
                of: .translate(contribution: original, language: LanguageTag(rawValue: "ru"), text: "two"),
                by: Dialogue.memberAZ)
                == .rateLimited, "a translation counts towards slow mode")
        for n in 1...7 {
            dialogue.advance(seconds: 31)
            #expect(
                dialogue.code(
                    of: .translate(contribution: original, language: LanguageTag(rawValue: "x-\(n)"), text: "t"),
                    by: Dialogue.memberAZ)
                    == nil)
        }
        dialogue.advance(seconds: 31)
        #expect(
            dialogue.code(
                of: .translate(contribution: original, language: LanguageTag(rawValue: "x-9"), text: "t"),
                by: Dialogue.memberAZ)
                == .invalid, "at most eight languages")
        dialogue.advance(seconds: 31)
        #expect(
            dialogue.code(of: .translate(contribution: original, language: en, text: "replaced"), by: Dialogue.memberAZ)
                == nil)
        var closed = Self.spec()
        closed.agenda[0].phase = .closed
        #expect(throws: Refusal.self) { try closed.validated() }
    }
}
