import ParleyTestKit
import Testing

@testable import ParleyCore

@Suite("Endorsement and adoption")
struct EndorsementTests {
    @Test("a proposal is adopted once both co-chairs endorse it")
    func bothCochairs() throws {
        var dialogue = try Dialogue()
        let id = try dialogue.post("Open the existing communications", kind: .proposal, by: Dialogue.memberAM)
        let first = try dialogue.run(
            .endorse(contribution: id, version: dialogue.version(of: id)), by: Dialogue.cochairAM)
        #expect(first.map(\.body.kind) == [.endorsed])
        #expect(dialogue.state.contributions[id]?.adopted == false)
        let second = try dialogue.run(
            .endorse(contribution: id, version: dialogue.version(of: id)), by: Dialogue.cochairAZ)
        #expect(second.map(\.body.kind) == [.endorsed, .adopted])
        #expect(dialogue.state.contributions[id]?.adopted == true)
    }

    @Test("a co-chair's own proposal counts as their side's endorsement")
    func ownPostCounts() throws {
        var dialogue = try Dialogue()
        let events = try dialogue.run(
            .post(
                Post(item: "obstacles", kind: .recommendation, text: "Sign before the referendum", options: ["a", "b"])),
            by: Dialogue.cochairAZ)
        #expect(events.map(\.body.kind) == [.contributed, .endorsed])
        let adoption = try dialogue.run(
            .endorse(contribution: events[0].seq, version: dialogue.version(of: events[0].seq)), by: Dialogue.cochairAM)
        #expect(adoption.map(\.body.kind) == [.endorsed, .adopted])
        #expect(
            dialogue.code(
                of: .endorse(contribution: events[0].seq, version: dialogue.version(of: events[0].seq)),
                by: Dialogue.cochairAZ) == .conflict)
    }

    @Test("an amendment clears endorsements: adoption needs both sides on the current text")
    func amendClears() throws {
        var dialogue = try Dialogue()
        let id = try dialogue.post("Version one", kind: .proposal, by: Dialogue.memberAM)
        try dialogue.run(.endorse(contribution: id, version: dialogue.version(of: id)), by: Dialogue.cochairAZ)
        try dialogue.run(.amend(contribution: id, text: "Version two"), by: Dialogue.memberAM)
        #expect(dialogue.state.contributions[id]?.endorsements.isEmpty == true)
        let am = try dialogue.run(.endorse(contribution: id, version: dialogue.version(of: id)), by: Dialogue.cochairAM)
        #expect(am.map(\.body.kind) == [.endorsed], "the Azerbaijani endorsement was of version one")
        let az = try dialogue.run(.endorse(contribution: id, version: dialogue.version(of: id)), by: Dialogue.cochairAZ)
        #expect(az.map(\.body.kind) == [.endorsed, .adopted])
        #expect(az.last?.body == .adopted(.init(contribution: id, version: 2)))
    }

    @Test("a co-chair amending their own proposal endorses the new text")
    func cochairAmendEndorses() throws {
        var dialogue = try Dialogue()
        let id = try dialogue.post("Version one", kind: .proposal, by: Dialogue.cochairAM)
        let events = try dialogue.run(.amend(contribution: id, text: "Version two"), by: Dialogue.cochairAM)
        #expect(events.map(\.body.kind) == [.amended, .endorsed])
        #expect(dialogue.state.contributions[id]?.endorsements == ["am": 2])
    }

    @Test("adopted text is final; positions and chat are not endorsed; endorsing twice conflicts")
    func refusals() throws {
        var dialogue = try Dialogue()
        let proposal = try dialogue.post("Joint text", kind: .proposal, by: Dialogue.cochairAM)
        try dialogue.run(
            .endorse(contribution: proposal, version: dialogue.version(of: proposal)), by: Dialogue.cochairAZ)
        #expect(dialogue.code(of: .amend(contribution: proposal, text: "Changed"), by: Dialogue.cochairAM) == .conflict)
        #expect(
            dialogue.code(
                of: .endorse(contribution: proposal, version: dialogue.version(of: proposal)), by: Dialogue.cochairAZ)
                == .conflict)
        let position = try dialogue.post("A position", by: Dialogue.memberAZ)
        #expect(
            dialogue.code(
                of: .endorse(contribution: position, version: dialogue.version(of: position)), by: Dialogue.cochairAM)
                == .invalid)
        #expect(dialogue.code(of: .endorse(contribution: 999, version: 1), by: Dialogue.cochairAM) == .notFound)
        #expect(
            dialogue.code(of: .redact(contribution: proposal, reason: "no"), by: Dialogue.cochairAM) == .forbidden,
            "joint text is redacted by the facilitator only")
        #expect(dialogue.code(of: .redact(contribution: proposal, reason: "legal"), by: Dialogue.facilitator) == nil)
    }

    @Test("a held proposal by a co-chair is endorsed by their side when approved")
    func heldCochairProposal() throws {
        var dialogue = try Dialogue(rules: .with { $0.heldTerms = ["corridor"] })
        let id = try dialogue.post("Open the corridor", kind: .proposal, by: Dialogue.cochairAZ)
        #expect(
            dialogue.code(of: .endorse(contribution: id, version: dialogue.version(of: id)), by: Dialogue.cochairAM)
                == .conflict)
        let events = try dialogue.run(
            .approve(contribution: id, version: dialogue.version(of: id)), by: Dialogue.facilitator)
        #expect(events.map(\.body.kind) == [.approved, .endorsed])
        let adoption = try dialogue.run(
            .endorse(contribution: id, version: dialogue.version(of: id)), by: Dialogue.cochairAM)
        #expect(adoption.map(\.body.kind) == [.endorsed, .adopted])
    }
}
