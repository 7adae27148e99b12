import ParleyCore

/// A session as an export sees it: the state folded from the whole journal, and the events
/// the requester may see. Held and rejected contributions never reach a document.
public struct SessionRecord: Sendable {
    public let state: SessionState
    /// The journal as the viewer may see it, in order.
    public let visibleEvents: [Event]
    public let viewer: Viewer

    public init(journal: [Event], viewer: Viewer) throws(FoldError) {
        state = try SessionState.fold(journal)
        self.viewer = viewer
        visibleEvents = journal.compactMap { [state] in Visibility.project($0, for: viewer, in: state) }
    }

    /// Contributions anyone may read, in the order they were posted: the main channel's,
    /// neither held nor rejected.
    public var publicContributions: [Contribution] {
        state.orderedContributions.filter { $0.moderation == .visible && !$0.channel.isPrivate }
    }

    /// The private-channel contributions (contract §6) this record's viewer heard live.
    public var heardPrivateContributions: [Contribution] {
        state.orderedContributions.filter {
            Visibility.PrivateLine($0).map { [state, viewer] in Visibility.hears($0, viewer, in: state) } ?? false
        }
    }

    func side(_ id: SideID?) -> SideSpec? { id.flatMap { state.spec.side($0) } }

    func itemTitle(_ id: ItemID) -> String {
        state.spec.agenda.first { $0.id == id }?.title ?? id.rawValue
    }

    /// "Name (Armenia)" or "Armenia" (sides), as attribution asks; never a name with `sides`.
    func author(of contribution: Contribution, _ attribution: Attribution) -> String {
        let participant = state.participant(contribution.author)
        let sideName = side(contribution.side)?.name
        switch attribution {
        case .sides:
            return sideName ?? "Facilitator"
        case .names:
            let name = participant?.name ?? contribution.author.rawValue
            return "\(name) (\(sideName ?? "Facilitator"))"
        }
    }
}
