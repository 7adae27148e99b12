/// Facilitation (contract §6): ground rules at the door, phases that the co-chairs move on
/// together, and translations that the other side verifies.
extension SessionState {
    /// Whether `participant` has accepted the session's current ground rules (true when it has none).
    public func hasAcceptedRules(_ participant: ParticipantID) -> Bool {
        guard let rules = spec.groundRules else { return true }
        return acceptedRules[participant] == rules.version
    }

    /// Until a participant accepts the ground rules they may read, and do nothing else.
    func requireRulesAccepted(_ caller: Issuer) throws(Refusal) {
        guard let participant = caller.participant else { return }
        try require(hasAcceptedRules(participant.id), .forbidden, "accept the ground rules first")
    }

    func decideAcceptRules(_ version: Int, _ caller: Issuer, _ batch: inout EventBatch) throws(Refusal) {
        guard let participant = caller.participant else {
            throw Refusal(.invalid, "the operator does not accept ground rules")
        }
        guard let rules = spec.groundRules else { throw Refusal(.invalid, "this session has no ground rules") }
        try require(
            version == rules.version, .conflict,
            "the ground rules are at version \(rules.version), not \(version): read them again")
        try require(!hasAcceptedRules(participant.id), .conflict, "you have already accepted these ground rules")
        batch.append(.rulesAccepted(.init(participant: participant.id, version: version)))
    }

    // MARK: Phases

    /// The minutes left of an item's time at `now` (negative once over), or nil when it has
    /// no time or its time has not begun.
    public func minutesLeft(_ item: ItemID, at now: Instant) -> Double? {
        guard let minutes = spec.agenda.first(where: { $0.id == item })?.minutes,
            let started = itemStartedAt[item]
        else { return nil }
        return Double(minutes) - Double(now.millisecondsSinceEpoch - started.millisecondsSinceEpoch) / 60_000
    }

    func decideAdvancePhase(_ id: ItemID, _ from: Phase?, _ caller: Issuer, _ batch: inout EventBatch)
        throws(Refusal)
    {
        try require(
            caller.isFacilitator || caller.isCochair, .forbidden, "only the co-chairs and the facilitator move phases")
        let item = try item(id)
        guard let phase = phases[item] else { throw Refusal(.invalid, "agenda item '\(item)' has no phases") }
        guard let next = phase.next else { throw Refusal(.invalid, "agenda item '\(item)' has finished its phases") }
        try require(isOpen(item), .closed, "agenda item '\(item)' is closed")
        if let from {
            try require(
                from == phase, .conflict,
                "agenda item '\(item)' is in its \(phase.rawValue) phase, not \(from.rawValue)")
        }
        if caller.isCochair, let side = caller.side {
            let asked = phaseRequests[item] ?? []
            try require(!asked.contains(side), .conflict, "your side already asked to move on")
            batch.append(.phaseAdvanceRequested(.init(item: item, side: side, phase: phase, by: caller.principal)))
            guard spec.sides.allSatisfy({ asked.union([side]).contains($0.id) }) else { return }
        }
        batch.append(.phaseAdvanced(.init(item: item, from: phase, to: next, by: caller.principal)))
        if next == .closed { batch.append(.itemClosed(.init(item: item, by: caller.principal))) }
    }

    /// A phase allows only some kinds in the open channel; chat is always allowed.
    func requirePhaseAllows(_ kind: ContributionKind, in item: ItemID) throws(Refusal) {
        guard let phase = phases[item], !phase.allows(kind) else { return }
        let allowed = phase.allowedKinds.map(\.rawValue).joined(separator: " or ")
        throw Refusal(
            .invalid,
            "agenda item '\(item)' is in its \(phase.rawValue) phase: post \(allowed.isEmpty ? "chat only" : "a \(allowed)")"
        )
    }

    // MARK: Translations

    /// Languages one contribution may be translated into: the room's four and a few more.
    static let maxTranslations = 8

    func decideTranslate(
        _ id: ContributionID, _ language: LanguageTag, _ text: String, _ caller: Issuer, _ batch: inout EventBatch
    ) throws(Refusal) {
        guard let translator = caller.participant, translator.role.speaksForSide, let side = translator.side else {
            throw Refusal(.forbidden, "only co-chairs and members translate")
        }
        let original = try visibleContribution(id, to: caller)
        try require(original.moderation == .visible, .conflict, "contribution \(id) is held or rejected")
        try require(original.redaction == nil, .conflict, "contribution \(id) was redacted")
        try require(!isMuted(translator.id, at: batch.at), .muted, "you are muted")
        try requireSlowMode(translator.id, at: batch.at)
        try require(
            original.translations[language] != nil || original.translations.count < Self.maxTranslations, .invalid,
            "contribution \(id) already has \(Self.maxTranslations) translations")
        try checkedText(text)
        try require(!text.hasBidiControls, .invalid, "a translation holds no bidi controls")
        if !original.channel.isPrivate {
            let terms = HeldTermMatcher(terms: rules.heldTerms).matches(in: text)
            try require(
                terms.isEmpty, .invalid,
                "the translation holds the held term \(terms.map { "'\($0)'" }.joined(separator: ", "))")
        }
        batch.append(
            .translated(
                .init(
                    contribution: id, language: language, text: text, by: translator.id, side: side,
                    version: original.version)))
    }

    func decideVerifyTranslation(
        _ id: ContributionID, _ language: LanguageTag, _ seq: Seq?, _ caller: Issuer, _ batch: inout EventBatch
    ) throws(Refusal) {
        guard let verifier = caller.participant, verifier.role.speaksForSide, let side = verifier.side else {
            throw Refusal(.forbidden, "only co-chairs and members verify translations")
        }
        let original = try visibleContribution(id, to: caller)
        try require(original.redaction == nil, .conflict, "contribution \(id) was redacted")
        guard let translation = original.translations[language] else {
            throw Refusal(.notFound, "contribution \(id) has no translation into \(language)")
        }
        try require(side != translation.side, .forbidden, "a translation is verified by the other side")
        if let seq {
            try require(
                seq == translation.seq, .conflict,
                "the translation into \(language) was replaced (now #\(translation.seq)): read it again")
        }
        try require(
            translation.version == original.version, .conflict,
            "the original was amended after this translation: translate it again")
        try require(translation.verifiedBy == nil, .conflict, "this translation is already verified")
        batch.append(
            .translationVerified(
                .init(contribution: id, language: language, translation: translation.seq, by: verifier.id, side: side)))
    }
}
