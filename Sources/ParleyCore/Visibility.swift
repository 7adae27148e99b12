/// Who is looking at a session's events.
public enum Viewer: Sendable, Equatable {
    /// The operator, or an export made offline from the data directory: sees every event.
    case admin
    case participant(Participant)
}

/// Decides, per event and viewer, whether and in what form the viewer sees it.
///
/// Private channels (contract §6: a side's caucus, the chairs') are heard only by their
/// members: a private post and every event about it (`hears`).
/// Held contributions (and their amendments and rejection) are seen by their author,
/// co-chairs and the facilitator only; an approval carries the content to everyone else.
/// Observers are the audience: each one's arrival and removal is seen by the moderators and
/// by that observer, and the others only count them, so that a public session with a thousand
/// observers costs each newcomer nothing per observer already there. Moderation events are
/// public, so both co-chairs always see what the other did. Token hashes never leave the
/// journal.
///
/// Every viewer who sees an event sees it in the same form (`publicForm`), so a live event
/// is encoded once for all of them.
public enum Visibility {
    /// The event of `state`'s session as `viewer` sees it, or nil when they do not.
    public static func project(_ event: Event, for viewer: Viewer, in state: SessionState) -> Event? {
        sees(event, viewer, in: state) ? publicForm(of: event) : nil
    }

    /// Whether `viewer` sees `event` of `state`'s session at all (`state` names the
    /// participants an event refers to by id).
    public static func sees(_ event: Event, _ viewer: Viewer, in state: SessionState) -> Bool {
        if let line = privateChannel(of: event, in: state), !hears(line, viewer, in: state) { return false }
        switch event.body {
        case .participantAdded(let added) where added.participant.role == .observer:
            return seesListed(added.participant, viewer)
        case .participantRemoved(let removal):
            return state.participant(removal.participant).map { seesListed($0, viewer) } ?? true
        case .contributed(let posted) where posted.held == true:
            return seesHeld(of: posted.author, viewer)
        case .amended(let amendment) where amendment.held == true:
            return seesHeld(of: amendment.author, viewer)
        case .held(let hold):
            return seesHeld(of: hold.author, viewer)
        case .rejected(let rejection):
            return seesHeld(of: rejection.author, viewer)
        case .rulesAccepted(let acceptance):
            return state.participant(acceptance.participant).map { seesListed($0, viewer) } ?? true
        default:
            return true
        }
    }

    /// The private channel an event belongs to, with the side of its contribution: a
    /// private post and every event about it (amendment, redaction, translation) share
    /// one audience.
    public static func privateChannel(of event: Event, in state: SessionState) -> PrivateLine? {
        let id: ContributionID
        switch event.body {
        case .contributed(let posted):
            return posted.saidIn.isPrivate
                ? PrivateLine(channel: posted.saidIn, side: posted.side, said: posted.contribution) : nil
        case .amended(let amendment): id = amendment.contribution
        case .redacted(let redaction): id = redaction.contribution
        case .translated(let translation): id = translation.contribution
        case .translationVerified(let verification): id = verification.contribution
        default: return nil
        }
        guard let contribution = state.contributions[id] else { return nil }
        return PrivateLine(contribution)
    }

    /// A line said in a private channel: where, by which side, and when (its seq).
    public struct PrivateLine: Equatable, Sendable {
        public var channel: ChatChannel
        public var side: SideID?
        public var said: Seq

        /// The contribution's line, or nil when it was said in the open.
        public init?(_ contribution: Contribution) {
            guard contribution.channel.isPrivate else { return nil }
            self.init(channel: contribution.channel, side: contribution.side, said: contribution.id)
        }

        init(channel: ChatChannel, side: SideID?, said: Seq) {
            self.channel = channel
            self.side = side
            self.said = said
        }
    }

    /// Whether `viewer` hears `line`: a member of its channel's audience (`hears(_:of:_:)`)
    /// who was in the session when it was said. A caucus member their own co-chair added
    /// later hears the caucus's past too; anyone else added later (a member the facilitator
    /// or the operator put on a side) hears only from then on, so that adding someone to a
    /// side never opens its past.
    public static func hears(_ line: PrivateLine, _ viewer: Viewer, in state: SessionState) -> Bool {
        // A removed participant hears no private channel any more, past or present: their
        // token no longer admits them, and a connection admitted just before the removal
        // must not read on.
        guard hears(line.channel, of: line.side, viewer), case .participant(let listener) = viewer,
            !state.removed.contains(listener.id), let joining = state.joinings[listener.id]
        else { return false }
        if joining.seq < line.said { return true }
        guard line.channel == .caucus, case .participant(let adder) = joining.by,
            let cochair = state.participant(adder)
        else { return false }
        return cochair.role == .cochair && cochair.side == line.side
    }

    /// Whether `viewer` hears what is said in `channel` by someone of `side`: everyone hears
    /// the main channel; a caucus is heard by its side's co-chair and members only, the
    /// chairs' channel by the co-chairs and the facilitator. Nobody else, the operator and
    /// offline exports included, ever hears a private channel.
    public static func hears(_ channel: ChatChannel, of side: SideID?, _ viewer: Viewer) -> Bool {
        guard case .participant(let listener) = viewer else { return channel == .main }
        switch channel {
        case .main: return true
        case .caucus: return listener.role.speaksForSide && listener.side != nil && listener.side == side
        case .chairs: return listener.role.moderates
        }
    }

    /// The form in which everyone who sees the event sees it: without the credential.
    public static func publicForm(of event: Event) -> Event {
        guard case .participantAdded(var added) = event.body else { return event }
        added.credential = nil
        return Event(seq: event.seq, at: event.at, body: .participantAdded(added))
    }

    /// The author of a held contribution, co-chairs, the facilitator and the operator.
    public static func seesHeld(of author: ParticipantID, _ viewer: Viewer) -> Bool {
        switch viewer {
        case .admin: true
        case .participant(let participant): participant.id == author || participant.role.moderates
        }
    }

    /// Whether `viewer` sees `participant` by name among the session's participants: every
    /// co-chair, member and facilitator, and an observer only by the moderators, the
    /// operator and themselves.
    public static func seesListed(_ participant: Participant, _ viewer: Viewer) -> Bool {
        guard participant.role == .observer else { return true }
        switch viewer {
        case .admin: return true
        case .participant(let looking): return looking.id == participant.id || looking.role.moderates
        }
    }
}

extension Viewer {
    /// The participant looking, or nil for the operator.
    public var participantID: ParticipantID? {
        if case .participant(let participant) = self { participant.id } else { nil }
    }
}

extension Visibility {
    /// The event with a redacted contribution's words replaced by its tombstone
    /// (`[redacted: reason]`), so that a redaction reaches every later reader: replays,
    /// exports. Drafting events lose the redacted words wherever the seed wrote them.
    /// Other events are returned as they are.
    public static func tombstoned(_ event: Event, in state: SessionState) -> Event {
        var event = event
        switch event.body {
        case .contributed(var posted):
            guard let tombstone = state.tombstone(of: posted.contribution) else { return event }
            posted.text = tombstone
            posted.options = nil
            event.body = .contributed(posted)
        case .amended(var amendment):
            guard let tombstone = state.tombstone(of: amendment.contribution) else { return event }
            amendment.text = tombstone
            event.body = .amended(amendment)
        case .translated(var translation):
            // A translation carries the original's words: a redaction reaches it too.
            guard let tombstone = state.tombstone(of: translation.contribution) else { return event }
            translation.text = tombstone
            event.body = .translated(translation)
        case .approved(var approval):
            guard let tombstone = state.tombstone(of: approval.contribution) else { return event }
            approval.content.text = tombstone
            approval.content.options = nil
            event.body = .approved(approval)
        case .reportSeeded(var seed):
            for index in seed.sections.indices { seed.sections[index].text = state.scrubbed(seed.sections[index].text) }
            event.body = .reportSeeded(seed)
        case .sectionAdded(var added):
            added.section.text = state.scrubbed(added.section.text)
            event.body = .sectionAdded(added)
        case .sectionEdited(var edit):
            edit.text = state.scrubbed(edit.text)
            event.body = .sectionEdited(edit)
        case .suggested(var suggestion):
            suggestion.text = state.scrubbed(suggestion.text)
            event.body = .suggested(suggestion)
        default:
            break
        }
        return event
    }
}

extension SessionState {
    /// `[redacted: reason]` for a redacted contribution, else nil.
    public func tombstone(of id: ContributionID) -> String? {
        contributions[id]?.redaction.map { Self.tombstone(reason: $0.reason) }
    }

    /// What stands in place of redacted words.
    public static func tombstone(reason: String) -> String { "[redacted: \(reason)]" }
}

extension SessionState {
    /// Who may export this session, and by name (contract §2): observers only while
    /// `observersMayExport`; by name (`attribution: names`) only the operator (`nil`) and
    /// the facilitator while the session's attribution is `sides` (Chatham House).
    public func checkExport(by participant: Participant?, attribution: Attribution?) throws(Refusal) {
        if participant?.role == .observer && !rules.observersMayExport {
            throw Refusal(.forbidden, "this session's exports are not open to observers")
        }
        if attribution == .names, rules.attribution == .sides, let participant, participant.role != .facilitator {
            throw Refusal(
                .forbidden, "this session follows the Chatham House rule: exports name sides only, not people")
        }
    }
}
