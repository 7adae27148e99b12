import ParleyCore
import ParleyEngine
import ParleyTestKit
import Testing

/// The session pipeline as chains of inputs and expected actions: no journal, no actor, no
/// waiting.
@Suite("Session pipeline")
struct SessionPipelineTests {
    typealias Action = SessionPipeline.Action

    static func pipeline(rules: Rules = Rules()) throws -> SessionPipeline {
        try SessionPipeline(events: Dialogue(rules: rules).journal)
    }

    static func post(_ text: String, kind: ContributionKind = .position) -> Command {
        .post(Post(item: "obstacles", kind: kind, text: text))
    }

    static func viewer(_ pipeline: SessionPipeline, _ id: ParticipantID) -> Viewer {
        .participant(pipeline.committed.participant(id)!)
    }

    /// The ticket and code of the single `.refuse` in `actions`.
    static func refused(_ actions: [Action]) -> (SessionPipeline.Ticket, ErrorCode)? {
        guard actions.count == 1, case .refuse(let ticket, let refusal) = actions[0] else { return nil }
        return (ticket, refusal.code)
    }

    /// The events of the single `.append` in `actions`.
    static func appended(_ actions: [Action]) -> [Event]? {
        guard actions.count == 1, case .append(let events) = actions[0] else { return nil }
        return events
    }

    @Test("a command is appended, then delivered and acknowledged once committed")
    func appendThenAcknowledge() throws {
        var pipeline = try Self.pipeline()
        let head = pipeline.committed.head
        let (start, subscribed) = pipeline.subscribe(.admin, since: head)
        #expect(subscribed == [.schedulePresence])
        let submitted = pipeline.submit(Self.post("Words"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 1)
        let events = try #require(Self.appended(submitted))
        #expect(events.map(\.seq) == [head + 1])
        #expect(pipeline.committed.head == head, "nothing is shown before it is committed")
        #expect(pipeline.deciding.head == head + 1)
        #expect(
            pipeline.appendFinished(.committed) == [
                .deliver(.event(events[0]), to: [start.id]), .acknowledge(1, events),
            ])
        #expect(pipeline.committed.head == head + 1)
        #expect(pipeline.log.last == events[0])
    }

    @Test("a refused command changes nothing and appends nothing")
    func refusal() throws {
        var pipeline = try Self.pipeline()
        let refusal = Self.refused(
            pipeline.submit(Self.post("Words"), by: Dialogue.observer, at: Fixtures.start, ticket: 7))
        #expect(refusal?.0 == 7 && refusal?.1 == .forbidden)
        #expect(pipeline.deciding.head == pipeline.committed.head)
    }

    @Test("commands decided while an append is in flight share the next append")
    func groupCommit() throws {
        var pipeline = try Self.pipeline()
        let head = pipeline.committed.head
        let first = try #require(
            Self.appended(pipeline.submit(Self.post("One"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 1)))
        for ticket in 2...4 {
            #expect(
                pipeline.submit(Self.post("Post \(ticket)"), by: Dialogue.memberAZ, at: Fixtures.start, ticket: ticket)
                    .isEmpty, "one append in flight at a time")
        }
        let committed = pipeline.appendFinished(.committed)
        #expect(committed.first == .acknowledge(1, first))
        guard case .append(let next) = try #require(committed.last) else {
            Issue.record("the waiting commands are appended next: \(committed)")
            return
        }
        #expect(next.map(\.seq) == [head + 2, head + 3, head + 4])
        let acks = pipeline.appendFinished(.committed)
        #expect(acks == [.acknowledge(2, [next[0]]), .acknowledge(3, [next[1]]), .acknowledge(4, [next[2]])])
        #expect(pipeline.log.map(\.seq) == Array(1...(head + 4)))
    }

    @Test("a batch the store did not write fails 'not saved' with everything decided after it")
    func notWritten() throws {
        var pipeline = try Self.pipeline()
        let head = pipeline.committed.head
        _ = pipeline.submit(Self.post("One"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 1)
        _ = pipeline.submit(Self.post("Two"), by: Dialogue.memberAZ, at: Fixtures.start, ticket: 2)
        #expect(pipeline.appendFinished(.notWritten) == [.fail([1, 2], .notSaved)], "the session stays live")
        #expect(pipeline.deciding.head == head, "deciding starts again from what is committed")
        let retried = try #require(
            Self.appended(pipeline.submit(Self.post("Again"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 3)))
        #expect(retried.map(\.seq) == [head + 1], "the next command takes the seq the refused one had")
    }

    @Test("an unknown outcome fails everything, unconfirmed apart, ends every stream and asks for a reload")
    func unknownOutcome() throws {
        var pipeline = try Self.pipeline()
        let (start, _) = pipeline.subscribe(.admin, since: 0)
        _ = pipeline.submit(Self.post("One"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 1)
        _ = pipeline.submit(Self.post("Two"), by: Dialogue.memberAZ, at: Fixtures.start, ticket: 2)
        #expect(
            pipeline.appendFinished(.unknown) == [
                .fail([1], .unconfirmed), .fail([2], .notSaved), .end([start.id], .sessionStopped), .stopped, .reload,
            ], "the command in flight may be on disk (a blind retry could post twice); the waiting one is not")
        #expect(!EngineFailure.unconfirmed.isSafeToRetry && EngineFailure.notSaved.isSafeToRetry)
        #expect(pipeline.isStopped)
        #expect(
            pipeline.submit(Self.post("Late"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 3) == [
                .fail([3], .sessionUnloaded)
            ], "a stopped session keeps nothing")
    }

    @Test("stop waits for the append in flight, then ends every stream; new commands fail")
    func stopAfterCommit() throws {
        var pipeline = try Self.pipeline()
        let (start, _) = pipeline.subscribe(.admin, since: 0)
        let events = try #require(
            Self.appended(pipeline.submit(Self.post("One"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 1)))
        #expect(pipeline.stop() == [], "the decided command still commits")
        #expect(
            pipeline.submit(Self.post("Two"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 2) == [
                .fail([2], .sessionUnloaded)
            ], "a stopping session takes no new command")
        #expect(
            pipeline.appendFinished(.committed) == [
                .deliver(.event(events[0]), to: [start.id]), .acknowledge(1, events),
                .end([start.id], .sessionStopped), .stopped,
            ])
        #expect(pipeline.stop() == [], "stopping twice does nothing more")
    }

    @Test("an idle session stops at once")
    func stopIdle() throws {
        var pipeline = try Self.pipeline()
        #expect(pipeline.stop() == [.stopped])
        let (start, actions) = pipeline.subscribe(.admin, since: 0)
        #expect(actions == [.end([start.id], .sessionStopped)])
    }

    @Test("only an idle session retires: no viewer, nothing uncommitted")
    func retireIfIdle() throws {
        var pipeline = try Self.pipeline()
        let (viewer, _) = pipeline.subscribe(.admin, since: 0)
        #expect(pipeline.retireIfIdle() == [], "a viewer is connected")
        _ = pipeline.unsubscribe(viewer.id)
        _ = pipeline.submit(Self.post("One"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 1)
        #expect(pipeline.retireIfIdle() == [], "an append is in flight")
        _ = pipeline.appendFinished(.committed)
        #expect(pipeline.isIdle)
        #expect(pipeline.retireIfIdle() == [.stopped])
        #expect(pipeline.isStopped)
        #expect(
            pipeline.submit(Self.post("Late"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 2) == [
                .fail([2], .sessionUnloaded)
            ], "a retired session takes no command")
    }

    @Test("each viewer gets the event in its one public form, or not at all")
    func deliveryByVisibility() throws {
        var pipeline = try Self.pipeline(rules: .with { $0.heldTerms = ["traitor"] })
        let head = pipeline.committed.head
        let observer = pipeline.subscribe(Self.viewer(pipeline, "p7"), since: head).0
        let cochair = pipeline.subscribe(Self.viewer(pipeline, "p3"), since: head).0
        let author = pipeline.subscribe(Self.viewer(pipeline, "p4"), since: head).0
        let held = try #require(
            Self.appended(pipeline.submit(Self.post("traitor"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 1)))
        #expect(
            pipeline.appendFinished(.committed) == [
                .deliver(.event(held[0]), to: [cochair.id, author.id]),
                .deliver(.event(held[1]), to: [cochair.id, author.id]),
                .acknowledge(1, held),
            ])
        let added = try #require(
            Self.appended(
                pipeline.submit(
                    .addParticipant(
                        NewParticipant(name: "New Member", role: .member, side: "az", credential: "secret")),
                    by: .admin, at: Fixtures.start, ticket: 2)))
        let actions = pipeline.appendFinished(.committed)
        guard case .deliver(.event(let shown), let audience) = try #require(actions.first) else {
            Issue.record("the new member is announced: \(actions)")
            return
        }
        #expect(audience == [observer.id, cochair.id, author.id])
        #expect(shown.seq == added[0].seq)
        #expect(shown.added?.credential == nil, "token hashes never leave the journal")
    }

    @Test("an observer's arrival is seen by the moderators and that observer; the others count it")
    func observersCounted() throws {
        var pipeline = try Self.pipeline()
        let head = pipeline.committed.head
        let member = pipeline.subscribe(Self.viewer(pipeline, "p4"), since: head).0
        let facilitator = pipeline.subscribe(Self.viewer(pipeline, "p1"), since: head).0
        _ = pipeline.submit(
            .addParticipant(NewParticipant(name: "Press", role: .observer, side: nil, credential: "h8")),
            by: .admin, at: Fixtures.start, ticket: 1)
        let actions = pipeline.appendFinished(.committed)
        guard case .deliver(.event(let shown), let audience) = try #require(actions.first) else {
            Issue.record("the moderators are told: \(actions)")
            return
        }
        #expect(audience == [facilitator.id], "not the member: \(member.id)")
        let press = try #require(pipeline.committed.participant(shown.added!.participant.id))
        let replay = pipeline.subscribe(.participant(press), since: 0).0.replay
        #expect(replay.contains { $0.seq == shown.seq }, "the observer sees their own arrival")
        let memberReplay = pipeline.subscribe(Self.viewer(pipeline, "p4"), since: 0).0.replay
        #expect(!memberReplay.contains { $0.seq == shown.seq })
        #expect(!memberReplay.contains { $0.added?.participant.role == .observer })
    }

    @Test("presence is announced once per interval, with observers counted, not listed")
    func presence() throws {
        var pipeline = try Self.pipeline()
        let (first, actions) = pipeline.subscribe(Self.viewer(pipeline, "p4"), since: 0)
        #expect(actions == [.schedulePresence])
        let second = pipeline.subscribe(Self.viewer(pipeline, "p7"), since: 0)
        #expect(second.1 == [], "already scheduled")
        _ = pipeline.subscribe(Self.viewer(pipeline, "p7"), since: 0)
        let third = pipeline.subscribe(Self.viewer(pipeline, "p2"), since: 0).0
        let announced = Presence(online: ["p2", "p4"], observers: 1)
        #expect(
            pipeline.presenceDue() == [
                .deliver(.presence(announced), to: [first.id, second.0.id, second.0.id + 1, third.id])
            ])
        #expect(pipeline.presence == announced)
        #expect(pipeline.unsubscribe(third.id) == [.schedulePresence])
        let returning = pipeline.subscribe(Self.viewer(pipeline, "p2"), since: 0).0
        #expect(
            pipeline.presenceDue() == [.deliver(.presence(announced), to: [returning.id])],
            "nothing changed: only the newcomer is told")
        #expect(pipeline.presenceDue() == [], "no newcomer, no change: nothing")
    }

    @Test("a viewer too slow to keep up is ended; the others go on")
    func tooSlow() throws {
        var pipeline = try Self.pipeline()
        let (slow, _) = pipeline.subscribe(.admin, since: 0)
        _ = pipeline.presenceDue()
        #expect(pipeline.deliveryFailed(slow.id) == [.end([slow.id], .tooSlow), .schedulePresence])
        #expect(pipeline.deliveryFailed(slow.id) == [], "ended once")
        #expect(pipeline.subscriberCount == 0)
    }

    @Test("removing a participant delivers the removal, then ends their streams")
    func revocation() throws {
        var pipeline = try Self.pipeline()
        let removed = pipeline.subscribe(Self.viewer(pipeline, "p5"), since: 0).0
        let other = pipeline.subscribe(Self.viewer(pipeline, "p4"), since: 0).0
        _ = pipeline.presenceDue()
        let events = try #require(
            Self.appended(
                pipeline.submit(.removeParticipant("p5", reason: nil), by: .admin, at: Fixtures.start, ticket: 1)))
        #expect(
            pipeline.appendFinished(.committed) == [
                .deliver(.event(events[0]), to: [removed.id, other.id]),
                .end([removed.id], .revoked), .schedulePresence, .acknowledge(1, events),
            ])
        let (late, actions) = pipeline.subscribe(Self.viewer(pipeline, "p5"), since: 0)
        #expect(actions == [.end([late.id], .revoked)], "a removed participant gets no stream")
    }

    @Test("closing the session asks for the whole journal to be archived")
    func archiveOnClose() throws {
        var pipeline = try Self.pipeline()
        _ = pipeline.submit(.closeSession, by: Dialogue.facilitator, at: Fixtures.start, ticket: 1)
        let actions = pipeline.appendFinished(.committed)
        #expect(actions.last == .archive(pipeline.log))
        #expect(pipeline.log.last?.body.kind == .sessionClosed)
    }

    @Test("a replay starts after since, carries tombstones, and never more than the journal")
    func replay() throws {
        var dialogue = try Dialogue()
        let id = try dialogue.post("Words to redact", by: Dialogue.memberAM)
        try dialogue.run(.redact(contribution: id, reason: "abuse"), by: Dialogue.facilitator)
        var pipeline = try SessionPipeline(events: dialogue.journal)
        let head = pipeline.committed.head
        let replay = pipeline.subscribe(.admin, since: head - 2).0.replay
        #expect(replay.map(\.seq) == [head - 1, head])
        #expect(replay.first?.postedText == "[redacted: abuse]")
        #expect(pipeline.subscribe(.admin, since: head + 50).0.replay.isEmpty)
    }
}

extension Event {
    fileprivate var added: EventBody.ParticipantAdded? {
        if case .participantAdded(let added) = body { added } else { nil }
    }

    fileprivate var postedText: String? {
        if case .contributed(let posted) = body { posted.text } else { nil }
    }
}

/// A refusal that rests on commands not yet committed.
extension SessionPipelineTests {
    @Test("a refusal decided on an uncommitted close is given after the close commits, in its place")
    func refusalWaitsForWhatItRestsOn() throws {
        var pipeline = try Self.pipeline()
        let (viewer, _) = pipeline.subscribe(.admin, since: pipeline.committed.head)
        let close = try #require(
            Self.appended(
                pipeline.submit(.closeItem("obstacles"), by: Dialogue.facilitator, at: Fixtures.start, ticket: 1)))
        #expect(
            pipeline.submit(Self.post("Too late"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 2) == [],
            "not refused before the close is committed")
        let committed = pipeline.appendFinished(.committed)
        guard committed.count == 3, case .refuse(2, let refusal) = committed[2] else {
            throw Mismatch("\(committed)")
        }
        #expect(refusal.code == .closed)
        #expect(Array(committed.prefix(2)) == [.deliver(.event(close[0]), to: [viewer.id]), .acknowledge(1, close)])
        #expect(pipeline.deciding.head == pipeline.committed.head, "nothing appended for a refusal")
    }

    @Test("when what a refusal rests on is not written, it fails with it: nothing happened, and it may be sent again")
    func refusalFailsWithWhatItRestsOn() throws {
        var pipeline = try Self.pipeline()
        _ = pipeline.submit(.closeItem("obstacles"), by: Dialogue.facilitator, at: Fixtures.start, ticket: 1)
        _ = pipeline.submit(Self.post("Too late"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 2)
        #expect(pipeline.appendFinished(.notWritten) == [.fail([1, 2], .notSaved)])
        // Sent again: the item never closed, so the post is taken.
        let again = try #require(
            Self.appended(pipeline.submit(Self.post("Too late"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 3)))
        #expect(again.map(\.body.kind) == [.contributed])
    }

    @Test("an append whose outcome is unknown leaves a refusal waiting behind it certain: not saved, never unconfirmed")
    func refusalIsNeverUnconfirmed() throws {
        var pipeline = try Self.pipeline()
        _ = pipeline.submit(Self.post("One"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 1)
        _ = pipeline.submit(.closeItem("obstacles"), by: Dialogue.facilitator, at: Fixtures.start, ticket: 2)
        _ = pipeline.submit(Self.post("Two"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 3)
        // 1 is in flight; 2 and 3 (refused on 2's close) wait. The next append carries both.
        let committed = pipeline.appendFinished(.committed)
        #expect(committed.last.map { if case .append = $0 { true } else { false } } == true)
        let actions = pipeline.appendFinished(.unknown)
        #expect(Array(actions.prefix(2)) == [.fail([2], .unconfirmed), .fail([3], .notSaved)])
        #expect(actions.last == .reload)
    }
}
