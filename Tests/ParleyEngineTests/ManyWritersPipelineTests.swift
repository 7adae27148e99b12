import ParleyCore
import ParleyEngine
import ParleyTestKit
import Testing

/// The pipeline when another node appends to the same session: conflicts caught up and
/// decided again, announced commits delivered, as chains of inputs and expected actions.
@Suite("Session pipeline with many writers")
struct ManyWritersPipelineTests {
    typealias Action = SessionPipeline.Action

    /// Two nodes' copies of one session, from one journal.
    static func nodes() throws -> (SessionPipeline, SessionPipeline) {
        let journal = try Dialogue().journal
        return (try SessionPipeline(events: journal), try SessionPipeline(events: journal))
    }

    static func post(_ text: String, kind: ContributionKind = .position) -> Command {
        .post(Post(item: "obstacles", kind: kind, text: text))
    }

    /// What `node` commits for `command` (submitted, then appended without a conflict).
    static func commitElsewhere(_ node: inout SessionPipeline, _ command: Command, by principal: Principal) throws
        -> [Event]
    {
        let submitted = node.submit(command, by: principal, at: Fixtures.start, ticket: 100)
        guard submitted.count == 1, case .append(let events) = submitted[0] else {
            throw Mismatch("not appended: \(submitted)")
        }
        _ = node.appendFinished(.committed)
        return events
    }

    @Test("a conflicting append is caught up and decided again; the client sees only the outcome")
    func conflictRedecided() throws {
        var (a, b) = try Self.nodes()
        let head = a.committed.head
        let (viewer, _) = a.subscribe(.admin, since: head)
        let theirs = try Self.commitElsewhere(&b, Self.post("From node B"), by: Dialogue.memberAZ)
        let ours = a.submit(Self.post("From node A"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 1)
        guard case .append(let first) = ours.first else { throw Mismatch("\(ours)") }
        #expect(first.map(\.seq) == [head + 1])
        #expect(a.appendFinished(.conflict) == [.catchUp(after: head)])
        #expect(a.deciding.head == head, "nothing decided stands while catching up")
        let caughtUp = a.caughtUp(theirs, at: Fixtures.start.adding(seconds: 1))
        guard caughtUp.count == 2, case .deliver(.event(let delivered), to: [viewer.id]) = caughtUp[0],
            case .append(let again) = caughtUp[1]
        else { throw Mismatch("\(caughtUp)") }
        #expect(delivered == theirs[0])
        #expect(again.map(\.seq) == [head + 2])
        // The contribution's id follows the journal, not the node: B's post took the first.
        #expect(again[0].body != first[0].body)
        let committed = a.appendFinished(.committed)
        #expect(committed == [.deliver(.event(again[0]), to: [viewer.id]), .acknowledge(1, again)])
        #expect(a.log.map(\.seq) == Array(1...(head + 2)))
    }

    @Test("decided again, a command the other node's commit forbids is refused")
    func redecidedRefusal() throws {
        var (a, b) = try Self.nodes()
        _ = try Self.commitElsewhere(&b, .closeItem("obstacles"), by: Dialogue.facilitator)
        let theirs = Array(b.log.suffix(from: a.log.count))
        _ = a.submit(Self.post("Too late"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 1)
        _ = a.appendFinished(.conflict)
        let caughtUp = a.caughtUp(theirs, at: Fixtures.start)
        guard case .refuse(1, let refusal) = caughtUp.last else { throw Mismatch("\(caughtUp)") }
        #expect(refusal.code == .closed)
        #expect(a.committed.head == b.committed.head)
    }

    @Test("participants added on two nodes at once get different ids")
    func idsIndependentOfNode() throws {
        var (a, b) = try Self.nodes()
        let newcomer = NewParticipant(name: "Added on A", role: .member, side: "am", credential: "ha")
        let other = NewParticipant(name: "Added on B", role: .member, side: "az", credential: "hb")
        let theirs = try Self.commitElsewhere(&b, .addParticipant(other), by: .admin)
        _ = a.submit(.addParticipant(newcomer), by: .admin, at: Fixtures.start, ticket: 1)
        _ = a.appendFinished(.conflict)
        guard case .append(let again) = a.caughtUp(theirs, at: Fixtures.start).last else {
            throw Mismatch("not appended")
        }
        _ = a.appendFinished(.committed)
        let ids = a.committed.participants.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(a.committed.participants.suffix(2).map(\.name) == ["Added on B", "Added on A"])
        #expect(again.count == 1)
    }

    @Test("commits announced while an append is in flight are caught up after it")
    func announcedWhileInFlight() throws {
        var (a, b) = try Self.nodes()
        let head = a.committed.head
        _ = a.submit(Self.post("Ours"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 1)
        #expect(a.announced(head: head + 2) == [], "an append is in flight")
        // Ours won (seq head+1); B's post came after it, at head+2.
        let ours = a.appendFinished(.committed)
        #expect(ours.last == .catchUp(after: head + 1))
        var bAfter = b
        _ = bAfter.submit(Self.post("Ours"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 9)
        _ = bAfter.appendFinished(.committed)
        let theirs = try Self.commitElsewhere(&bAfter, Self.post("Theirs"), by: Dialogue.memberAZ)
        #expect(a.caughtUp(theirs, at: Fixtures.start).isEmpty)
        #expect(a.committed.head == head + 2)
        #expect(a.isIdle)
    }

    @Test("commands submitted while catching up wait, then are decided on what was read")
    func submittedWhileCatchingUp() throws {
        var (a, b) = try Self.nodes()
        let head = a.committed.head
        let theirs = try Self.commitElsewhere(&b, Self.post("Theirs"), by: Dialogue.memberAZ)
        #expect(a.announced(head: head + 1) == [.catchUp(after: head)])
        #expect(a.announced(head: head + 1) == [], "one catch-up at a time")
        #expect(a.submit(Self.post("Ours"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 1) == [])
        #expect(!a.isIdle)
        guard case .append(let ours) = a.caughtUp(theirs, at: Fixtures.start).last else {
            throw Mismatch("not appended")
        }
        #expect(ours.map(\.seq) == [head + 2])
    }

    @Test("an announcement of what is already committed, or a resync with nothing new, changes nothing")
    func staleAnnouncements() throws {
        var (a, _) = try Self.nodes()
        #expect(a.announced(head: a.committed.head) == [])
        #expect(a.announced(head: nil) == [.catchUp(after: a.committed.head)])
        #expect(a.caughtUp([], at: Fixtures.start) == [])
        #expect(a.isIdle)
        // After a resync, a commit does not set off another read.
        _ = a.submit(Self.post("Ours"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 1)
        #expect(a.appendFinished(.committed).contains(.acknowledge(1, Array(a.log.suffix(1)))))
        #expect(a.isIdle)
    }

    @Test("a journal that cannot be read while catching up fails what waited and reloads")
    func catchUpFails() throws {
        var (a, _) = try Self.nodes()
        let (viewer, _) = a.subscribe(.admin, since: a.committed.head)
        _ = a.submit(Self.post("Ours"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 1)
        _ = a.appendFinished(.conflict)
        #expect(a.catchUpFailed() == [.fail([1], .notSaved), .end([viewer.id], .sessionStopped), .stopped, .reload])
    }

    @Test("a close committed by another node is archived here too (the archive's claim decides who writes)")
    func foreignClose() throws {
        var (a, b) = try Self.nodes()
        let theirs = try Self.commitElsewhere(&b, .closeSession, by: Dialogue.facilitator)
        _ = a.announced(head: b.committed.head)
        let caughtUp = a.caughtUp(Array(b.log.suffix(theirs.count)), at: Fixtures.start)
        #expect(caughtUp.contains(.archive(b.log)))
    }

    @Test("on a shared journal a refusal is given only after reading the journal: the copy may be behind")
    func refusalRechecked() throws {
        let journal = try Dialogue().journal
        var a = try SessionPipeline(events: journal, sharedJournal: true)
        var b = try SessionPipeline(events: journal, sharedJournal: true)
        let head = a.committed.head
        // B adds a member; A has not heard of it when the member's first post arrives there.
        let newcomer = NewParticipant(name: "Joined on B", role: .member, side: "am", credential: "hb")
        let theirs = try Self.commitElsewhere(&b, .addParticipant(newcomer), by: .admin)
        let member = Principal.participant(b.committed.participants.last!.id)
        #expect(
            a.submit(Self.post("My first words"), by: member, at: Fixtures.start, ticket: 1) == [
                .catchUp(after: head)
            ])
        guard case .append(let events) = a.caughtUp(theirs, at: Fixtures.start).last else {
            throw Mismatch("not appended")
        }
        #expect(events.map(\.seq) == [head + 2])
        // Decided on a copy just read, a refusal is the answer.
        let outsider = Principal.participant("p99")
        _ = a.appendFinished(.committed)
        #expect(
            a.submit(Self.post("Not one of us"), by: outsider, at: Fixtures.start, ticket: 2) == [
                .catchUp(after: head + 2)
            ])
        guard case .refuse(2, _) = a.caughtUp([], at: Fixtures.start).first else { throw Mismatch("not refused") }
        #expect(a.isIdle)
    }

    @Test("on a journal no one else writes, a refusal is given at once")
    func refusalOnOwnJournal() throws {
        var (a, _) = try Self.nodes()
        let refused = a.submit(Self.post("Not one of us"), by: .participant("p99"), at: Fixtures.start, ticket: 1)
        guard refused.count == 1, case .refuse(1, _) = refused[0] else { throw Mismatch("\(refused)") }
    }

    @Test("stopping while catching up finishes the catch-up and the commands that waited")
    func stopWhileCatchingUp() throws {
        var (a, b) = try Self.nodes()
        let theirs = try Self.commitElsewhere(&b, Self.post("Theirs"), by: Dialogue.memberAZ)
        _ = a.submit(Self.post("Ours"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 1)
        _ = a.appendFinished(.conflict)
        #expect(a.stop() == [])
        #expect(
            a.submit(Self.post("Later"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 2) == [
                .fail([2], .sessionUnloaded)
            ])
        guard case .append = a.caughtUp(theirs, at: Fixtures.start).last else { throw Mismatch("not appended") }
        let finished = a.appendFinished(.committed)
        #expect(finished.last == .stopped)
        #expect(a.isStopped)
    }
}

/// A chain of actions other than the one expected.
struct Mismatch: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension ManyWritersPipelineTests {
    @Test("while another node keeps committing, a catch-up reads again only so often, then decides")
    func rereadsAreBounded() throws {
        var (a, b) = try Self.nodes()
        var head = a.committed.head
        #expect(a.announced(head: head + 1) == [.catchUp(after: head)])
        #expect(a.submit(Self.post("Ours"), by: Dialogue.memberAM, at: Fixtures.start, ticket: 1) == [])
        // Each read is overtaken by a commit announced while it ran.
        for round in 0..<SessionPipeline.maxRereads {
            let theirs = try Self.commitElsewhere(&b, Self.post("Theirs \(round)"), by: Dialogue.memberAZ)
            _ = a.announced(head: theirs.last!.seq + 1)
            let actions = a.caughtUp(theirs, at: Fixtures.start)
            head = theirs.last!.seq
            #expect(actions.last == .catchUp(after: head), "round \(round): read again")
        }
        let last = try Self.commitElsewhere(&b, Self.post("Theirs again"), by: Dialogue.memberAZ)
        _ = a.announced(head: last.last!.seq + 1)
        guard case .append(let ours) = a.caughtUp(last, at: Fixtures.start).last else {
            throw Mismatch("decided on what was read, not read again")
        }
        #expect(ours.map(\.seq) == [last.last!.seq + 1])
    }
}

extension ManyWritersPipelineTests {
    @Test("a catch-up that stops reading again to decide still reads what was announced, with nothing to append")
    func cappedCatchUpKeepsReading() throws {
        var (a, b) = try Self.nodes()
        let (viewer, _) = a.subscribe(.admin, since: a.committed.head)
        #expect(a.announced(head: a.committed.head + 1) == [.catchUp(after: a.committed.head)])
        var last: [Action] = []
        for round in 0...SessionPipeline.maxRereads {
            let theirs = try Self.commitElsewhere(&b, Self.post("Theirs \(round)"), by: Dialogue.memberAZ)
            _ = a.announced(head: theirs.last!.seq + 1)
            last = a.caughtUp(theirs, at: Fixtures.start)
            #expect(last.contains(.deliver(.event(theirs[0]), to: [viewer.id])), "round \(round): delivered")
        }
        // Nothing waited to be decided, but more was announced: read on, never idle behind.
        #expect(last.last == .catchUp(after: a.committed.head))
        #expect(!a.isIdle)
    }
}
