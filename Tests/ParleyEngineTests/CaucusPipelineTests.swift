import Foundation
import ParleyCore
import ParleyEngine
import ParleyTestKit
import Testing

/// Private channels (contract §6) through the live pipeline: every frame is checked as it is
/// delivered, to the viewers subscribed at that moment, against an oracle written here from
/// the contract's words (not `Visibility`, which it checks). `CaucusVisibilityTests.property`
/// drives the same kind of dialogue through the core and the exports.
@Suite("Caucus and chairs channels, live")
struct CaucusPipelineTests {
    typealias Action = SessionPipeline.Action

    /// Where a contribution was said, when (its seq) and by which side.
    struct Line: Equatable {
        var channel: ChatChannel
        var side: SideID?
        var said: Seq
    }

    /// What the test knows of the dialogue, from the events it saw appended.
    struct Ledger {
        /// Every private contribution's line.
        var lines: [ContributionID: Line] = [:]
        /// The line of every text said about a private contribution.
        var secrets: [String: Line] = [:]
        /// The author of every held draft's text (a held post, an amendment while held).
        var drafts: [String: ParticipantID] = [:]
        /// When each participant was removed.
        var removedAt: [ParticipantID: Seq] = [:]

        /// Learns what `event` says, before anyone is shown it.
        mutating func learn(_ event: Event, markers: (String) -> [String]) {
            switch event.body {
            case .contributed(let posted):
                let line = Line(channel: posted.channel ?? .main, side: posted.side, said: event.seq)
                if line.channel != .main { lines[posted.contribution] = line }
                for marker in markers(posted.text) {
                    if line.channel != .main { secrets[marker] = line }
                    if posted.held == true { drafts[marker] = posted.author }
                }
            case .amended(let amendment):
                for marker in markers(amendment.text) {
                    if let line = lines[amendment.contribution] { secrets[marker] = line }
                    if amendment.held == true { drafts[marker] = amendment.author }
                }
            case .translated(let translation):
                for marker in markers(translation.text) {
                    if let line = lines[translation.contribution] { secrets[marker] = line }
                }
            case .participantRemoved(let removal):
                removedAt[removal.participant] = event.seq
            default:
                break
            }
        }
    }

    /// The contribution an event is about, if any.
    static func subject(of event: Event) -> ContributionID? {
        switch event.body {
        case .contributed(let posted): posted.contribution
        case .amended(let amendment): amendment.contribution
        case .held(let hold): hold.contribution
        case .approved(let approval): approval.contribution
        case .rejected(let rejection): rejection.contribution
        case .redacted(let redaction): redaction.contribution
        case .endorsed(let endorsement), .endorsementWithdrawn(let endorsement): endorsement.contribution
        case .adopted(let adoption): adoption.contribution
        case .translated(let translation): translation.contribution
        case .translationVerified(let verification): verification.contribution
        default: nil
        }
    }

    /// The oracle (`ContractHearing`), knowing who was removed when.
    static func hears(_ line: Line, _ viewer: Viewer, in state: SessionState, _ ledger: Ledger) -> Bool {
        ContractHearing.hears(
            line.channel, side: line.side, said: line.said, viewer, in: state,
            removedAt: viewer.participantID.flatMap { ledger.removedAt[$0] })
    }

    /// Whether `viewer` may be shown a held draft of `author`: the author, the co-chairs,
    /// the facilitator and the operator.
    static func seesDraft(of author: ParticipantID, _ viewer: Viewer) -> Bool {
        guard case .participant(let looking) = viewer else { return true }
        return looking.id == author || looking.role == .cochair || looking.role == .facilitator
    }

    static let markerPattern = try! NSRegularExpression(pattern: "secret:[0-9]+:[0-9]+:[0-9]+;")

    /// The markers in a text.
    static func markers(in text: String) -> [String] {
        markerPattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range, in: text).map { String(text[$0]) }
        }
    }

    /// The markers in an event as it goes on the wire.
    static func markers(in event: Event) -> [String] {
        markers(in: String(decoding: try! JSONEncoder().encode(event), as: UTF8.self))
    }

    /// Every way `event`, carrying `markers`, could reach `viewer` that the oracle forbids,
    /// in words.
    static func leaks(
        _ event: Event, _ markers: [String], to viewer: Viewer, in state: SessionState, _ ledger: Ledger
    ) -> [String] {
        var found: [String] = []
        if let id = subject(of: event), let line = ledger.lines[id], !hears(line, viewer, in: state, ledger) {
            found.append("event \(event.seq) (\(event.body.kind)) about private #\(id)")
        }
        for marker in markers {
            if let line = ledger.secrets[marker], !hears(line, viewer, in: state, ledger) {
                found.append("event \(event.seq) carries \(marker) of a \(line.channel) line")
            }
            if let author = ledger.drafts[marker], !seesDraft(of: author, viewer) {
                if case .approved = event.body { continue }
                found.append("event \(event.seq) carries the held draft \(marker)")
            }
        }
        return found
    }

    @Test(
        "no live frame or replay reaches a viewer outside a private line's audience, nor a held draft",
        arguments: Array(UInt64(1)...60))
    func live(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var pipeline = try SessionPipeline(events: Dialogue(rules: .with { $0.heldTerms = ["traitor"] }).journal)
        var ledger = Ledger()
        var now = Fixtures.start
        // The viewers subscribed now, as the test counts them.
        var subscribers: [SessionPipeline.SubscriberID: Viewer] = [:]
        var problems: [String] = []
        var delivered = 0
        var sent: Set<Seq> = []
        var privateDeliveries = 0
        var ticket = 0

        func viewer(_ id: ParticipantID) -> Viewer { .participant(pipeline.committed.participant(id)!) }

        // The markers of each committed event, as committed and as replayed (tombstoned).
        var markersBySeq: [Seq: (event: Event, markers: [String])] = [:]
        func markers(_ event: Event) -> [String] {
            if let known = markersBySeq[event.seq], known.event == event { return known.markers }
            let found = Self.markers(in: event)
            markersBySeq[event.seq] = (event, found)
            return found
        }

        func subscribe(_ viewer: Viewer, since: Seq) -> [Action] {
            let (start, actions) = pipeline.subscribe(viewer, since: since)
            for event in start.replay {
                problems += Self.leaks(event, markers(event), to: viewer, in: pipeline.committed, ledger).map {
                    "replay since \(since) to \(viewer): \($0)"
                }
            }
            subscribers[start.id] = viewer
            return actions
        }

        func run(_ actions: [Action]) {
            var queue = actions
            while !queue.isEmpty {
                let action = queue.removeFirst()
                switch action {
                case .append(let events):
                    for event in events { ledger.learn(event, markers: Self.markers(in:)) }
                    queue += pipeline.appendFinished(.committed)
                case .deliver(.event(let event), let ids):
                    delivered += 1
                    sent.insert(event.seq)
                    if let line = Self.subject(of: event).flatMap({ ledger.lines[$0] }) {
                        // And every subscriber of its audience gets it.
                        privateDeliveries += 1
                        let audience = subscribers.filter { Self.hears(line, $0.value, in: pipeline.committed, ledger) }
                        if audience.keys.sorted() != ids.sorted() {
                            problems.append("event \(event.seq) went to \(ids.sorted()), not \(audience.keys.sorted())")
                        }
                    }
                    let markers = markers(event)
                    for id in ids {
                        guard let viewer = subscribers[id] else {
                            problems.append("event \(event.seq) delivered to \(id), whose stream had ended")
                            continue
                        }
                        problems += Self.leaks(event, markers, to: viewer, in: pipeline.committed, ledger).map {
                            "live to \(viewer): \($0)"
                        }
                    }
                case .acknowledge(_, let events):
                    // An event about a private line that no one was sent had no audience here.
                    for event in events where !sent.contains(event.seq) {
                        guard let line = Self.subject(of: event).flatMap({ ledger.lines[$0] }) else { continue }
                        let audience = subscribers.filter { Self.hears(line, $0.value, in: pipeline.committed, ledger) }
                        if !audience.isEmpty { problems.append("event \(event.seq) never went to \(audience.keys)") }
                    }
                case .end(let ids, _):
                    for id in ids { subscribers[id] = nil }
                default:
                    break
                }
            }
        }

        let cast = [Viewer.admin] + pipeline.committed.participants.map { Viewer.participant($0) }
        for viewer in cast { run(subscribe(viewer, since: pipeline.committed.head)) }
        for step in 0..<160 {
            now = now.adding(seconds: Int.random(in: 0...30, using: &random))
            let known = Set(pipeline.committed.participants.map(\.id))
            // Up to three commands decided together: one append (group commit).
            var actions: [Action] = []
            for k in 0..<Int.random(in: 1...3, using: &random) {
                let (command, principal) = RandomCommands.next(
                    "secret:\(seed):\(step):\(k);", pipeline.deciding, removals: true, using: &random)
                ticket += 1
                actions += pipeline.submit(command, by: principal, at: now, ticket: ticket)
            }
            run(actions)
            // Whoever joined now connects, replaying from the start or from now.
            for joined in pipeline.committed.participants where !known.contains(joined.id) {
                run(subscribe(.participant(joined), since: Bool.random(using: &random) ? 0 : pipeline.committed.head))
            }
            // Now and then someone opens a second tab, replaying everything; or one leaves.
            if Int.random(in: 0..<8, using: &random) == 0 {
                let everyone = [Viewer.admin] + pipeline.committed.activeParticipants.map { Viewer.participant($0) }
                run(subscribe(everyone.randomElement(using: &random)!, since: 0))
            }
            if Int.random(in: 0..<10, using: &random) == 0, let leaving = subscribers.keys.sorted().first {
                subscribers[leaving] = nil
                run(pipeline.unsubscribe(leaving))
            }
        }
        // A late subscriber of every kind, replaying from the start.
        for participant in pipeline.committed.activeParticipants { run(subscribe(viewer(participant.id), since: 0)) }
        run(subscribe(.admin, since: 0))

        #expect(problems.isEmpty, "\(problems.count) leaks, first: \(problems.prefix(5))")
        #expect(ledger.secrets.count > 10 && privateDeliveries > 10, "the dialogue speaks in private channels")
        #expect(!ledger.drafts.isEmpty, "and holds drafts")
        #expect(pipeline.committed.participants.count > Fixtures.cast.count, "someone joined late")
        #expect(delivered > 50)
        #expect(try SessionState.fold(pipeline.log) == pipeline.committed)
    }
}

extension CaucusPipelineTests {
    /// Admitted, then removed before the subscription began (the token was checked at the
    /// upgrade; `LiveConnection` sends the replay before the stream's end closes it).
    @Test("a participant removed before subscribing is ended at once, with nothing replayed")
    func removedBeforeSubscribing() throws {
        var pipeline = try SessionPipeline(events: Dialogue().journal)
        var ticket = 0
        func commit(_ command: Command, by principal: Principal) throws -> [Event] {
            ticket += 1
            guard
                case .append(let events) = pipeline.submit(command, by: principal, at: Fixtures.start, ticket: ticket)
                    .first
            else { throw Refusal(.invalid, "\(command.name) was refused") }
            _ = pipeline.appendFinished(.committed)
            return events
        }
        let added = try commit(
            .addParticipant(NewParticipant(name: "Late Member", role: .member, side: "am", credential: "late")),
            by: Dialogue.facilitator)
        guard case .participantAdded(let joined) = added[0].body else { throw Refusal(.invalid, "not added") }
        let late = Viewer.participant(joined.participant)
        let before = try commit(
            .post(Post(item: "obstacles", kind: .chat, text: "before the removal", channel: .caucus)),
            by: Dialogue.memberAM)[0]
        _ = try commit(.removeParticipant(joined.participant.id, reason: nil), by: .admin)
        let after = try commit(
            .post(Post(item: "obstacles", kind: .chat, text: "after the removal", channel: .caucus)),
            by: Dialogue.memberAM)[0]
        let (start, actions) = pipeline.subscribe(late, since: 0)
        #expect(actions == [.end([start.id], .revoked)])
        #expect(start.replay.isEmpty, "a removed participant's stream ends with nothing replayed")
        // And no projection lets them read on: neither the caucus's past nor what followed.
        for line in [before, after] {
            #expect(Visibility.project(line, for: late, in: pipeline.committed) == nil, "\(line.seq)")
        }
    }
}
