/// Moderation: redaction, held contributions, mute, agenda items, rules and closing.
///
/// Parity rules: the facilitator is neutral and acts on anyone; a co-chair redacts, mutes
/// and rejects on their own side only (contract §3), so no one silences the other side's
/// words. Approving only publishes what the author wrote: any moderator approves.
extension SessionState {
    func decideRedact(_ id: ContributionID, _ reason: String, _ caller: Issuer, _ batch: inout EventBatch)
        throws(Refusal)
    {
        try require(caller.isFacilitator || caller.isCochair, .forbidden, "only the facilitator and co-chairs redact")
        let contribution = try visibleContribution(id, to: caller)
        if caller.isCochair {
            try require(
                contribution.side == caller.side, .forbidden, "a co-chair redacts their own side's contributions only")
            try require(
                !contribution.adopted, .forbidden, "an adopted text is joint: only the facilitator redacts it")
        }
        let reason = try checkedReason(reason, required: true)!
        try require(contribution.moderation != .held, .conflict, "contribution \(id) is held: reject it instead")
        try require(contribution.moderation != .rejected, .conflict, "contribution \(id) was rejected")
        try require(contribution.redaction == nil, .conflict, "contribution \(id) is already redacted")
        batch.append(.redacted(.init(contribution: id, by: caller.principal, reason: reason)))
        scrubDraft(of: contribution, reason: reason, caller, &batch)
    }

    func decideApprove(_ id: ContributionID, _ version: Int, _ caller: Issuer, _ batch: inout EventBatch)
        throws(Refusal)
    {
        try require(caller.isFacilitator || caller.isCochair, .forbidden, "only the facilitator and co-chairs approve")
        let contribution = try visibleContribution(id, to: caller)
        try require(contribution.moderation == .held, .conflict, "contribution \(id) is not held")
        try requireCurrent(contribution, version)
        batch.append(
            .approved(
                .init(
                    contribution: id, by: caller.principal, content: contribution.content, version: contribution.version
                )
            ))
        // A co-chair's own proposal counts for their side only while they are still its co-chair.
        if contribution.kind.needsEndorsement, let author = activeParticipant(contribution.author),
            author.role == .cochair, let side = author.side
        {
            batch.append(
                .endorsed(
                    .init(
                        contribution: id, side: side, by: .participant(author.id), version: contribution.version)))
        }
    }

    func decideReject(
        _ id: ContributionID, _ version: Int, _ reason: String?, _ caller: Issuer, _ batch: inout EventBatch
    ) throws(Refusal) {
        try require(caller.isFacilitator || caller.isCochair, .forbidden, "only the facilitator and co-chairs reject")
        let contribution = try visibleContribution(id, to: caller)
        if caller.isCochair {
            // Parity with redaction: no co-chair silences the other side's words.
            try require(
                contribution.side == caller.side, .forbidden,
                "a co-chair rejects their own side's held contributions only; the facilitator decides the others")
        }
        try require(contribution.moderation == .held, .conflict, "contribution \(id) is not held")
        try requireCurrent(contribution, version)
        let reason = try checkedReason(reason, required: false)
        batch.append(
            .rejected(.init(contribution: id, author: contribution.author, by: caller.principal, reason: reason)))
    }

    func decideMute(
        _ targetID: ParticipantID, _ seconds: Int, _ reason: String?, _ caller: Issuer, _ batch: inout EventBatch
    ) throws(Refusal) {
        let target = try checkedModerationTarget(targetID, caller, action: "mute")
        try require(
            (1...Self.maxMuteSeconds).contains(seconds), .invalid,
            "seconds must be from 1 to \(Self.maxMuteSeconds)")
        let reason = try checkedReason(reason, required: false)
        batch.append(
            .muted(
                .init(
                    participant: target.id, by: caller.principal, seconds: seconds,
                    until: batch.at.adding(seconds: seconds), reason: reason)))
    }

    func decideUnmute(_ targetID: ParticipantID, _ caller: Issuer, _ batch: inout EventBatch) throws(Refusal) {
        let target = try checkedModerationTarget(targetID, caller, action: "unmute")
        try require(isMuted(target.id, at: batch.at), .conflict, "\(target.id) is not muted")
        batch.append(.unmuted(.init(participant: target.id, by: caller.principal)))
    }

    /// The facilitator mutes any co-chair or member; a co-chair mutes members of their own side.
    private func checkedModerationTarget(_ id: ParticipantID, _ caller: Issuer, action: String) throws(Refusal)
        -> Participant
    {
        try require(
            caller.isFacilitator || caller.isCochair, .forbidden, "only the facilitator and co-chairs \(action)")
        let target = try target(id)
        try require(target.role.speaksForSide, .invalid, "only co-chairs and members can be muted")
        try require(target.id != caller.participant?.id, .invalid, "you cannot \(action) yourself")
        if caller.isCochair {
            try require(target.side == caller.side, .forbidden, "a co-chair can \(action) their own side only")
        }
        return target
    }

    func decideItem(_ id: ItemID, open: Bool, _ caller: Issuer, _ batch: inout EventBatch) throws(Refusal) {
        try require(
            caller.isFacilitator || caller.isCochair, .forbidden,
            "only the facilitator and co-chairs open or close items")
        let item = try item(id)
        try require(isOpen(item) != open, .conflict, "agenda item '\(item)' is already \(open ? "open" : "closed")")
        let change = EventBody.ItemChanged(item: item, by: caller.principal)
        batch.append(open ? .itemOpened(change) : .itemClosed(change))
    }

    func decideSetRules(_ patch: RulesPatch, _ caller: Issuer, _ batch: inout EventBatch) throws(Refusal) {
        try require(caller.isFacilitator, .forbidden, "only the facilitator changes the rules")
        try require(!patch.isEmpty, .invalid, "no rule to change")
        let rules = patch.applied(to: rules)
        try rules.validate()
        try require(rules != self.rules, .invalid, "the rules are unchanged")
        batch.append(.rulesChanged(.init(rules: rules, by: caller.principal)))
    }

    /// The facilitator (or the operator) closes at once; co-chairs close together.
    func decideClose(_ caller: Issuer, _ batch: inout EventBatch) throws(Refusal) {
        if caller.isFacilitator || caller.isAdmin {
            batch.append(.sessionClosed(.init(by: caller.principal)))
            return
        }
        guard caller.isCochair, let side = caller.side else {
            throw Refusal(.forbidden, "only co-chairs and the facilitator close the session")
        }
        try require(!closeRequests.contains(side), .conflict, "your side already asked to close")
        batch.append(.closeRequested(.init(side: side, by: caller.principal)))
        if spec.sides.allSatisfy({ $0.id == side || closeRequests.contains($0.id) }) {
            batch.append(.sessionClosed(.init(by: caller.principal)))
        }
    }
}
