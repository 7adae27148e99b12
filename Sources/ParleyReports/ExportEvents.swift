import ParleyCore

/// The event list an export carries (`format=json`): the events the viewer may see, with
/// nothing an export must not show. Redacted contributions keep their tombstone in place
/// of their words in every event, and contributions that are still held or were rejected
/// leave no event at all.
enum ExportEvents {
    static func sanitize(_ events: [Event], _ state: SessionState) -> [Event] {
        events.compactMap { event in
            guard let id = contribution(of: event), let contribution = state.contributions[id] else { return event }
            guard contribution.moderation == .visible else { return nil }
            guard let redaction = contribution.redaction else { return event }
            return tombstoned(event, "[redacted: \(redaction.reason)]")
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

    private static func tombstoned(_ event: Event, _ tombstone: String) -> Event {
        var event = event
        switch event.body {
        case .contributed(var posted):
            posted.text = tombstone
            posted.options = nil
            event.body = .contributed(posted)
        case .amended(var amendment):
            amendment.text = tombstone
            event.body = .amended(amendment)
        case .approved(var approval):
            approval.content.text = tombstone
            approval.content.options = nil
            event.body = .approved(approval)
        default:
            break
        }
        return event
    }
}
