import Foundation
import ParleyCore
import ParleyTestKit
import Testing

/// No key applies to text its holder did not read (contract §3): endorse, approve and
/// reject name the version read.
@Suite("Keys bound to the version read")
struct KeysBoundToVersionsTests {
    @Test("a proposal swapped in the instant of endorsing is not adopted")
    func swapAtEndorse() throws {
        var dialogue = try Dialogue()
        let id = try dialogue.post("open the border in spring", kind: .proposal, by: Dialogue.cochairAM)
        // Azerbaijan's co-chair reads version 1; Armenia's amends before the key arrives.
        try dialogue.run(
            .amend(contribution: id, text: "Both sides accept the Armenian position in full."), by: Dialogue.cochairAM)
        #expect(throws: Refusal(.conflict, "contribution \(id) is at version 2, not 1: read it again")) {
            try dialogue.run(.endorse(contribution: id, version: 1), by: Dialogue.cochairAZ)
        }
        #expect(dialogue.state.contributions[id]?.adopted == false)
    }

    @Test("an amendment says whose endorsements it cleared")
    func amendmentAnnouncesClearing() throws {
        var dialogue = try Dialogue()
        let id = try dialogue.post("open the border", kind: .proposal, by: Dialogue.memberAM)
        try dialogue.run(.endorse(contribution: id, version: 1), by: Dialogue.cochairAZ)
        let events = try dialogue.run(.amend(contribution: id, text: "open the border soon"), by: Dialogue.memberAM)
        guard case .amended(let amendment) = events[0].body else { Issue.record("no amendment"); return }
        #expect(amendment.cleared == ["az"])
        #expect(dialogue.state.contributions[id]?.endorsements.isEmpty == true)
    }

    @Test("approving or rejecting a held post needs the version reviewed")
    func heldVersions() throws {
        var dialogue = try Dialogue(rules: .with { $0.heldTerms = ["ceasefire"] })
        let id = try dialogue.post("the ceasefire holds", by: Dialogue.memberAM)
        try dialogue.run(
            .amend(contribution: id, text: "the ceasefire holds; the other side lies"), by: Dialogue.memberAM)
        #expect(dialogue.code(of: .approve(contribution: id, version: 1), by: Dialogue.cochairAZ) == .conflict)
        #expect(
            dialogue.code(of: .reject(contribution: id, version: 1, reason: nil), by: Dialogue.cochairAM) == .conflict)
        #expect(dialogue.state.contributions[id]?.moderation == .held)
        try dialogue.run(.reject(contribution: id, version: 2, reason: "insult"), by: Dialogue.cochairAM)
    }

    @Test("a co-chair withdraws an endorsement before adoption, never after")
    func withdraw() throws {
        var dialogue = try Dialogue()
        let id = try dialogue.post("meet monthly", kind: .proposal, by: Dialogue.memberAM)
        #expect(dialogue.code(of: .withdrawEndorsement(contribution: id), by: Dialogue.cochairAM) == .conflict)
        try dialogue.run(.endorse(contribution: id, version: 1), by: Dialogue.cochairAM)
        try dialogue.run(.withdrawEndorsement(contribution: id), by: Dialogue.cochairAM)
        #expect(dialogue.state.contributions[id]?.endorsements.isEmpty == true)
        try dialogue.run(.endorse(contribution: id, version: 1), by: Dialogue.cochairAZ)
        try dialogue.run(.endorse(contribution: id, version: 1), by: Dialogue.cochairAM)
        #expect(dialogue.state.contributions[id]?.adopted == true)
        #expect(dialogue.code(of: .withdrawEndorsement(contribution: id), by: Dialogue.cochairAM) == .conflict)
    }

    @Test("a removed co-chair's held proposal does not count as their side's endorsement")
    func removedCochair() throws {
        var dialogue = try Dialogue(rules: .with { $0.heldTerms = ["ceasefire"] })
        let id = try dialogue.post("a ceasefire commission", kind: .proposal, by: Dialogue.cochairAM)
        try dialogue.run(.removeParticipant("p2", reason: "left"), by: Dialogue.facilitator)
        let events = try dialogue.run(.approve(contribution: id, version: 1), by: Dialogue.cochairAZ)
        #expect(events.map(\.body.kind) == [.approved])
        #expect(dialogue.state.contributions[id]?.endorsements.isEmpty == true)
    }
}

extension KeysBoundToVersionsTests {
    @Test("a co-chair rejects held posts of their own side only, as they redact; any moderator approves")
    func rejectParity() throws {
        var dialogue = try Dialogue(rules: .with { $0.heldTerms = ["ceasefire"] })
        let id = try dialogue.post("the ceasefire holds", by: Dialogue.memberAZ)
        #expect(
            dialogue.code(of: .reject(contribution: id, version: 1, reason: nil), by: Dialogue.cochairAM) == .forbidden)
        #expect(dialogue.code(of: .approve(contribution: id, version: 1), by: Dialogue.cochairAM) == nil)
    }
}
