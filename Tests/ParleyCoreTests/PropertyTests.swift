import Foundation
import ParleyCore
import ParleyTestKit
import Testing

/// Random command sequences from random callers: the machine never crashes and its
/// invariants hold after every step.
@Suite("Properties of random dialogues")
struct PropertyTests {
    static let seeds: [UInt64] = Array(1...40)

    @Test("invariants hold after every step", arguments: seeds)
    func invariants(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let rules = Rules.with {
            $0.heldTerms = ["traitor", "İşğal"]
            $0.floor = seed % 2 == 0 ? .queue : .open
            $0.slowModeSeconds = seed % 3 == 0 ? 20 : 0
            $0.editWindowSeconds = 120
        }
        var dialogue = try Dialogue(rules: rules)
        let observer = Viewer.participant(dialogue.state.participant("p7")!)
        var accepted = 0
        for _ in 0..<400 {
            dialogue.advance(seconds: Int.random(in: 0...40, using: &random))
            let (command, principal) = Self.randomCommand(dialogue.state, &random)
            let headBefore = dialogue.state.head
            guard let events = try? dialogue.run(command, by: principal) else {
                #expect(dialogue.state.head == headBefore)
                continue
            }
            accepted += 1
            for (offset, event) in events.enumerated() {
                #expect(event.seq == headBefore + 1 + Int64(offset), "seq rises by one")
                if let id = Self.textContribution(Visibility.project(event, for: observer, in: dialogue.state)) {
                    #expect(dialogue.state.contributions[id]?.moderation == .visible, "held text seen by an observer")
                }
            }
            for contribution in dialogue.state.contributions.values where contribution.adopted {
                #expect(contribution.isEndorsedByBoth(sides: dialogue.state.spec.sides))
            }
            let draft = dialogue.state.report
            #expect(Set(draft.sections.map(\.id)).count == draft.sections.count, "section ids are unique")
            for section in draft.sections {
                #expect(
                    section.signatures.values.allSatisfy { $0.version == section.version },
                    "a signature on a stale version")
                #expect(section.brackets == Brackets.count(in: section.text))
                #expect(section.signatures.isEmpty || section.brackets == 0, "a signed section with brackets")
            }
        }
        #expect(accepted > 10, "the generator exercises the machine")
        #expect(
            dialogue.state.isClosed
                || dialogue.journal.contains { if case .sectionEdited = $0.body { true } else { false } },
            "the generator exercises drafting, unless the session closed early")

        let journal = dialogue.journal
        #expect(try SessionState.fold(journal) == dialogue.state)
        let split = Int.random(in: 1...journal.count, using: &random)
        var resumed = try SessionState.fold(journal.prefix(split))
        for event in journal.dropFirst(split) { resumed.apply(event) }
        #expect(resumed == dialogue.state, "a prefix folded, then the rest, equals the whole")

        let encoder = JSONEncoder()
        let decoded = try journal.map { try JSONDecoder().decode(Event.self, from: encoder.encode($0)) }
        #expect(decoded == journal)
    }

    /// The contribution whose text an event shows, if any.
    static func textContribution(_ event: Event?) -> ContributionID? {
        switch event?.body {
        case .contributed(let posted): posted.contribution
        case .amended(let amendment): amendment.contribution
        case .approved(let approval): approval.contribution
        default: nil
        }
    }

    static let texts = [
        "Position on the treaty", "traitor", "İŞĞAL deyil", "Հայաստան և Ադրբեջան", "Ελλάδα", "🕊️", "  ",
        String(repeating: "x", count: 4001),
    ]

    static func randomCommand(_ state: SessionState, _ random: inout SplitMix64) -> (Command, Principal) {
        // Speakers act most often, so that most sequences get past the first refusals.
        let speakers = state.activeParticipants.filter { $0.role.speaksForSide }.map { Principal.participant($0.id) }
        let principals: [Principal] = [.admin] + state.participants.map { .participant($0.id) } + speakers + speakers
        let principal = principals.randomElement(using: &random)!
        let contributionIDs = Array(state.contributions.keys) + [999_999]
        let contribution = contributionIDs.randomElement(using: &random)!
        // Mostly the version shown, sometimes a stale one.
        let current = state.contributions[contribution]?.version ?? 1
        let version = Int.random(in: 0..<4, using: &random) == 0 ? max(1, current - 1) : current
        let person = (state.participants.map(\.id) + ["p404"]).randomElement(using: &random)!
        let item: ItemID = ["obstacles", "regional", "missing"].randomElement(using: &random)!
        let text = texts.randomElement(using: &random)!
        let kind = ContributionKind.allCases.randomElement(using: &random)!
        let command: Command
        let draftChoice = Int.random(in: 0..<3, using: &random)
        if draftChoice == 0 {
            return (randomDraftingCommand(state, &random), principal)
        }
        switch Int.random(in: 0..<20, using: &random) {
        case 0...4:
            command = .post(
                Post(
                    item: item, kind: kind, text: text,
                    replyTo: Bool.random(using: &random) ? contribution : nil,
                    options: kind == .recommendation ? ["a) sign", "b) wait"] : nil))
        case 5: command = .amend(contribution: contribution, text: text)
        case 6, 7: command = .endorse(contribution: contribution, version: version)
        case 8: command = .redact(contribution: contribution, reason: "reason")
        case 9: command = .approve(contribution: contribution, version: version)
        case 10:
            command =
                Bool.random(using: &random)
                ? .reject(contribution: contribution, version: version, reason: nil)
                : .withdrawEndorsement(contribution: contribution)
        case 11: command = .raiseHand
        case 12: command = .lowerHand
        case 13: command = .grantFloor(participant: person)
        case 14: command = Bool.random(using: &random) ? .openItem(item) : .closeItem(item)
        case 15: command = .mute(participant: person, seconds: Int.random(in: 0...90, using: &random), reason: nil)
        case 16: command = .unmute(participant: person)
        case 17:
            command = .addParticipant(
                NewParticipant(
                    name: "Person", role: Role.allCases.randomElement(using: &random)!,
                    side: ["am", "az", nil].randomElement(using: &random)!, credential: "h"))
        case 18:
            command = Int.random(in: 0..<8, using: &random) == 0 ? .removeParticipant(person, reason: nil) : .raiseHand
        default:
            command =
                Int.random(in: 0..<30, using: &random) == 0
                ? .closeSession : .setRules(RulesPatch(slowModeSeconds: Int.random(in: 0...30, using: &random)))
        }
        return (command, principal)
    }
}

extension PropertyTests {
    static let sectionTexts = [
        "We [[shall // should]] open the border.", "We shall open the border.", "Հայաստան և Ադրբեջան",
        "a traitor", "[[unclosed", "## 1. Theme\n\nText\n- a) one", "",
    ]

    /// A drafting command on a section, version or suggestion of the state, or a stale or unknown one.
    static func randomDraftingCommand(_ state: SessionState, _ random: inout SplitMix64) -> Command {
        let sections = state.report.sections
        let section = (sections.map(\.id) + ["s404"]).randomElement(using: &random)!
        let current = state.report.section(section)?.version ?? 1
        let version = Bool.random(using: &random) ? current : max(1, current - 1)
        let text = sectionTexts.randomElement(using: &random)!
        let suggestion = (Array(state.report.suggestions.keys) + [404]).randomElement(using: &random)!
        let owner: SectionOwner = [.joint, .side("am"), .side("az"), .side("xx")].randomElement(using: &random)!
        switch Int.random(in: 0..<12, using: &random) {
        case 0:
            return sections.isEmpty ? .seedReport : .addSection(title: "Annex", owner: owner, after: nil, text: text)
        case 1...3: return .editSection(section, version: version, text: text, title: nil)
        case 4: return .suggest(section, version: version, text: text, note: nil)
        case 5:
            return Bool.random(using: &random)
                ? .applySuggestion(suggestion) : .dismissSuggestion(suggestion, reason: nil)
        case 6, 7: return .signSection(section, version: version)
        case 8: return .withdrawSignature(section)
        case 9: return .moveSection(section, after: sections.randomElement(using: &random)?.id)
        case 10: return .removeSection(section)
        default: return Int.random(in: 0..<4, using: &random) == 0 ? .finalizeReport : .seedReport
        }
    }
}
