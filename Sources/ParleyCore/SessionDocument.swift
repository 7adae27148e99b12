/// The contract's Session object: the spec plus `id`, `createdAt`, `state`,
/// `participants` and `head`, as anyone allowed to see the session sees it.
///
/// Extensions: each agenda item carries its `state`; participants who were removed stay
/// listed with `removed: true` (their words keep their author); `floor` shows the raised
/// hands in order and who holds the floor; `closeRequestedBy` lists the sides whose
/// co-chair asked to close. Tokens and their hashes never appear. Observers are listed only
/// for those who see them listed (`Visibility.seesListed`); `observers` counts the active
/// ones for everyone. `report` is the joint
/// report draft (contract §5) merged with the spec's `report` (`date`, `about`).
public struct SessionDocument: Codable, Equatable, Sendable {
    public struct AgendaItem: Codable, Equatable, Sendable {
        public var id: ItemID
        public var title: String
        public var state: OpenState
        /// Contract §6: the item's time, its phase, the sides whose co-chair asked to move
        /// on, and when its time began to run.
        public var minutes: Int?
        public var phase: Phase?
        public var phaseRequestedBy: [SideID]?
        public var startedAt: Instant?
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
        /// The version of the ground rules they accepted (contract §6).
        public var acceptedRules: Int?
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
    /// Active observers, listed or not.
    public var observers: Int
    public var head: Seq
    public var floor: Floor
    public var closeRequestedBy: [SideID]
    public var report: Report
    public var groundRules: GroundRules?

    /// The document of `state` as `viewer` sees it as of `now` (mutes that ended by then
    /// are left out).
    public init(_ state: SessionState, for viewer: Viewer, at now: Instant) {
        id = state.id
        title = state.spec.title
        series = state.spec.series
        sides = state.spec.sides
        agenda = state.spec.agenda.map { item in
            let id = item.id ?? ItemID(rawValue: "")
            let phase = state.phases[id]
            return AgendaItem(
                id: id, title: item.title, state: state.isOpen(id) ? .open : .closed, minutes: item.minutes,
                phase: phase,
                phaseRequestedBy: phase == nil
                    ? nil : state.spec.sides.map(\.id).filter { state.phaseRequests[id]?.contains($0) == true },
                startedAt: state.itemStartedAt[id])
        }
        rules = state.rules
        createdAt = state.createdAt
        self.state = state.isClosed ? .closed : .open
        participants = state.participants.filter { Visibility.seesListed($0, viewer) }.map { participant in
            Member(
                id: participant.id, name: participant.name, role: participant.role, side: participant.side,
                removed: state.removed.contains(participant.id) ? true : nil,
                mutedUntil: state.isMuted(participant.id, at: now) ? state.mutedUntil[participant.id] : nil,
                acceptedRules: state.acceptedRules[participant.id])
        }
        observers = state.participants.count { $0.role == .observer && !state.removed.contains($0.id) }
        head = state.head
        floor = Floor(holder: state.floorHolder, hands: state.hands)
        closeRequestedBy = state.spec.sides.map(\.id).filter { state.closeRequests.contains($0) }
        report = Report(state)
        groundRules = state.spec.groundRules
    }
}

extension SessionDocument {
    /// The joint report draft: contract §5's `{"state","sections"}`, with the spec's `date`
    /// and `about`, and extensions: the draft's `brackets`, pending `suggestions`,
    /// `finalizedAt`, and each section's `removalRequestedBy` and, once final, `sha256`.
    public struct Report: Codable, Equatable, Sendable {
        public struct Section: Codable, Equatable, Sendable {
            public var id: SectionID
            public var title: String
            public var owner: SectionOwner
            public var version: Int
            public var text: String
            public var brackets: Int
            public var signedBy: [SideID]
            public var removalRequestedBy: [SideID]
            /// Once the report is final: the SHA-256 of the signed text.
            public var sha256: String?
        }

        public struct PendingSuggestion: Codable, Equatable, Sendable {
            public var id: Seq
            public var section: SectionID
            public var version: Int
            public var text: String
            public var note: String?
            public var by: ParticipantID
            public var side: SideID?
            public var at: Instant
        }

        public var state: ReportDraft.State
        public var sections: [Section]
        public var brackets: Int
        public var suggestions: [PendingSuggestion]
        /// The cover date: the one finalisation fixed, else the spec's.
        public var date: String?
        public var about: String?
        public var finalizedAt: Instant?

        init(_ state: SessionState) {
            let draft = state.report
            let sides = state.spec.sides
            self.state = draft.state
            let digests = draft.finalization?.sections ?? []
            sections = draft.sections.map { section in
                Section(
                    id: section.id, title: section.title, owner: section.owner, version: section.version,
                    text: section.text, brackets: section.brackets, signedBy: section.signedBy(sides),
                    removalRequestedBy: section.removalRequestedBy(sides),
                    sha256: digests.first { $0.id == section.id }?.sha256)
            }
            brackets = draft.brackets
            suggestions = draft.pendingSuggestions.map {
                PendingSuggestion(
                    id: $0.id, section: $0.section, version: $0.version, text: state.scrubbed($0.text), note: $0.note,
                    by: $0.by,
                    side: $0.side, at: $0.at)
            }
            date = draft.finalization?.date ?? state.spec.report?.date
            about = state.spec.report?.about
            finalizedAt = draft.finalizedAt
        }
    }
}
