import ParleyCore
import ParleyTestKit
import Testing

/// Every drafting command × every kind of caller × a section of the caller's own side or
/// of the other side, against the rules of contract §5 and the parity rules.
@Suite("Drafting authorization matrix")
struct DraftingAuthorizationTests {
    typealias Caller = AuthorizationMatrixTests.Caller
    typealias Target = AuthorizationMatrixTests.Target

    enum Action: String, CaseIterable, Sendable {
        case seedReport, addJointSection, addSideSection, editJoint, editSide, suggest, applySuggestion
        case dismissSuggestion, signSection, withdrawSignature, moveSection, removeSection, finalizeReport
    }

    /// Who succeeds; everyone else is refused with `forbidden`.
    static func allowed(_ action: Action, _ caller: Caller, _ target: Target) -> Bool {
        let cochair = caller == .cochairAM || caller == .cochairAZ
        let speaker = cochair || caller == .memberAM || caller == .memberAZ
        let moderator = cochair || caller == .facilitator
        switch action {
        case .seedReport, .addJointSection, .editJoint, .moveSection, .removeSection, .finalizeReport: return moderator
        case .addSideSection: return cochair && target == .own
        case .editSide, .applySuggestion, .dismissSuggestion: return speaker && target == .own
        case .suggest: return speaker
        case .signSection, .withdrawSignature: return cochair
        }
    }

    typealias Case = AuthorizationMatrixTests.Cell<Action>

    static let cases = Case.all

    @Test("the matrix", arguments: cases)
    func matrix(_ test: Case) throws {
        var dialogue = try Dialogue()
        let side: SideID = test.target == .own ? test.caller.side : (test.caller.side == "am" ? "az" : "am")
        // s1–s4 seeded (joint); s5 Armenia's, s6 Azerbaijan's.
        if test.action != .seedReport {
            try dialogue.run(.seedReport, by: Dialogue.facilitator)
            for owner: SideID in ["am", "az"] {
                try dialogue.run(
                    .addSection(title: "\(owner) view", owner: .side(owner), after: nil, text: nil),
                    by: Dialogue.facilitator)
            }
        }
        let sideSection: SectionID = side == "am" ? "s5" : "s6"
        let command: Command
        switch test.action {
        case .seedReport: command = .seedReport
        case .addJointSection: command = .addSection(title: "Annex", owner: .joint, after: "s1", text: "Text.")
        case .addSideSection: command = .addSection(title: "View", owner: .side(side), after: nil, text: "Our view.")
        case .editJoint: command = .editSection("s1", version: 1, text: "Joint words.", title: nil)
        case .editSide: command = .editSection(sideSection, version: 1, text: "Side words.", title: nil)
        case .suggest: command = .suggest(sideSection, version: 1, text: "Suggested words.", note: "why")
        case .applySuggestion, .dismissSuggestion:
            let made = try dialogue.run(
                .suggest(sideSection, version: 1, text: "Words.", note: nil), by: Dialogue.memberAM)
            command =
                test.action == .applySuggestion
                ? .applySuggestion(made[0].seq) : .dismissSuggestion(made[0].seq, reason: nil)
        case .signSection: command = .signSection("s1", version: 1)
        case .withdrawSignature:
            try dialogue.run(.signSection("s1", version: 1), by: Dialogue.cochairAM)
            try dialogue.run(.signSection("s1", version: 1), by: Dialogue.cochairAZ)
            command = .withdrawSignature("s1")
        case .moveSection: command = .moveSection("s1", after: "s2")
        case .removeSection: command = .removeSection(sideSection)
        case .finalizeReport:
            for section in dialogue.state.report.sections {
                try dialogue.run(.signSection(section.id, version: 1), by: Dialogue.cochairAM)
                try dialogue.run(.signSection(section.id, version: 1), by: Dialogue.cochairAZ)
            }
            command = .finalizeReport
        }
        let expected: ErrorCode? = Self.allowed(test.action, test.caller, test.target) ? nil : .forbidden
        #expect(dialogue.code(of: command, by: test.caller.principal) == expected)
    }

    @Test("the facilitator adds a side's section but writes none of its words")
    func neutralFacilitator() throws {
        var dialogue = try Dialogue()
        #expect(
            dialogue.code(
                of: .addSection(title: "View", owner: .side("am"), after: nil, text: "Words."), by: Dialogue.facilitator
            )
                == .forbidden)
        #expect(
            dialogue.code(
                of: .addSection(title: "View", owner: .side("xx"), after: nil, text: nil), by: Dialogue.cochairAM)
                == .invalid)
    }

    @Test("a muted participant neither edits nor suggests")
    func muted() throws {
        var dialogue = try Dialogue()
        try dialogue.run(.seedReport, by: Dialogue.facilitator)
        try dialogue.run(.mute(participant: "p4", seconds: 60, reason: nil), by: Dialogue.facilitator)
        #expect(dialogue.code(of: .suggest("s1", version: 1, text: "x", note: nil), by: Dialogue.memberAM) == .muted)
    }
}
