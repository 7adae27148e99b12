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

    /// The property: random dialogues with private and open posts, amendments, redactions
    /// and translations; no viewer outside a channel's audience ever receives an event
    /// about it, live or in any export.
    @Test(
        "no private post reaches anyone outside its audience, live or in any export", arguments: Array(UInt64(1)...12))
    func property(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var dialogue = try Dialogue(spec: Fixtures.spec(), cast: Fixtures.cast)
        // Every text said in a private channel (posts, amendments, translations), with its line.
        var secrets: [String: Visibility.PrivateLine] = [:]
        let speakers: [Principal] = [
            Dialogue.facilitator, Dialogue.cochairAM, Dialogue.cochairAZ, Dialogue.memberAM, Dialogue.memberAZ,
        ]
        for step in 0..<160 {
            dialogue.advance(seconds: Int.random(in: 0...30, using: &random))
            let principal = speakers.randomElement(using: &random)!
            let channel = ChatChannel.allCases.randomElement(using: &random)!
            let target = Array(dialogue.state.contributions.keys).randomElement(using: &random) ?? 1
            let marker = "<secret \(seed)/\(step)/>"
            let command: Command =
                switch Int.random(in: 0..<7, using: &random) {
                case 0, 1, 2:
                    .post(Post(item: "obstacles", kind: .chat, text: marker, channel: channel == .main ? nil : channel))
                case 3: .amend(contribution: target, text: marker)
                case 4: .redact(contribution: target, reason: "r")
                case 5:
                    .addParticipant(
                        NewParticipant(
                            name: "Late Member \(step)", role: .member,
                            side: ["am", "az"].randomElement(using: &random)!,
                            credential: "late-\(step)"))
                default: .translate(contribution: target, language: LanguageTag(rawValue: "ru"), text: marker)
                }
            guard let events = try? dialogue.run(command, by: principal) else { continue }
            for event in events {
                guard let audience = Visibility.privateChannel(of: event, in: dialogue.state) else { continue }
                if case .redacted = event.body { continue }
                secrets[marker] = audience
            }
        }
        #expect(secrets.count > 10, "the generator speaks in private channels")
        let state = dialogue.state
        let viewers = [Principal.admin] + state.participants.map { Principal.participant($0.id) }
        #expect(viewers.count > Self.viewers.count, "someone joined late")
        for principal in viewers {
            let viewer = Self.viewer(principal, state)
            // Live frames and replays: one projection decides both.
            for event in dialogue.journal {
                guard let line = Visibility.privateChannel(of: event, in: state) else { continue }
                let seen = Visibility.project(event, for: viewer, in: state) != nil
                #expect(seen == Visibility.hears(line, viewer, in: state), "\(principal) and event \(event.seq)")
                #expect(!seen || Visibility.hears(line.channel, of: line.side, viewer), "only its audience")
            }
            // Every export, private channels asked for, and the report whatever is asked.
            let record = try SessionRecord(journal: dialogue.journal, viewer: viewer)
            var asked = ""
            for view in ExportView.allCases {
                for format in ExportFormat.allCases {
                    asked += try Exporter.render(
                        record,
                        ExportRequest(
                            view: view, format: format, attribution: .names, includePrivateChannels: true,
                            language: LanguageTag(rawValue: "ru")))
                }
            }
            var unasked = try Exporter.render(record, ExportRequest(view: .transcript, format: .json))
            unasked += try Exporter.render(
                record, ExportRequest(view: .transcript, format: .txt, language: LanguageTag(rawValue: "ru")))
            for view in [ExportView.report, .draft] {
                unasked += try Exporter.render(
                    record, ExportRequest(view: view, format: .md, includePrivateChannels: true))
            }
            for (marker, audience) in secrets {
                let escaped = marker.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
                    of: ">", with: "&gt;")
                if !Visibility.hears(audience, viewer, in: state) {
                    #expect(!asked.contains(marker) && !asked.contains(escaped), "\(principal) read \(marker)")
                    #expect(!asked.contains(marker.dropFirst().dropLast()), "\(principal) read \(marker), escaped")
                }
                #expect(!unasked.contains(marker.dropFirst().dropLast()), "\(marker) in an export that did not ask")
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
