import ParleyCore

/// The life of one live session as a pure state machine: commands decided, batches
/// appended, viewers subscribed, presence announced, the session stopped.
///
/// Each input is a method that returns the actions to carry out, in order; `LiveSession`
/// (the actor on the session's queue) carries them out and feeds back what happened (an
/// append's outcome, a viewer too slow to keep up, the presence interval elapsed). Nothing
/// here performs I/O, reads a clock or suspends, so every rule of the pipeline is tested as
/// a chain of expected actions.
///
/// Rules it keeps:
/// - At most one append is in flight; commands decided meanwhile wait and go to the
///   journal together in the next one (group commit), so the journal never has a gap.
/// - Nothing is shown, delivered or acknowledged before the journal committed it; within a
///   batch, each command's events are delivered before its acknowledgement.
/// - A batch the store refused without writing fails `notSaved` with everything decided
///   after it, and deciding starts again from what is committed; the session stays live.
/// - An append whose outcome is unknown fails its batch `unconfirmed` (the rest
///   `notSaved`), ends every stream and asks for a reload: memory may no longer match the
///   disk.
/// - After `stop`, new commands fail `sessionUnloaded`; those already decided still commit.
public struct SessionPipeline: Sendable {
    /// Identifies one submitted command until it is acknowledged, refused or failed.
    public typealias Ticket = Int

    /// Identifies one viewer's live stream.
    public typealias SubscriberID = Int

    public enum Action: Equatable, Sendable {
        /// Append these events; answer with `appendFinished`.
        case append([Event])
        /// The command took effect as these events (durable).
        case acknowledge(Ticket, [Event])
        /// The core refused the command; nothing it decided is kept.
        case refuse(Ticket, Refusal)
        /// The commands could not be kept, for this reason.
        case fail([Ticket], EngineFailure)
        /// Send the update to these viewers; answer `deliveryFailed` for any whose buffer is full.
        case deliver(LiveUpdate, to: [SubscriberID])
        /// End these streams for this reason.
        case end([SubscriberID], SubscriptionEnd)
        /// Call `presenceDue` once the presence interval has passed.
        case schedulePresence
        /// `sessionClosed` is committed: archive the whole journal.
        case archive([Event])
        /// What the journal holds is unknown: drop this session and load it again.
        case reload
        /// The session has stopped: nothing is in flight and no stream is open.
        case stopped
    }

    /// What an append left on disk.
    public enum AppendOutcome: Sendable {
        case committed
        /// The store refused and holds nothing of the batch (a full or read-only disk).
        case notWritten
        /// The store cannot say what it holds: only a reload can tell.
        case unknown
    }

    private enum Mode {
        case running
        /// `stop` was asked while an append was in flight.
        case stopping
        case stopped
    }

    /// Includes decided events not yet committed: the input of the next decision.
    public private(set) var deciding: SessionState
    /// Only committed events: what anyone is shown.
    public private(set) var committed: SessionState
    /// Every committed event, `log[seq - 1]`, for replays.
    public private(set) var log: [Event]
    private var waiting: [(ticket: Ticket, events: [Event])] = []
    private var inFlight: [(ticket: Ticket, events: [Event])]?
    private var mode = Mode.running
    private var viewers: [SubscriberID: Viewer] = [:]
    private var nextSubscriberID = 0
    /// The presence last announced.
    public private(set) var presence = Presence(online: [], observers: 0)
    private var presenceScheduled = false
    /// Viewers subscribed since the last announcement: they are told even if nothing changed.
    private var newcomers: [SubscriberID] = []

    public init(events: [Event]) throws(FoldError) {
        let state = try SessionState.fold(events)
        deciding = state
        committed = state
        log = events
    }

    /// How many viewers are subscribed.
    public var subscriberCount: Int { viewers.count }

    /// Whether the session has stopped: nothing in flight, no stream open, commands refused.
    public var isStopped: Bool { mode == .stopped }

    /// Whether nothing is decided and uncommitted and no viewer is subscribed: the session
    /// may leave memory, to be loaded again from the journal when next used.
    public var isIdle: Bool { mode == .running && inFlight == nil && waiting.isEmpty && viewers.isEmpty }

    // MARK: Commands

    /// Decides `command`: a refusal at once, or its events wait for the journal.
    public mutating func submit(_ command: Command, by principal: Principal, at now: Instant, ticket: Ticket)
        -> [Action]
    {
        guard mode == .running else {
            return [.fail([ticket], .sessionUnloaded)]
        }
        do {
            let events = try deciding.execute(command, by: principal, at: now)
            waiting.append((ticket, events))
            return inFlight == nil ? startAppend() : []
        } catch {
            return [.refuse(ticket, error)]
        }
    }

    /// The journal finished the append in flight.
    public mutating func appendFinished(_ outcome: AppendOutcome) -> [Action] {
        guard let batch = inFlight else { return [] }
        inFlight = nil
        switch outcome {
        case .committed:
            var actions: [Action] = []
            for (ticket, events) in batch {
                for event in events { actions += commit(event) }
                actions.append(.acknowledge(ticket, events))
            }
            if batch.contains(where: { $0.events.contains { $0.body.kind == .sessionClosed } }) {
                actions.append(.archive(log))
            }
            return actions + (waiting.isEmpty ? finishStopIfAsked() : startAppend())
        case .notWritten:
            let unwritten = (batch + waiting).map(\.ticket)
            waiting.removeAll()
            deciding = committed
            return [.fail(unwritten, .notSaved)] + finishStopIfAsked()
        case .unknown:
            // The batch may be on disk: its commands must not be told that nothing changed,
            // or a retry could post twice. Those that were only waiting were not written.
            let uncertain = batch.map(\.ticket)
            let unwritten = waiting.map(\.ticket)
            waiting.removeAll()
            deciding = committed
            var actions: [Action] = [.fail(uncertain, .unconfirmed)]
            if !unwritten.isEmpty { actions.append(.fail(unwritten, .notSaved)) }
            return actions + endEveryStream() + [.reload]
        }
    }

    private mutating func startAppend() -> [Action] {
        inFlight = waiting
        waiting.removeAll()
        return [.append(inFlight!.flatMap(\.events))]
    }

    /// Applies a committed event and delivers it to every viewer who may see it, in the one
    /// form they all see; ends the streams of a participant it removed.
    private mutating func commit(_ event: Event) -> [Action] {
        committed.apply(event)
        log.append(event)
        var actions: [Action] = []
        let audience = viewers.filter { Visibility.sees(event, $0.value, in: committed) }.map(\.key).sorted()
        if !audience.isEmpty { actions.append(.deliver(.event(Visibility.publicForm(of: event)), to: audience)) }
        if case .participantRemoved(let removal) = event.body {
            let revoked = viewers.filter { $0.value.participantID == removal.participant }.map(\.key).sorted()
            if !revoked.isEmpty { actions += end(revoked, .revoked) }
        }
        return actions
    }

    // MARK: Viewers

    /// What a new subscriber starts from.
    public struct Start: Sendable {
        public let id: SubscriberID
        /// The session as committed now.
        public let state: SessionState
        /// The committed events after `since` that the viewer may see, tombstoned.
        public let replay: [Event]
    }

    /// Registers a viewer: the committed state, the events after `since` they may see, and
    /// the actions that follow (the stream ended at once, or presence to announce).
    public mutating func subscribe(_ viewer: Viewer, since: Seq) -> (Start, [Action]) {
        let id = nextSubscriberID
        nextSubscriberID += 1
        let from = Int(max(0, min(since, committed.head)))
        // A redaction reaches every later reader: replayed events carry the tombstone.
        let replay = log[from...].compactMap { event in
            Visibility.project(event, for: viewer, in: committed).map { Visibility.tombstoned($0, in: committed) }
        }
        let start = Start(id: id, state: committed, replay: replay)
        if mode != .running {
            return (start, [.end([id], .sessionStopped)])
        }
        if let participant = viewer.participantID, committed.activeParticipant(participant) == nil {
            // Removed between being admitted and subscribing: the removal was delivered
            // before this subscriber existed, so it is ended here.
            return (start, [.end([id], .revoked)])
        }
        viewers[id] = viewer
        newcomers.append(id)
        return (start, presenceChanged())
    }

    /// The viewer left.
    public mutating func unsubscribe(_ id: SubscriberID) -> [Action] {
        guard viewers.removeValue(forKey: id) != nil else { return [] }
        return presenceChanged()
    }

    /// The viewer's buffer was full: it is ended and resumes later with `since=`.
    public mutating func deliveryFailed(_ id: SubscriberID) -> [Action] {
        guard viewers[id] != nil else { return [] }
        return end([id], .tooSlow)
    }

    private mutating func end(_ ids: [SubscriberID], _ reason: SubscriptionEnd) -> [Action] {
        for id in ids { viewers[id] = nil }
        return [.end(ids, reason)] + presenceChanged()
    }

    // MARK: Presence

    /// Announced at most once per interval: a room filling up with a thousand observers
    /// costs one announcement per interval, not one per arrival sent to everyone there.
    private mutating func presenceChanged() -> [Action] {
        guard !presenceScheduled, mode == .running else { return [] }
        presenceScheduled = true
        return [.schedulePresence]
    }

    /// The presence interval has passed: announce who is connected to everyone if that
    /// changed, else to those who arrived since the last announcement (a second tab, a
    /// quick reconnection), whom no one has told yet.
    public mutating func presenceDue() -> [Action] {
        presenceScheduled = false
        let arrived = newcomers.filter { viewers[$0] != nil }.sorted()
        newcomers.removeAll()
        guard mode == .running else { return [] }
        let now = Presence(connected: viewers.values, in: committed)
        if now != presence {
            presence = now
            return [.deliver(.presence(now), to: viewers.keys.sorted())]
        }
        return arrived.isEmpty ? [] : [.deliver(.presence(now), to: arrived)]
    }

    // MARK: Stopping

    /// Stops the session if it is idle, so that it can leave memory: whoever still holds it
    /// fails `sessionUnloaded` and loads it again.
    public mutating func retireIfIdle() -> [Action] {
        guard isIdle else { return [] }
        mode = .stopped
        return [.stopped]
    }

    /// Ends every stream once commands already decided have committed; refuses new ones.
    public mutating func stop() -> [Action] {
        guard mode == .running else { return [] }
        mode = .stopping
        return inFlight == nil ? finishStopIfAsked() : []
    }

    private mutating func finishStopIfAsked() -> [Action] {
        mode == .stopping ? endEveryStream() : []
    }

    private mutating func endEveryStream() -> [Action] {
        mode = .stopped
        let everyone = viewers.keys.sorted()
        viewers.removeAll()
        return (everyone.isEmpty ? [] : [.end(everyone, .sessionStopped)]) + [.stopped]
    }
}
