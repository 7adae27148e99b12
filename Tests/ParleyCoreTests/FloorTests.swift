import ParleyCore
import ParleyTestKit
import Testing

@Suite("Floor queue")
struct FloorTests {
    @Test("the floor passes on so that the sides alternate")
    func alternation() throws {
        var dialogue = try Dialogue(rules: .with { $0.floor = .queue })
        let first = try dialogue.run(.raiseHand, by: Dialogue.memberAM)
        #expect(first.map(\.body.kind) == [.handRaised, .floorGranted], "a free floor goes to the first hand")
        #expect(dialogue.state.floorHolder == "p4")
        try dialogue.run(.raiseHand, by: Dialogue.cochairAM)
        try dialogue.run(.raiseHand, by: Dialogue.memberAZ)
        try dialogue.run(.raiseHand, by: Dialogue.cochairAZ)
        #expect(dialogue.state.hands == ["p2", "p5", "p3"])
        #expect(dialogue.state.suggestedNextSpeaker == "p5", "Azerbaijan speaks after Armenia")

        try dialogue.run(.lowerHand, by: Dialogue.memberAM)
        #expect(dialogue.state.floorHolder == "p5")
        try dialogue.run(.lowerHand, by: Dialogue.memberAZ)
        #expect(dialogue.state.floorHolder == "p2")
        try dialogue.run(.lowerHand, by: Dialogue.cochairAM)
        #expect(dialogue.state.floorHolder == "p3")
        try dialogue.run(.lowerHand, by: Dialogue.cochairAZ)
        #expect(dialogue.state.floorHolder == nil)
        #expect(dialogue.state.hands.isEmpty)
    }

    @Test("in queue mode only the floor holder posts, except chat")
    func onlyHolderPosts() throws {
        var dialogue = try Dialogue(rules: .with { $0.floor = .queue })
        try dialogue.run(.raiseHand, by: Dialogue.memberAZ)
        #expect(
            dialogue.code(of: .post(Post(item: "obstacles", kind: .position, text: "x")), by: Dialogue.memberAM)
                == .forbidden)
        #expect(dialogue.code(of: .post(Post(item: "obstacles", kind: .chat, text: "x")), by: Dialogue.memberAM) == nil)
        #expect(
            dialogue.code(of: .post(Post(item: "obstacles", kind: .position, text: "y")), by: Dialogue.memberAZ) == nil)
    }

    @Test("moderators grant the floor; granting removes the hand; a raised hand cannot be raised again")
    func grants() throws {
        var dialogue = try Dialogue(rules: .with { $0.floor = .queue })
        try dialogue.run(.raiseHand, by: Dialogue.memberAM)
        try dialogue.run(.raiseHand, by: Dialogue.memberAZ)
        #expect(dialogue.code(of: .raiseHand, by: Dialogue.memberAZ) == .conflict)
        try dialogue.run(.grantFloor(participant: "p5"), by: Dialogue.cochairAM)
        #expect(dialogue.state.floorHolder == "p5")
        #expect(dialogue.state.hands.isEmpty)
        #expect(dialogue.code(of: .grantFloor(participant: "p5"), by: Dialogue.facilitator) == .conflict)
        #expect(dialogue.code(of: .grantFloor(participant: "p6"), by: Dialogue.facilitator) == .invalid)
        #expect(dialogue.code(of: .grantFloor(participant: "p99"), by: Dialogue.facilitator) == .notFound)
        #expect(dialogue.code(of: .lowerHand, by: Dialogue.memberAM) == .conflict)
    }

    @Test("removing the floor holder passes the floor on")
    func removalPasses() throws {
        var dialogue = try Dialogue(rules: .with { $0.floor = .queue })
        try dialogue.run(.raiseHand, by: Dialogue.memberAM)
        try dialogue.run(.raiseHand, by: Dialogue.memberAZ)
        let events = try dialogue.run(.removeParticipant("p4", reason: nil), by: Dialogue.facilitator)
        #expect(events.map(\.body.kind) == [.participantRemoved, .floorGranted])
        #expect(dialogue.state.floorHolder == "p5")
    }
}
