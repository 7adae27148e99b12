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
    /// Who is connected now; not journaled.
    case presence(Presence)
}

/// Who is connected to a session: participants by id, observers by count.
public struct Presence: Equatable, Sendable {
    /// The co-chairs, members and facilitator connected, in the order they joined the session.
    public var online: [ParticipantID]
    /// How many observers are connected (each once, however many sockets they hold).
    public var observers: Int

    public init(online: [ParticipantID], observers: Int) {
        self.online = online
        self.observers = observers
    }

    /// The presence of `viewers` in `state`.
    init(connected viewers: some Sequence<Viewer>, in state: SessionState) {
        var connected = Set<ParticipantID>()
        var observers = Set<ParticipantID>()
        for case .participant(let participant) in viewers {
            if participant.role == .observer {
                observers.insert(participant.id)
            } else {
                connected.insert(participant.id)
            }
        }
        online = connected.isEmpty ? [] : state.participants.map(\.id).filter(connected.contains)
        self.observers = observers.count
    }
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
