/// The contract's Session object: the spec plus `id`, `createdAt`, `state`,
/// `participants` and `head`, as anyone allowed to see the session sees it.
///
/// Extensions: each agenda item carries its `state`; participants who were removed stay
/// listed with `removed: true` (their words keep their author); `floor` shows the raised
/// hands in order and who holds the floor; `closeRequestedBy` lists the sides whose
/// co-chair asked to close. Tokens and their hashes never appear.
public struct SessionDocument: Codable, Equatable, Sendable {
    public struct AgendaItem: Codable, Equatable, Sendable {
        public var id: ItemID
        public var title: String
        public var state: OpenState
    }

    public enum OpenState: String, Codable, Sendable {
        case open
        case closed
    }

    public struct Member: Codable, Equatable, Sendable {
        public var id: ParticipantID
        public var name: String
        public var role: Role
        public var side: SideID?
        public var removed: Bool?
        public var mutedUntil: Instant?
    }

    public struct Floor: Codable, Equatable, Sendable {
        public var holder: ParticipantID?
        public var hands: [ParticipantID]
    }

    public var id: SessionID
    public var title: String
    public var series: String
    public var sides: [SideSpec]
    public var agenda: [AgendaItem]
    public var rules: Rules
    public var createdAt: Instant
    public var state: OpenState
    public var participants: [Member]
    public var head: Seq
    public var floor: Floor
    public var closeRequestedBy: [SideID]

    /// The document of `state` as of `now` (mutes that ended by then are left out).
    public init(_ state: SessionState, at now: Instant) {
        id = state.id
        title = state.spec.title
        series = state.spec.series
        sides = state.spec.sides
        agenda = state.spec.agenda.map { item in
            let id = item.id ?? ItemID(rawValue: "")
            return AgendaItem(id: id, title: item.title, state: state.isOpen(id) ? .open : .closed)
        }
        rules = state.rules
        createdAt = state.createdAt
        self.state = state.isClosed ? .closed : .open
        participants = state.participants.map { participant in
            return Member(
                id: participant.id, name: participant.name, role: participant.role, side: participant.side,
                removed: state.removed.contains(participant.id) ? true : nil,
                mutedUntil: state.isMuted(participant.id, at: now) ? state.mutedUntil[participant.id] : nil)
        }
        head = state.head
        floor = Floor(holder: state.floorHolder, hands: state.hands)
        closeRequestedBy = state.spec.sides.map(\.id).filter { state.closeRequests.contains($0) }
    }
}
