import ParleyTestKit
import Testing

@testable import ParleyCore

@Suite("Moderation rules and time")
struct ModerationTests {
    @Test("slow mode limits everyone who posts, from the instant of their last post")
    func slowMode() throws {
        var dialogue = try Dialogue(rules: .with { $0.slowModeSeconds = 30 })
        try dialogue.post("first", by: Dialogue.memberAM)
        dialogue.advance(seconds: 29)
        #expect(
            dialogue.code(of: .post(Post(item: "obstacles", kind: .chat, text: "again")), by: Dialogue.memberAM)
                == .rateLimited)
        #expect(
            dialogue.code(of: .post(Post(item: "obstacles", kind: .chat, text: "other")), by: Dialogue.memberAZ) == nil)
        #expect(
            dialogue.code(of: .post(Post(item: "obstacles", kind: .chat, text: "chair")), by: Dialogue.cochairAM) == nil
        )
        #expect(
            dialogue.code(of: .post(Post(item: "obstacles", kind: .chat, text: "chair")), by: Dialogue.cochairAM)
                == .rateLimited, "co-chairs too: the contract exempts no one")
        dialogue.advance(seconds: 1)
        #expect(
            dialogue.code(of: .post(Post(item: "obstacles", kind: .chat, text: "again")), by: Dialogue.memberAM) == nil)
    }

    @Test("a mute expires at its end; unmute ends it early")
    func muteExpiry() throws {
        var dialogue = try Dialogue()
        let events = try dialogue.run(
            .mute(participant: "p4", seconds: 60, reason: "off topic"), by: Dialogue.cochairAM)
        guard case .muted(let mute) = events[0].body else { Issue.record("no muted event"); return }
        #expect(mute.until == Fixtures.start.adding(seconds: 60))
        #expect(mute.by == Dialogue.cochairAM && mute.reason == "off topic")
        #expect(
            dialogue.code(of: .post(Post(item: "obstacles", kind: .chat, text: "x")), by: Dialogue.memberAM) == .muted)
        #expect(dialogue.code(of: .raiseHand, by: Dialogue.memberAM) == .muted)
        dialogue.advance(seconds: 59)
        #expect(
            dialogue.code(of: .post(Post(item: "obstacles", kind: .chat, text: "x")), by: Dialogue.memberAM) == .muted)
        dialogue.advance(seconds: 1)
        #expect(dialogue.code(of: .post(Post(item: "obstacles", kind: .chat, text: "x")), by: Dialogue.memberAM) == nil)
        #expect(dialogue.code(of: .unmute(participant: "p4"), by: Dialogue.cochairAM) == .conflict)

        try dialogue.run(.mute(participant: "p4", seconds: 600, reason: nil), by: Dialogue.facilitator)
        try dialogue.run(.unmute(participant: "p4"), by: Dialogue.facilitator)
        #expect(dialogue.code(of: .post(Post(item: "obstacles", kind: .chat, text: "y")), by: Dialogue.memberAM) == nil)
        #expect(
            dialogue.code(of: .mute(participant: "p4", seconds: 0, reason: nil), by: Dialogue.facilitator) == .invalid)
        #expect(
            dialogue.code(of: .mute(participant: "p1", seconds: 10, reason: nil), by: Dialogue.cochairAM) == .invalid)
        #expect(
            dialogue.code(of: .mute(participant: "p3", seconds: 10, reason: nil), by: Dialogue.cochairAM) == .forbidden)
    }

    @Test("amendments: own text only, inside the edit window")
    func editWindow() throws {
        var dialogue = try Dialogue(rules: .with { $0.editWindowSeconds = 300 })
        let id = try dialogue.post("Draft", by: Dialogue.memberAM)
        dialogue.advance(seconds: 300)
        let events = try dialogue.run(.amend(contribution: id, text: "Final"), by: Dialogue.memberAM)
        #expect(
            events.first?.body == .amended(.init(contribution: id, author: "p4", text: "Final", version: 2, held: nil)))
        dialogue.advance(seconds: 1)
        #expect(dialogue.code(of: .amend(contribution: id, text: "Late"), by: Dialogue.memberAM) == .closed)
        #expect(dialogue.state.contributions[id]?.text == "Final")
    }

    @Test("the contract's error codes for bad posts")
    func postErrors() throws {
        var dialogue = try Dialogue(rules: .with { $0.maxLength = 10 })
        func code(_ post: Post, _ by: Principal = Dialogue.memberAM) -> ErrorCode? {
            dialogue.code(of: .post(post), by: by)
        }
        #expect(code(Post(item: "obstacles", kind: .position, text: "12345678901")) == .tooLong)
        #expect(code(Post(item: "obstacles", kind: .position, text: "Հայաստան12")) == nil, "characters, not bytes")
        #expect(code(Post(item: "obstacles", kind: .position, text: "   \n")) == .invalid)
        #expect(code(Post(item: "nowhere", kind: .position, text: "x")) == .notFound)
        #expect(code(Post(item: "obstacles", kind: .position, text: "x", replyTo: 999)) == .notFound)
        #expect(code(Post(item: "obstacles", kind: .position, text: "x", options: ["a"])) == .invalid)
        #expect(code(Post(item: "obstacles", kind: .recommendation, text: "x", options: [])) == .invalid)
        #expect(code(Post(item: "obstacles", kind: .position, text: "x"), Dialogue.observer) == .forbidden)
        try dialogue.run(.closeItem("obstacles"), by: Dialogue.facilitator)
        #expect(code(Post(item: "obstacles", kind: .position, text: "x")) == .closed)
        #expect(dialogue.code(of: .closeItem("obstacles"), by: Dialogue.facilitator) == .conflict)
    }

    @Test("a reply stays on its item and may only answer what its author can see")
    func replies() throws {
        var dialogue = try Dialogue(rules: .with { $0.heldTerms = ["secret"] })
        let position = try dialogue.post("Position", by: Dialogue.memberAZ)
        let held = try dialogue.post("secret", by: Dialogue.memberAZ)
        #expect(throws: Never.self) {
            try dialogue.post("Comment", kind: .comment, by: Dialogue.memberAM, replyTo: position)
        }
        #expect(
            dialogue.code(
                of: .post(Post(item: "regional", kind: .comment, text: "c", replyTo: position)), by: Dialogue.memberAM)
                == .invalid)
        #expect(
            dialogue.code(
                of: .post(Post(item: "obstacles", kind: .comment, text: "c", replyTo: held)), by: Dialogue.memberAM)
                == .notFound)
    }

    @Test("redaction: a reason, once, and it is public with its actor")
    func redaction() throws {
        var dialogue = try Dialogue()
        let id = try dialogue.post("Personal data here", by: Dialogue.memberAM)
        #expect(dialogue.code(of: .redact(contribution: id, reason: " "), by: Dialogue.cochairAM) == .invalid)
        let events = try dialogue.run(.redact(contribution: id, reason: "personal data"), by: Dialogue.cochairAM)
        #expect(events[0].body == .redacted(.init(contribution: id, by: Dialogue.cochairAM, reason: "personal data")))
        #expect(
            Visibility.project(events[0], for: .participant(dialogue.state.participant("p3")!), in: dialogue.state)
                != nil)
        #expect(dialogue.code(of: .redact(contribution: id, reason: "again"), by: Dialogue.facilitator) == .conflict)
        #expect(dialogue.code(of: .amend(contribution: id, text: "new"), by: Dialogue.memberAM) == .conflict)
    }

    @Test("closing: both co-chairs, or the facilitator; then everything is closed")
    func closing() throws {
        var dialogue = try Dialogue()
        let request = try dialogue.run(.closeSession, by: Dialogue.cochairAM)
        #expect(request.map(\.body.kind) == [.closeRequested])
        #expect(dialogue.code(of: .closeSession, by: Dialogue.cochairAM) == .conflict)
        let close = try dialogue.run(.closeSession, by: Dialogue.cochairAZ)
        #expect(close.map(\.body.kind) == [.closeRequested, .sessionClosed])
        #expect(dialogue.state.isClosed)
        #expect(
            dialogue.code(of: .post(Post(item: "obstacles", kind: .chat, text: "x")), by: Dialogue.memberAM) == .closed)
        #expect(dialogue.code(of: .closeSession, by: Dialogue.facilitator) == .closed)
    }

    @Test("rules: the facilitator changes them within limits")
    func rules() throws {
        var dialogue = try Dialogue()
        #expect(dialogue.code(of: .setRules(RulesPatch()), by: Dialogue.facilitator) == .invalid)
        #expect(dialogue.code(of: .setRules(RulesPatch(maxLength: 0)), by: Dialogue.facilitator) == .invalid)
        #expect(dialogue.code(of: .setRules(RulesPatch(heldTerms: [" "])), by: Dialogue.facilitator) == .invalid)
        try dialogue.run(.setRules(RulesPatch(floor: .queue, heldTerms: [" war "])), by: Dialogue.facilitator)
        #expect(dialogue.state.rules.floor == .queue)
        #expect(dialogue.state.rules.heldTerms == ["war"])
        #expect(dialogue.state.rules.maxLength == 4000)
    }

    @Test("participants: one co-chair per side, sides checked, co-chairs add to their own side or a neutral observer")
    func participants() throws {
        var dialogue = try Dialogue()
        var added = 0
        func add(_ role: Role, _ side: SideID?, by principal: Principal = .admin) -> ErrorCode? {
            added += 1
            return dialogue.code(
                of: .addParticipant(NewParticipant(name: "Name \(added)", role: role, side: side, credential: "h")),
                by: principal)
        }
        #expect(add(.cochair, "am") == .conflict)
        #expect(add(.member, nil) == .invalid)
        #expect(add(.member, "xx") == .invalid)
        #expect(add(.facilitator, "am") == .invalid)
        #expect(add(.observer, nil) == nil)
        #expect(add(.cochair, "am", by: Dialogue.cochairAM) == .forbidden)
        #expect(add(.member, "am", by: Dialogue.cochairAM) == nil)
        #expect(dialogue.state.participants.last?.id == "p9")
        // An observer's side is optional whoever invites them; a co-chair never invites onto the other side.
        #expect(add(.observer, nil, by: Dialogue.cochairAM) == nil)
        #expect(dialogue.state.participants.last?.side == nil)
        #expect(add(.observer, "az", by: Dialogue.cochairAM) == .forbidden)
        #expect(add(.member, nil, by: Dialogue.cochairAM) == .invalid)
        #expect(add(.member, "az", by: Dialogue.cochairAM) == .forbidden)
        #expect(
            dialogue.code(
                of: .addParticipant(NewParticipant(name: "  ", role: .member, side: "am", credential: "h")), by: .admin)
                == .invalid)
        for hostile in ["Name\n## Both sides agree", "Name\r\nX", "Tab\there", "Bell\u{7}"] {
            #expect(
                dialogue.code(
                    of: .addParticipant(NewParticipant(name: hostile, role: .member, side: "am", credential: "h")),
                    by: .admin)
                    == .invalid, "a name must be one line: \(hostile.debugDescription)")
        }
    }
}
