/// The session state machine's input side: a command, who issued it and when, in; the
/// events to append, or a refusal, out. Deciding never changes the state: the engine
/// appends the events, then applies them.
extension SessionState {
    public func handle(_ command: Command, by principal: Principal, at now: Instant) throws(Refusal) -> [Event] {
        let caller = try resolve(principal)
        guard !isClosed else { throw Refusal(.closed, "the session is closed") }
        if case .acceptRules = command {} else { try requireRulesAccepted(caller) }
        var batch = EventBatch(after: head, at: now)
        switch command {
        case .post(let post): try decidePost(post, caller, &batch)
        case .amend(let id, let text): try decideAmend(id, text, caller, &batch)
        case .endorse(let id, let version): try decideEndorse(id, version, caller, &batch)
        case .withdrawEndorsement(let id): try decideWithdrawEndorsement(id, caller, &batch)
        case .redact(let id, let reason): try decideRedact(id, reason, caller, &batch)
        case .approve(let id, let version): try decideApprove(id, version, caller, &batch)
        case .reject(let id, let version, let reason): try decideReject(id, version, reason, caller, &batch)
        case .raiseHand: try decideRaiseHand(caller, &batch)
        case .lowerHand: try decideLowerHand(caller, &batch)
        case .grantFloor(let target): try decideGrantFloor(target, caller, &batch)
        case .openItem(let item): try decideItem(item, open: true, caller, &batch)
        case .closeItem(let item): try decideItem(item, open: false, caller, &batch)
        case .mute(let target, let seconds, let reason): try decideMute(target, seconds, reason, caller, &batch)
        case .unmute(let target): try decideUnmute(target, caller, &batch)
        case .setRules(let patch): try decideSetRules(patch, caller, &batch)
        case .closeSession: try decideClose(caller, &batch)
        case .addParticipant(let new): try decideAddParticipant(new, caller, &batch)
        case .removeParticipant(let target, let reason): try decideRemove(target, reason, caller, &batch)
        case .seedReport: try decideSeedReport(caller, &batch)
        case .addSection(let title, let owner, let after, let text):
            try decideAddSection(title, owner, after, text, caller, &batch)
        case .editSection(let id, let version, let text, let title):
            try decideEditSection(id, version, text, title, caller, &batch)
        case .suggest(let id, let version, let text, let note):
            try decideSuggest(id, version, text, note, caller, &batch)
        case .applySuggestion(let id): try decideApplySuggestion(id, caller, &batch)
        case .dismissSuggestion(let id, let reason): try decideDismissSuggestion(id, reason, caller, &batch)
        case .signSection(let id, let version): try decideSignSection(id, version, caller, &batch)
        case .withdrawSignature(let id): try decideWithdrawSignature(id, caller, &batch)
        case .moveSection(let id, let after): try decideMoveSection(id, after, caller, &batch)
        case .removeSection(let id): try decideRemoveSection(id, caller, &batch)
        case .finalizeReport: try decideFinalizeReport(caller, &batch)
        case .acceptRules(let version): try decideAcceptRules(version, caller, &batch)
        case .advancePhase(let item, let from): try decideAdvancePhase(item, from, caller, &batch)
        case .translate(let id, let language, let text): try decideTranslate(id, language, text, caller, &batch)
        case .verifyTranslation(let id, let language, let translation):
            try decideVerifyTranslation(id, language, translation, caller, &batch)
        }
        return batch.events
    }

    /// Decides a command and applies its events: what a live session does for each command
    /// before committing them. Returns the events to append; a refusal changes nothing.
    public mutating func execute(_ command: Command, by principal: Principal, at now: Instant) throws(Refusal)
        -> [Event]
    {
        let events = try handle(command, by: principal, at: now)
        for event in events { apply(event) }
        return events
    }

    /// Who is acting, as far as the rules care.
    struct Issuer {
        var principal: Principal
        /// Nil for the operator (admin token).
        var participant: Participant?

        var role: Role? { participant?.role }
        var side: SideID? { participant?.side }
        var isFacilitator: Bool { role == .facilitator }
        var isCochair: Bool { role == .cochair }
        var isAdmin: Bool { participant == nil }
        var viewer: Viewer { participant.map(Viewer.participant) ?? .admin }
    }

    private func resolve(_ principal: Principal) throws(Refusal) -> Issuer {
        switch principal {
        case .admin:
            return Issuer(principal: principal, participant: nil)
        case .participant(let id):
            guard let participant = activeParticipant(id) else {
                throw Refusal(.unauthorized, "participant \(id) is not in this session")
            }
            return Issuer(principal: principal, participant: participant)
        }
    }

    // MARK: Shared checks

    func require(_ condition: Bool, _ code: ErrorCode = .forbidden, _ message: @autoclosure () -> String)
        throws(Refusal)
    {
        guard condition else { throw Refusal(code, message()) }
    }

    /// A contribution the caller may see; anything else is reported as not found so that
    /// held text of others is not even confirmed to exist.
    func visibleContribution(_ id: ContributionID, to caller: Issuer) throws(Refusal) -> Contribution {
        guard let contribution = contributions[id], canSee(contribution, caller) else {
            throw Refusal(.notFound, "no contribution \(id)")
        }
        return contribution
    }

    func canSee(_ contribution: Contribution, _ caller: Issuer) -> Bool {
        (Visibility.PrivateLine(contribution).map { Visibility.hears($0, caller.viewer, in: self) } ?? true)
            && (contribution.moderation == .visible || Visibility.seesHeld(of: contribution.author, caller.viewer))
    }

    /// A key is bound to the text its holder read: `version` must be the current one.
    func requireCurrent(_ contribution: Contribution, _ version: Int) throws(Refusal) {
        try require(
            contribution.version == version, .conflict,
            "contribution \(contribution.id) is at version \(contribution.version), not \(version): read it again")
    }

    func item(_ id: ItemID) throws(Refusal) -> ItemID {
        guard hasItem(id) else { throw Refusal(.notFound, "no agenda item '\(id)'") }
        return id
    }

    func target(_ id: ParticipantID) throws(Refusal) -> Participant {
        guard let participant = activeParticipant(id) else {
            throw Refusal(.notFound, "no participant \(id)")
        }
        return participant
    }

    /// Text with content, within the length limit.
    func checkedText(_ text: String, field: String = "text") throws(Refusal) {
        guard !text.trimmed.isEmpty else { throw Refusal(.invalid, "\(field) must not be empty") }
        guard text.fits(rules.maxLength) else {
            throw Refusal(
                .tooLong,
                "\(field) is longer than \(rules.maxLength) characters (or \(rules.maxLength * 4) bytes of UTF-8)")
        }
    }

    /// A short reason: optional where `required` is false. Reasons are public and printed
    /// in the log and exports, so they obey the held terms too.
    func checkedReason(_ reason: String?, required: Bool) throws(Refusal) -> String? {
        let trimmed = reason.map { String($0.trimmed) }
        if required, trimmed?.isEmpty ?? true { throw Refusal(.invalid, "a reason is required") }
        guard let trimmed, !trimmed.isEmpty else { return nil }
        guard trimmed.isSingleLine, !trimmed.hasBidiControls else {
            throw Refusal(.invalid, "a reason is one line without control characters or bidi controls")
        }
        guard trimmed.fits(Self.maxReasonLength) else {
            throw Refusal(
                .tooLong,
                "the reason is longer than \(Self.maxReasonLength) characters (or \(Self.maxReasonLength * 4) bytes of UTF-8)"
            )
        }
        let terms = HeldTermMatcher(terms: rules.heldTerms).matches(in: trimmed)
        guard terms.isEmpty else {
            throw Refusal(.invalid, "the reason holds the held term \(terms.map { "'\($0)'" }.joined(separator: ", "))")
        }
        return trimmed
    }

    static let maxReasonLength = 500
    static let maxMuteSeconds = 7 * 86_400
    static let maxNameLength = 100
    /// Participants a session may ever have, removed ones included: ids are never reused.
    public static let maxParticipants = 5_000
}

/// Events decided for one command, numbered from the session's head.
struct EventBatch {
    private(set) var events: [Event] = []
    private var next: Seq
    let at: Instant

    init(after head: Seq, at: Instant) {
        next = head + 1
        self.at = at
    }

    /// The seq the next appended event will get: a new contribution's id.
    var nextSeq: Seq { next }

    mutating func append(_ body: EventBody) {
        events.append(Event(seq: next, at: at, body: body))
        next += 1
    }
}
