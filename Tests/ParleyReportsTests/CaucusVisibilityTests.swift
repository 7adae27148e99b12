import Foundation
import ParleyCore
import ParleyReports
import ParleyTestKit
import Testing

/// Private channels (contract §6): a side's caucus reaches its co-chair and members only,
/// the chairs' channel the co-chairs and the facilitator only; in live frames, replays and
/// every export.
@Suite("Caucus and chairs channels")
struct CaucusVisibilityTests {
    static let viewers: [Principal] = [.admin] + (1...7).map { .participant(ParticipantID(rawValue: "p\($0)")) }

    static func viewer(_ principal: Principal, _ state: SessionState) -> Viewer {
        guard case .participant(let id) = principal else { return .admin }
        return .participant(state.participant(id)!)
    }

    @Test("who may post in which channel, and what a private channel takes")
    func posting() throws {
        var dialogue = try Dialogue(rules: .with { $0.heldTerms = ["traitor"] })
        let caucus = ChatChannel.caucus, chairs = ChatChannel.chairs
        #expect(throws: Never.self) {
            try dialogue.post("am caucus", kind: .chat, by: Dialogue.memberAM, channel: caucus)
        }
        #expect(throws: Never.self) {
            try dialogue.post("az caucus", kind: .chat, by: Dialogue.cochairAZ, channel: caucus)
        }
        #expect(throws: Never.self) {
            try dialogue.post("chairs", kind: .chat, by: Dialogue.facilitator, channel: chairs)
        }
        #expect(throws: Never.self) {
            try dialogue.post("chairs", kind: .chat, by: Dialogue.cochairAM, channel: chairs)
        }
        func code(_ principal: Principal, _ channel: ChatChannel, kind: ContributionKind = .chat) -> ErrorCode? {
            dialogue.code(of: .post(Post(item: "obstacles", kind: kind, text: "x", channel: channel)), by: principal)
        }
        #expect(code(Dialogue.facilitator, caucus) == .forbidden, "the facilitator has no caucus")
        #expect(code(Dialogue.observerAM, caucus) == .forbidden)
        #expect(code(Dialogue.memberAM, chairs) == .forbidden, "members are not chairs")
        #expect(code(Dialogue.memberAM, caucus, kind: .position) == .invalid, "a caucus takes chat only")
        #expect(code(Dialogue.cochairAM, chairs, kind: .proposal) == .invalid)
        // Held terms moderate what the other side reads; a caucus is read by one's own side.
        let frank = try dialogue.post("they call us traitor", kind: .chat, by: Dialogue.memberAM, channel: caucus)
        #expect(dialogue.state.contributions[frank]?.moderation == .visible)
        // A reply stays in its channel: no caucus line can be quoted into the main one.
        #expect(
            dialogue.code(
                of: .post(Post(item: "obstacles", kind: .chat, text: "answer", replyTo: frank)), by: Dialogue.memberAM)
                == .invalid)
        // The chairs may confer about a closed item; the open discussion may not continue on it.
        try dialogue.run(.closeItem("regional"), by: Dialogue.facilitator)
        #expect(
            dialogue.code(
                of: .post(Post(item: "regional", kind: .chat, text: "reopen?", channel: chairs)), by: Dialogue.cochairAZ
            )
                == nil)
        #expect(
            dialogue.code(of: .post(Post(item: "regional", kind: .chat, text: "x")), by: Dialogue.cochairAZ) == .closed)
    }

    @Test(
        "the other side's caucus cannot be touched, not even found",
        arguments: [Dialogue.cochairAZ, Dialogue.facilitator])
    func untouchable(outsider: Principal) throws {
        var dialogue = try Dialogue()
        let line = try dialogue.post("our line", kind: .chat, by: Dialogue.memberAM, channel: .caucus)
        #expect(dialogue.code(of: .redact(contribution: line, reason: "no"), by: outsider) == .notFound)
        #expect(
            dialogue.code(
                of: .translate(contribution: line, language: LanguageTag(rawValue: "ru"), text: "t"), by: outsider
            )
            .map { [.notFound, .forbidden].contains($0) } == true)
        #expect(dialogue.code(of: .redact(contribution: line, reason: "ours"), by: Dialogue.cochairAM) == nil)
    }

    /// The oracle (`ContractHearing`), for a line as `Visibility` describes it.
    static func hears(_ line: Visibility.PrivateLine, _ viewer: Viewer, in state: SessionState) -> Bool {
        ContractHearing.hears(line.channel, side: line.side, said: line.said, viewer, in: state)
    }

    static let markerPattern = try! NSRegularExpression(pattern: "secret ([0-9]+)/([0-9]+)/")

    /// The markers (`<secret 3/14/>`) in an export, as written, escaped or with their
    /// angle brackets dropped.
    static func markers(in text: String) -> Set<String> {
        Set(
            markerPattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
                Range($0.range, in: text).map { "<\(text[$0])>" }
            })
    }

    /// The property: random dialogues (`RandomCommands`); no viewer outside a channel's
    /// audience ever receives an event about it, live or in any export, and no export holds
    /// a held draft that was never approved.
    @Test(
        "no private post reaches anyone outside its audience, live or in any export", arguments: Array(UInt64(1)...60))
    func property(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var dialogue = try Dialogue(rules: .with { $0.heldTerms = ["traitor"] })
        // Every text said in a private channel (posts, replies, amendments, translations), with its line.
        var secrets: [String: Visibility.PrivateLine] = [:]
        // Every held draft's text (a held post, an amendment while held) and whether it was approved.
        var drafts: [String: Bool] = [:]
        var verified = 0
        for step in 0..<160 {
            dialogue.advance(seconds: Int.random(in: 0...30, using: &random))
            let marker = "<secret \(seed)/\(step)/>"
            let (command, principal) = RandomCommands.next(marker, dialogue.state, removals: false, using: &random)
            guard let events = try? dialogue.run(command, by: principal) else { continue }
            for event in events {
                switch event.body {
                case .contributed(let posted) where posted.saidIn.isPrivate:
                    secrets[marker] = Visibility.PrivateLine(dialogue.state.contributions[posted.contribution]!)
                case .contributed(let posted) where posted.held == true: drafts[marker] = false
                case .amended(let amendment):
                    let original = dialogue.state.contributions[amendment.contribution]!
                    if let line = Visibility.PrivateLine(original) { secrets[marker] = line }
                    if amendment.held == true { drafts[marker] = false }
                case .translated(let translation):
                    let original = dialogue.state.contributions[translation.contribution]!
                    if let line = Visibility.PrivateLine(original) { secrets[marker] = line }
                case .approved(let approval):
                    for draft in drafts.keys where approval.content.text.contains(draft) { drafts[draft] = true }
                case .translationVerified: verified += 1
                default: break
                }
            }
        }
        #expect(secrets.count > 5, "the generator speaks in private channels")
        #expect(!drafts.isEmpty, "holds drafts")
        #expect(verified > 0, "and verifies translations")
        let state = dialogue.state
        let viewers = [Principal.admin] + state.participants.map { Principal.participant($0.id) }
        #expect(viewers.count > Self.viewers.count, "someone joined late")
        let withheld = drafts.filter { !$0.value }.keys
        // Exports for the operator, the cast and a few of those who joined late (each costs
        // twelve renders); the projection for everyone.
        let late = state.participants.dropFirst(Fixtures.cast.count).map { Principal.participant($0.id) }
        let exporting = Set(viewers.prefix(Self.viewers.count) + late.shuffled(using: &random).prefix(4))
        for principal in viewers {
            let viewer = Self.viewer(principal, state)
            // Live frames and replays: one projection decides both.
            for event in dialogue.journal {
                guard let line = Visibility.privateChannel(of: event, in: state) else { continue }
                let seen = Visibility.project(event, for: viewer, in: state) != nil
                #expect(seen == Self.hears(line, viewer, in: state), "\(principal) and event \(event.seq)")
                #expect(seen == Visibility.hears(line, viewer, in: state))
            }
            guard exporting.contains(principal) else { continue }
            // Every export, private channels asked for, and the report whatever is asked.
            let record = try SessionRecord(journal: dialogue.journal, viewer: viewer)
            // JSON is the event list whatever the view (rendered once); the report and the
            // draft never hold a private line, whatever is asked.
            var asked = "", unasked = ""
            for view in ExportView.allCases {
                for format in ExportFormat.allCases where view == .transcript || format != .json {
                    let text = try Exporter.render(
                        record,
                        ExportRequest(
                            view: view, format: format, attribution: .names, includePrivateChannels: true,
                            language: LanguageTag(rawValue: "ru")))
                    if view == .transcript { asked += text } else { unasked += text }
                }
            }
            unasked += try Exporter.render(record, ExportRequest(view: .transcript, format: .json))
            unasked += try Exporter.render(
                record, ExportRequest(view: .transcript, format: .txt, language: LanguageTag(rawValue: "ru")))
            let read = Self.markers(in: asked), readUnasked = Self.markers(in: unasked)
            for (marker, audience) in secrets {
                if !Self.hears(audience, viewer, in: state) {
                    #expect(!read.contains(marker), "\(principal) read \(marker)")
                }
                #expect(!readUnasked.contains(marker), "\(marker) in an export that did not ask")
            }
            for marker in withheld {
                #expect(
                    !read.contains(marker) && !readUnasked.contains(marker),
                    "\(principal)'s export holds the held draft \(marker)")
            }
        }
    }
}

extension CaucusVisibilityTests {
    @Test("a redacted caucus line is never scrubbed out of the public draft, which would confirm its words")
    func noScrubOracle() throws {
        var dialogue = try Dialogue()
        let words = "We could accept the corridor under joint customs control."
        let line = try dialogue.post(words, kind: .chat, by: Dialogue.memberAM, channel: .caucus)
        try dialogue.run(.seedReport, by: Dialogue.cochairAZ)
        try dialogue.run(.editSection("s1", version: 1, text: "Guess: \(words)", title: nil), by: Dialogue.cochairAZ)
        let redaction = try dialogue.run(.redact(contribution: line, reason: "private"), by: Dialogue.cochairAM)
        #expect(redaction.map(\.body.kind) == [.redacted], "no public section edit")
        #expect(dialogue.state.scrubbed("Guess: \(words)") == "Guess: \(words)")
    }
}

extension CaucusVisibilityTests {
    @Test("a member put on a side later hears its caucus only from then on, unless their own co-chair added them")
    func lateJoiners() throws {
        var dialogue = try Dialogue()
        let before = try dialogue.post(
            "said before anyone new came", kind: .chat, by: Dialogue.memberAM, channel: .caucus)
        func added(_ name: String, by principal: Principal) throws -> ParticipantID {
            let events = try dialogue.run(
                .addParticipant(NewParticipant(name: name, role: .member, side: "am", credential: name)), by: principal)
            guard case .participantAdded(let added) = events[0].body else { throw Refusal(.invalid, "not added") }
            return added.participant.id
        }
        let planted = try added("Planted Member", by: Dialogue.facilitator)
        let trusted = try added("Trusted Member", by: Dialogue.cochairAM)
        let after = try dialogue.post("said after", kind: .chat, by: Dialogue.cochairAM, channel: .caucus)
        let state = dialogue.state
        func sees(_ id: ParticipantID, _ line: ContributionID) -> Bool {
            let viewer = Viewer.participant(state.participant(id)!)
            return dialogue.journal.contains { $0.seq == line && Visibility.project($0, for: viewer, in: state) != nil }
        }
        #expect(!sees(planted, before), "the facilitator's plant does not hear the caucus's past")
        #expect(sees(planted, after))
        #expect(sees(trusted, before), "the co-chair's own addition does")
        var planter = dialogue
        #expect(
            planter.code(
                of: .translate(contribution: before, language: LanguageTag(rawValue: "ru"), text: "t"),
                by: .participant(planted)) == .notFound, "not even found")
    }
}
