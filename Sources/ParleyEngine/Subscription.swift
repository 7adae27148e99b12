import ParleyCore

/// A viewer's place in a live session: what they missed, then what happens next.
///
/// `replay` holds the committed events after the `since` the viewer asked for, as that
/// viewer may see them; `live` continues exactly after `head`, with no gap and no repeat.
/// `live` buffers at most a fixed number of events: a subscriber that falls that far
/// behind is ended with `SubscriptionEnd.tooSlow` and resumes later with `since=`, so a
/// slow connection never stalls the session.
public struct Subscription: Sendable {
    public let id: Int
    /// The session as committed when the subscription began.
    public let state: SessionState
    /// The last committed seq when the subscription began.
    public var head: Seq { state.head }
    public let replay: [Event]
    public let live: AsyncThrowingStream<LiveUpdate, any Error>
}

/// What a subscriber receives after its replay.
public enum LiveUpdate: Equatable, Sendable {
    /// A committed event, as this viewer may see it.
    case event(Event)
    /// Who is connected now (participant ids, in the order they joined the session); not journaled.
    case presence([ParticipantID])
}

/// Why a live stream ended before the subscriber left.
public enum SubscriptionEnd: Error, Equatable, Sendable {
    /// The subscriber fell too far behind; resume with `since=` the last seq received.
    case tooSlow
    /// The participant was removed from the session.
    case revoked
    /// The session stopped (shutdown or a journal failure); reconnect to resume.
    case sessionStopped
}

/// The session's side of a subscription.
struct Subscriber {
    let viewer: Viewer
    let continuation: AsyncThrowingStream<LiveUpdate, any Error>.Continuation

    var participantID: ParticipantID? {
        if case .participant(let participant) = viewer { participant.id } else { nil }
    }

    /// Delivers the event if the viewer may see it; false when the buffer is full.
    func deliver(_ event: Event) -> Bool {
        guard let visible = Visibility.project(event, for: viewer) else { return true }
        return deliver(.event(visible))
    }

    /// Delivers an update; false when the buffer is full.
    func deliver(_ update: LiveUpdate) -> Bool {
        switch continuation.yield(update) {
        case .enqueued, .terminated: return true
        case .dropped: return false
        @unknown default: return false
        }
    }
}
