/// Who takes part: added by the operator, the facilitator, or a co-chair for their own side
/// (or an observer with no side).
extension SessionState {
    func decideAddParticipant(_ new: NewParticipant, _ caller: Issuer, _ batch: inout EventBatch) throws(Refusal) {
        try require(
            caller.isAdmin || caller.isFacilitator || caller.isCochair, .forbidden,
            "only the operator, the facilitator and co-chairs add participants")
        try require(
            participants.count < Self.maxParticipants, .conflict,
            "this session has had the most participants it may have (\(Self.maxParticipants), removed ones included)")
        let name = String(new.name.trimmed)
        try require(!name.isEmpty, .invalid, "name must not be empty")
        try require(name.isSingleLine, .invalid, "name must be one line without control characters")
        try require(!name.hasBidiControls, .invalid, "name must not hold bidi embeddings, overrides or isolates")
        try require(
            name.fits(Self.maxNameLength), .invalid,
            "name is longer than \(Self.maxNameLength) characters (or \(Self.maxNameLength * 4) bytes of UTF-8)")
        if let side = new.side {
            try require(spec.side(side) != nil, .invalid, "no side '\(side)' in this session")
        }
        switch new.role {
        case .facilitator:
            try require(new.side == nil, .invalid, "the facilitator is neutral and has no side")
        case .cochair, .member:
            try require(new.side != nil, .invalid, "a \(new.role.rawValue) needs a side")
        case .observer:
            break
        }
        if caller.isCochair {
            try require(
                new.role == .member || new.role == .observer, .forbidden,
                "a co-chair adds members and observers only")
            // An observer has no voice: whoever invites them, their side is optional.
            try require(
                new.side == caller.side || (new.role == .observer && new.side == nil), .forbidden,
                "a co-chair adds participants to their own side only (or an observer with no side)")
        }
        if new.role == .cochair, let side = new.side {
            try require(cochair(of: side) == nil, .conflict, "side '\(side)' already has a co-chair")
        }
        // No one may pass for someone else: names are unique as a reader compares them.
        try require(
            activeNames[HeldTermMatcher.fold(name)] == nil, .conflict,
            "someone in this session already has the name '\(name)'")
        try require(!new.credential.isEmpty, .invalid, "a participant needs a credential")
        let participant = Participant(
            id: ParticipantID(rawValue: "p\(participants.count + 1)"), name: name, role: new.role, side: new.side)
        batch.append(
            .participantAdded(.init(participant: participant, by: caller.principal, credential: new.credential)))
    }

    func decideRemove(_ targetID: ParticipantID, _ reason: String?, _ caller: Issuer, _ batch: inout EventBatch)
        throws(Refusal)
    {
        try require(
            caller.isAdmin || caller.isFacilitator, .forbidden,
            "only the operator and the facilitator remove participants")
        let target = try target(targetID)
        let reason = try checkedReason(reason, required: false)
        withdrawSignatures(of: target, by: caller.principal, &batch)
        batch.append(.participantRemoved(.init(participant: target.id, by: caller.principal, reason: reason)))
        if floorHolder == target.id && rules.floor == .queue {
            passFloor(hands: hands.filter { $0 != target.id }, lastSide: target.side, &batch)
        }
    }
}

extension SessionState {
    /// The delegations' members as a report lists them: co-chairs and members of each side,
    /// leaving out those removed before any of their words were published.
    public var authors: [Participant] {
        let published = Set(
            contributions.values.filter { $0.moderation == .visible && !$0.channel.isPrivate }.map(\.author))
        return participants.filter { participant in
            participant.role.speaksForSide && (!removed.contains(participant.id) || published.contains(participant.id))
        }
    }
}
