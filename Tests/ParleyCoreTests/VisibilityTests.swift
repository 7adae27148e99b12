import ParleyCore
import ParleyTestKit
import Testing

@Suite("Visibility")
struct VisibilityTests {
    func viewers(_ state: SessionState) -> [String: Viewer] {
        Dictionary(uniqueKeysWithValues: state.participants.map { ($0.id.rawValue, Viewer.participant($0)) })
    }

    @Test("held text: its author, co-chairs and the facilitator only, until approved")
    func held() throws {
        var dialogue = try Dialogue(rules: .with { $0.heldTerms = ["traitor"] })
        let events = try dialogue.run(
            .post(Post(item: "obstacles", kind: .position, text: "traitor")), by: Dialogue.memberAM)
        let viewers = viewers(dialogue.state)
        for event in events {
            for id in ["p1", "p2", "p3", "p4"] {
                #expect(Visibility.project(event, for: viewers[id]!, in: dialogue.state) == event)
            }
            for id in ["p5", "p6", "p7"] {
                #expect(Visibility.project(event, for: viewers[id]!, in: dialogue.state) == nil)
            }
        }
        let approval = try dialogue.run(
            .approve(contribution: events[0].seq, version: dialogue.version(of: events[0].seq)), by: Dialogue.cochairAZ)
        guard
            case .approved(let approved) = Visibility.project(approval[0], for: viewers["p7"]!, in: dialogue.state)?
                .body
        else {
            Issue.record("observers see the approval")
            return
        }
        #expect(approved.content.text == "traitor")
        #expect(approved.by == Dialogue.cochairAZ)
    }

    @Test("rejection is seen by the author and moderators only")
    func rejected() throws {
        var dialogue = try Dialogue(rules: .with { $0.heldTerms = ["traitor"] })
        let id = try dialogue.post("traitor", by: Dialogue.memberAZ)
        let rejection = try dialogue.run(
            .reject(contribution: id, version: dialogue.version(of: id), reason: "insult"), by: Dialogue.facilitator)
        let viewers = viewers(dialogue.state)
        #expect(Visibility.project(rejection[0], for: viewers["p5"]!, in: dialogue.state) != nil)
        #expect(Visibility.project(rejection[0], for: viewers["p2"]!, in: dialogue.state) != nil)
        #expect(Visibility.project(rejection[0], for: viewers["p4"]!, in: dialogue.state) == nil)
    }

    @Test("token hashes never leave the journal")
    func credentials() throws {
        let dialogue = try Dialogue()
        for event in dialogue.journal {
            for viewer in [Viewer.admin, .participant(dialogue.state.participant("p7")!)] {
                if case .participantAdded(let added) = Visibility.project(event, for: viewer, in: dialogue.state)?.body
                {
                    #expect(added.credential == nil)
                }
            }
        }
        #expect(dialogue.state.credentials["p2"] == "h2")
    }

    @Test("moderation is visible to both co-chairs and the facilitator, with actor and reason")
    func moderationTransparency() throws {
        var dialogue = try Dialogue()
        let id = try dialogue.post("Words", by: Dialogue.memberAM)
        var moderation: [Event] = []
        moderation += try dialogue.run(.mute(participant: "p4", seconds: 60, reason: "tone"), by: Dialogue.cochairAM)
        moderation += try dialogue.run(.redact(contribution: id, reason: "insult"), by: Dialogue.cochairAM)
        moderation += try dialogue.run(.closeItem("regional"), by: Dialogue.cochairAM)
        moderation += try dialogue.run(.removeParticipant("p5", reason: "left"), by: Dialogue.facilitator)
        let viewers = viewers(dialogue.state)
        for event in moderation {
            for id in ["p1", "p2", "p3"] {
                #expect(Visibility.project(event, for: viewers[id]!, in: dialogue.state) == event)
            }
        }
    }

    @Test("an observer's arrival and removal, reason included, reach only moderators and that observer")
    func observersAudience() throws {
        var dialogue = try Dialogue()
        let removal = try dialogue.run(.removeParticipant("p7", reason: "Jane Doe, press"), by: .admin)
        let arrival = try #require(
            dialogue.journal.first { event in
                if case .participantAdded(let added) = event.body { added.participant.id == "p7" } else { false }
            })
        let viewers = viewers(dialogue.state)
        for event in [arrival, removal[0]] {
            for id in ["p1", "p2", "p3", "p7"] {
                #expect(Visibility.project(event, for: viewers[id]!, in: dialogue.state) != nil, "\(id)")
            }
            for id in ["p4", "p5", "p6"] {
                #expect(Visibility.project(event, for: viewers[id]!, in: dialogue.state) == nil, "\(id)")
            }
        }
        let member = try dialogue.run(.removeParticipant("p5", reason: "left"), by: .admin)
        #expect(Visibility.project(member[0], for: viewers["p6"]!, in: dialogue.state) != nil, "a member's is public")
    }
}
