/// The floor queue: hands in the order raised, one holder at a time, one order for everyone.
///
/// In `queue` mode the floor passes on by itself when its holder yields (or is removed) and
/// when a hand is raised while nobody holds it, to `suggestedNextSpeaker`, which alternates
/// the sides. Moderators may grant the floor to anyone who speaks for a side.
extension SessionState {
    func decideRaiseHand(_ caller: Issuer, _ batch: inout EventBatch) throws(Refusal) {
        guard let speaker = caller.participant, speaker.role.speaksForSide else {
            throw Refusal(.forbidden, "only co-chairs and members raise hands")
        }
        try require(!isMuted(speaker.id, at: batch.at), .muted, "you are muted")
        try require(!hands.contains(speaker.id), .conflict, "your hand is already raised")
        try require(floorHolder != speaker.id, .conflict, "you hold the floor")
        batch.append(.handRaised(.init(participant: speaker.id)))
        if rules.floor == .queue && floorHolder == nil {
            passFloor(hands: hands + [speaker.id], lastSide: lastFloorSide, &batch)
        }
    }

    func decideLowerHand(_ caller: Issuer, _ batch: inout EventBatch) throws(Refusal) {
        guard let speaker = caller.participant, speaker.role.speaksForSide else {
            throw Refusal(.forbidden, "only co-chairs and members lower hands")
        }
        let holds = floorHolder == speaker.id
        try require(holds || hands.contains(speaker.id), .conflict, "your hand is not raised")
        batch.append(.handLowered(.init(participant: speaker.id)))
        if holds && rules.floor == .queue {
            passFloor(hands: hands, lastSide: speaker.side, &batch)
        }
    }

    func decideGrantFloor(_ targetID: ParticipantID, _ caller: Issuer, _ batch: inout EventBatch)
        throws(Refusal)
    {
        try require(
            caller.isFacilitator || caller.isCochair, .forbidden, "only the facilitator and co-chairs grant the floor")
        let target = try target(targetID)
        try require(target.role.speaksForSide, .invalid, "only co-chairs and members take the floor")
        try require(floorHolder != target.id, .conflict, "\(target.id) already holds the floor")
        batch.append(.floorGranted(.init(participant: target.id, by: caller.principal)))
    }

    /// Grants the floor to the next speaker among `hands`, if any.
    func passFloor(hands: [ParticipantID], lastSide: SideID?, _ batch: inout EventBatch) {
        if let next = nextSpeaker(among: hands, after: lastSide) {
            batch.append(.floorGranted(.init(participant: next, by: nil)))
        }
    }

    /// The first hand from a side other than `lastSide`, so that the sides alternate; else
    /// the first hand.
    func nextSpeaker(among hands: [ParticipantID], after lastSide: SideID?) -> ParticipantID? {
        guard let lastSide else { return hands.first }
        return hands.first { participant($0)?.side != lastSide } ?? hands.first
    }
}
