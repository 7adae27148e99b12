/// A session as it stands after folding its journal: the input of every decision.
///
/// `apply` is the only way state changes, and every event `handle` decides is
/// applied in order, so folding a journal always rebuilds exactly the state the live
/// session had.
public struct SessionState: Equatable, Sendable {
    public private(set) var id: SessionID
    public private(set) var spec: SessionSpec
    public private(set) var createdAt: Instant
    public private(set) var head: Seq
    public private(set) var closedAt: Instant?
    public private(set) var openItems: Set<ItemID>
    /// Every participant ever added, in order; removed ones stay for attribution.
    public private(set) var participants: [Participant] = []
    public private(set) var removed: Set<ParticipantID> = []
    /// Active participants by their name as a reader compares names (`HeldTermMatcher.fold`).
    private(set) var activeNames: [String: ParticipantID] = [:]
    /// Token hashes of active participants.
    public private(set) var credentials: [ParticipantID: String] = [:]
    /// The active participant holding each token hash: a request is authenticated with one
    /// lookup, not a comparison with every participant's hash.
    public private(set) var credentialHolders: [String: ParticipantID] = [:]
    public private(set) var contributions: [ContributionID: Contribution] = [:]
    /// Raised hands in the order they were raised.
    public private(set) var hands: [ParticipantID] = []
    public private(set) var floorHolder: ParticipantID?
    /// The side that spoke last from the floor, for alternating suggestions.
    public private(set) var lastFloorSide: SideID?
    public private(set) var mutedUntil: [ParticipantID: Instant] = [:]
    public private(set) var lastPostAt: [ParticipantID: Instant] = [:]
    public private(set) var closeRequests: Set<SideID> = []
    /// The joint report draft (contract §5).
    public private(set) var report = ReportDraft()
    /// When and by whom each participant was added: who hears a private channel's past.
    public private(set) var joinings: [ParticipantID: Joining] = [:]
    /// The version of the ground rules each participant accepted (contract §6).
    public private(set) var acceptedRules: [ParticipantID: Int] = [:]
    /// The phase of each agenda item that runs in phases.
    public private(set) var phases: [ItemID: Phase] = [:]
    /// The sides whose co-chair asked to move an item on from its current phase.
    public private(set) var phaseRequests: [ItemID: Set<SideID>] = [:]
    /// When each item's time began to run: its first main-channel contribution or phase change.
    public private(set) var itemStartedAt: [ItemID: Instant] = [:]

    public var isClosed: Bool { closedAt != nil }
    public var rules: Rules { spec.rules }

    /// Starts a session from its first event, `sessionCreated`.
    public init(created: EventBody.SessionCreated, at: Instant, seq: Seq = 1) {
        id = created.session
        spec = created.spec
        createdAt = at
        head = seq
        openItems = Set(created.spec.agenda.compactMap(\.id))
        for item in created.spec.agenda {
            if let id = item.id, let phase = item.phase { phases[id] = phase }
        }
    }

    /// Folds a whole journal; the events must start with `sessionCreated` at seq 1 and rise by one.
    public static func fold(_ events: some Sequence<Event>) throws(FoldError) -> SessionState {
        var iterator = events.makeIterator()
        guard let first = iterator.next(), case .sessionCreated(let created) = first.body, first.seq == 1
        else { throw FoldError.missingGenesis }
        var state = SessionState(created: created, at: first.at)
        while let event = iterator.next() {
            guard event.seq == state.head + 1 else {
                throw FoldError.gap(expected: state.head + 1, found: event.seq)
            }
            state.apply(event)
        }
        return state
    }

    // MARK: Queries

    public func participant(_ id: ParticipantID) -> Participant? {
        participants.first { $0.id == id }
    }

    /// The participant, if they were added and not removed.
    public func activeParticipant(_ id: ParticipantID) -> Participant? {
        removed.contains(id) ? nil : participant(id)
    }

    public var activeParticipants: [Participant] { participants.filter { !removed.contains($0.id) } }

    public func cochair(of side: SideID) -> Participant? {
        activeParticipants.first { $0.role == .cochair && $0.side == side }
    }

    public func isOpen(_ item: ItemID) -> Bool { openItems.contains(item) }

    public func hasItem(_ item: ItemID) -> Bool { spec.agenda.contains { $0.id == item } }

    public func isMuted(_ id: ParticipantID, at now: Instant) -> Bool {
        guard let until = mutedUntil[id] else { return false }
        return now < until
    }

    /// Contributions in the order they were posted.
    public var orderedContributions: [Contribution] {
        contributions.values.sorted { $0.id < $1.id }
    }

    /// The next speaker the floor queue suggests: the first raised hand from a side other
    /// than the one that spoke last, so that the sides alternate; else the first hand.
    public var suggestedNextSpeaker: ParticipantID? {
        nextSpeaker(among: hands, after: floorHolder.flatMap { participant($0)?.side } ?? lastFloorSide)
    }

    // MARK: Folding

    /// Folds one event into the state. Events are trusted: they come from the machine or
    /// from a journal it wrote.
    public mutating func apply(_ event: Event) {
        head = event.seq
        switch event.body {
        case .sessionCreated:
            break
        case .participantAdded(let added):
            participants.append(added.participant)
            joinings[added.participant.id] = Joining(seq: event.seq, by: added.by)
            activeNames[HeldTermMatcher.fold(added.participant.name)] = added.participant.id
            credentials[added.participant.id] = added.credential
            if let credential = added.credential { credentialHolders[credential] = added.participant.id }
        case .participantRemoved(let removal):
            removed.insert(removal.participant)
            if let name = participant(removal.participant)?.name {
                let key = HeldTermMatcher.fold(name)
                if activeNames[key] == removal.participant { activeNames[key] = nil }
            }
            if let credential = credentials.removeValue(forKey: removal.participant) {
                credentialHolders[credential] = nil
            }
            hands.removeAll { $0 == removal.participant }
            if floorHolder == removal.participant { floorHolder = nil }
        case .itemOpened(let change):
            openItems.insert(change.item)
            // Reopening an item whose phases ran out takes it back to drafting.
            if phases[change.item] == .closed { phases[change.item] = .drafting }
            phaseRequests[change.item] = nil
        case .itemClosed(let change):
            openItems.remove(change.item)
        case .contributed(let posted):
            contributions[posted.contribution] = Contribution(
                id: posted.contribution, author: posted.author, side: posted.side, item: posted.item,
                kind: posted.kind, text: posted.text, replyTo: posted.replyTo, options: posted.options,
                postedAt: event.at, version: 1, amendedAt: nil,
                moderation: posted.held == true ? .held : .visible, redaction: nil, endorsements: [:],
                adopted: false, channel: posted.saidIn)
            lastPostAt[posted.author] = event.at
            // A held post starts no clock: its time would show the others that it exists.
            if !posted.saidIn.isPrivate, posted.held != true, itemStartedAt[posted.item] == nil {
                itemStartedAt[posted.item] = event.at
            }
        case .amended(let amendment):
            contributions[amendment.contribution]?.text = amendment.text
            contributions[amendment.contribution]?.version = amendment.version
            contributions[amendment.contribution]?.amendedAt = event.at
            contributions[amendment.contribution]?.endorsements = [:]
            contributions[amendment.contribution]?.clearVerifications()
        case .held(let hold):
            contributions[hold.contribution]?.moderation = .held
        case .approved(let approval):
            contributions[approval.contribution]?.moderation = .visible
        case .rejected(let rejection):
            contributions[rejection.contribution]?.moderation = .rejected
        case .redacted(let redaction):
            contributions[redaction.contribution]?.redaction = redaction
            contributions[redaction.contribution]?.translations = [:]
        case .endorsed(let endorsement):
            contributions[endorsement.contribution]?.endorsements[endorsement.side] = endorsement.version
        case .endorsementWithdrawn(let withdrawal):
            contributions[withdrawal.contribution]?.endorsements[withdrawal.side] = nil
        case .adopted(let adoption):
            contributions[adoption.contribution]?.adopted = true
        case .handRaised(let hand):
            hands.append(hand.participant)
        case .handLowered(let hand):
            hands.removeAll { $0 == hand.participant }
            if floorHolder == hand.participant { floorHolder = nil }
        case .floorGranted(let grant):
            hands.removeAll { $0 == grant.participant }
            floorHolder = grant.participant
            lastFloorSide = participant(grant.participant)?.side ?? lastFloorSide
        case .muted(let mute):
            mutedUntil[mute.participant] = mute.until
        case .unmuted(let unmute):
            mutedUntil[unmute.participant] = nil
        case .rulesChanged(let change):
            spec.rules = change.rules
        case .closeRequested(let request):
            closeRequests.insert(request.side)
        case .sessionClosed:
            closedAt = event.at
        case .reportSeeded(let seed):
            for section in seed.sections { report.append(section) }
        case .sectionAdded(let added):
            report.add(added.section, after: added.after)
        case .sectionEdited(let edit):
            report.edit(edit)
        case .suggested(let suggested):
            report.suggest(
                Suggestion(
                    id: suggested.suggestion, section: suggested.section, version: suggested.version,
                    text: suggested.text, note: suggested.note, by: suggested.by,
                    side: suggested.side, at: event.at, status: .pending))
        case .suggestionApplied:
            break  // the `sectionEdited` that follows marks the suggestion applied
        case .suggestionDismissed(let dismissal):
            report.dismiss(dismissal.suggestion)
        case .sectionSigned(let signature):
            report.sign(signature)
        case .signatureWithdrawn(let signature):
            report.withdraw(signature.section, side: signature.side)
        case .sectionMoved(let move):
            report.move(move.section, after: move.after)
        case .sectionRemovalRequested(let request):
            report.requestRemoval(request)
        case .sectionRemoved(let removal):
            report.remove(removal.section)
        case .reportFinalized(let finalization):
            report.finalize(finalization, at: event.at)
        case .rulesAccepted(let acceptance):
            acceptedRules[acceptance.participant] = acceptance.version
        case .phaseAdvanceRequested(let request):
            phaseRequests[request.item, default: []].insert(request.side)
        case .phaseAdvanced(let advance):
            phases[advance.item] = advance.to
            phaseRequests[advance.item] = nil
            if itemStartedAt[advance.item] == nil { itemStartedAt[advance.item] = event.at }
        case .translated(let translated):
            lastPostAt[translated.by] = event.at
            contributions[translated.contribution]?.translations[translated.language] = Translation(
                language: translated.language, text: translated.text, by: translated.by, side: translated.side,
                version: translated.version, seq: event.seq)
        case .translationVerified(let verification):
            contributions[verification.contribution]?.translations[verification.language]?.verifiedBy =
                verification.by
            contributions[verification.contribution]?.translations[verification.language]?.verifiedSide =
                verification.side
        }
    }
}

/// A participant's arrival: the seq of their `participantAdded` and who added them.
public struct Joining: Equatable, Sendable {
    public var seq: Seq
    public var by: Principal
}

/// A journal that cannot be folded into a session.
public enum FoldError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingGenesis
    case gap(expected: Seq, found: Seq)

    public var description: String {
        switch self {
        case .missingGenesis: "the journal does not start with sessionCreated at seq 1"
        case .gap(let expected, let found): "the journal skips from seq \(expected - 1) to \(found)"
        }
    }
}

extension SessionState {
    /// The first event of a new session: the validated spec under its id.
    public static func genesis(_ spec: SessionSpec, id: SessionID, at: Instant) throws(Refusal) -> Event {
        Event(seq: 1, at: at, body: .sessionCreated(.init(session: id, spec: try spec.validated())))
    }
}
