import ParleyCore

/// Who hears a private line, from the contract's words (contract §6, docs/protocol.md "Who
/// joined when") rather than taken from `Visibility`, which the property tests check
/// against it: a caucus is heard by its side's co-chair and members, the chairs' channel by
/// the co-chairs and the facilitator; only by those in the session when the line was said
/// (and not removed before it), except that a caucus member added by their own side's
/// co-chair hears its past. Nobody else, the operator included, ever does.
public enum ContractHearing {
    /// `removedAt`: when `viewer` was removed from the session, if they were.
    public static func hears(
        _ channel: ChatChannel, side: SideID?, said: Seq, _ viewer: Viewer, in state: SessionState,
        removedAt: Seq? = nil
    ) -> Bool {
        guard case .participant(let listener) = viewer else { return false }
        let inAudience =
            switch channel {
            case .main: true
            case .caucus: (listener.role == .cochair || listener.role == .member) && listener.side == side
            case .chairs: listener.role == .cochair || listener.role == .facilitator
            }
        guard inAudience, let joining = state.joinings[listener.id] else { return false }
        if let removedAt, removedAt < said { return false }
        if joining.seq < said { return true }
        guard channel == .caucus, case .participant(let adder) = joining.by, let cochair = state.participant(adder)
        else { return false }
        return cochair.role == .cochair && cochair.side == side
    }
}
