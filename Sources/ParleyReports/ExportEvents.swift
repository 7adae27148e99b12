import ParleyCore

/// The event list an export carries (`format=json`): the events the viewer may see, with
/// nothing an export must not show. Redacted contributions keep their tombstone in place
/// of their words in every event; contributions still held or rejected leave no event at
/// all; and a contribution that was held and then approved appears from its `approved`
/// event, which carries the approved content, never from its held drafts.
enum ExportEvents {
    static func sanitize(_ events: [Event], _ state: SessionState) -> [Event] {
        events.compactMap { event in
            guard let id = contribution(of: event) else { return Visibility.tombstoned(event, in: state) }
            guard state.contributions[id]?.moderation == .visible, !isHeldDraft(event) else { return nil }
            return Visibility.tombstoned(event, in: state)
        }
    }

    /// The contribution whose words (or moderation) an event carries.
    private static func contribution(of event: Event) -> ContributionID? {
        switch event.body {
        case .contributed(let posted): posted.contribution
        case .amended(let amendment): amendment.contribution
        case .held(let hold): hold.contribution
        case .approved(let approval): approval.contribution
        case .rejected(let rejection): rejection.contribution
        default: nil
        }
    }

    /// Events written while the contribution awaited moderation.
    private static func isHeldDraft(_ event: Event) -> Bool {
        switch event.body {
        case .contributed(let posted): posted.held == true
        case .amended(let amendment): amendment.held == true
        case .held: true
        default: false
        }
    }
}
