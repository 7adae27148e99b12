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
/// - A refusal decided while earlier commands wait for the journal waits for them too, in
///   its place: it is given once they are committed (after their events), decided again
///   after a conflict, and fails `notSaved` with them if the store refused them; so no one
///   is refused because of what never happened.
/// - A batch the store refused without writing fails `notSaved` with everything decided
///   after it, and deciding starts again from what is committed; the session stays live.
/// - An append whose outcome is unknown fails its batch `unconfirmed` (the rest
///   `notSaved`), ends every stream and asks for a reload: memory may no longer match the
///   disk.
/// - An append refused because someone else appended first (another node on a shared
///   journal) writes nothing: the pipeline catches up from the journal, delivers what the
///   others committed, and decides the same commands again on what is now committed; the
///   client sees only the outcome of that decision. So every event, ids included, is a
///   function of the journal before it, whichever node decided it.
/// - Commits by others that the journal announces are caught up the same way, between appends.
/// - On a shared journal a refusal may come from a copy a moment behind: it is given only
///   after the journal is read and the command decided again on what it holds.
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
        /// Read the journal after this seq; answer `caughtUp` (or `catchUpFailed`).
        case catchUp(after: Seq)
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
        /// Someone else appended first; nothing of the batch was written.
        case conflict
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
    /// A command as submitted: what deciding it again needs.
    private struct Submitted: Sendable {
        var ticket: Ticket
        var command: Command
        var principal: Principal
        /// Decided on a copy just read from the journal: a refusal now is the answer.
        var onFreshCopy = false
    }

    /// A command decided on `deciding`, and the events it decided, or its refusal.
    private struct Decided: Sendable {
        var submitted: Submitted
        var events: [Event]
        /// Refused on a state that holds commands not yet committed: given once they are.
        var refusal: Refusal?
        var ticket: Ticket { submitted.ticket }
    }

    private var waiting: [Decided] = []
    private var inFlight: [Decided]?
    /// While the pipeline catches up from the journal: commands to decide once it has, in
    /// the order they were submitted. Nil when not catching up.
    private var undecided: [Submitted]?
    /// The highest head the journal announced that is not yet committed here.
    private var announcedHead: Seq = 0
    /// Refused on a copy that may be behind, to be decided again after the next read.
    private var recheck: [Submitted] = []
    /// Reads in a row that others' commits made stale before the pipeline could decide.
    private var rereads = 0
    /// How many times in a row a catch-up reads again before it decides on what it read.
    public static let maxRereads = 2
    /// Whether other processes append to the journal (a refusal is then checked again).
    private let sharedJournal: Bool
    private var mode = Mode.running
    private var viewers: [SubscriberID: Viewer] = [:]
    private var nextSubscriberID = 0
    /// The presence last announced.
    public private(set) var presence = Presence(online: [], observers: 0)
    private var presenceScheduled = false
    /// Viewers subscribed since the last announcement: they are told even if nothing changed.
    private var newcomers: [SubscriberID] = []

    /// `sharedJournal`: other processes append to the journal too (PostgreSQL).
    public init(events: [Event], sharedJournal: Bool = false) throws(FoldError) {
        self.sharedJournal = sharedJournal
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
    public var isIdle: Bool {
        mode == .running && inFlight == nil && undecided == nil && waiting.isEmpty && recheck.isEmpty
            && viewers.isEmpty
    }

    // MARK: Commands

    /// Decides `command`: a refusal at once, or its events wait for the journal.
    public mutating func submit(_ command: Command, by principal: Principal, at now: Instant, ticket: Ticket)
        -> [Action]
    {
        guard mode == .running else {
            return [.fail([ticket], .sessionUnloaded)]
        }
        let submitted = Submitted(ticket: ticket, command: command, principal: principal)
        if undecided != nil {
            undecided?.append(submitted)
            return []
        }
        let decided = decide(submitted, at: now)
        if !recheck.isEmpty {
            // Refused on what this copy holds: read the journal first (after the append in flight).
            announcedHead = .max
            if inFlight == nil { return decided + startCatchUp() }
        }
        return decided + (inFlight == nil && !waiting.isEmpty ? startAppend() : [])
    }

    /// Decides on `deciding`: the events wait for the journal, or the refusal is returned.
    /// On a shared journal a refusal is given only once decided on a copy just read (until
    /// then it waits in `recheck`). A refusal that rests on commands decided but not yet
    /// committed waits for them in the queue (see the type's rules).
    private mutating func decide(_ submitted: Submitted, at now: Instant) -> [Action] {
        do {
            let events = try deciding.execute(submitted.command, by: submitted.principal, at: now)
            waiting.append(Decided(submitted: submitted, events: events))
            return []
        } catch {
            if sharedJournal, !submitted.onFreshCopy {
                recheck.append(submitted)
            } else if inFlight != nil || !waiting.isEmpty {
                waiting.append(Decided(submitted: submitted, events: [], refusal: error))
            } else {
                return [.refuse(submitted.ticket, error)]
            }
            return []
        }
    }

    /// The journal finished the append in flight.
    public mutating func appendFinished(_ outcome: AppendOutcome) -> [Action] {
        guard let batch = inFlight else { return [] }
        inFlight = nil
        switch outcome {
        case .committed:
            var actions: [Action] = []
            for decided in batch {
                if let refusal = decided.refusal {
                    actions.append(.refuse(decided.ticket, refusal))
                    continue
                }
                for event in decided.events { actions += commit(event) }
                actions.append(.acknowledge(decided.ticket, decided.events))
            }
            if batch.contains(where: { $0.events.contains { $0.body.kind == .sessionClosed } }) {
                actions.append(.archive(log))
            }
            if announcedHead > committed.head {
                // Others committed meanwhile: what waits was decided without their events.
                return actions + startCatchUp()
            }
            if !waiting.isEmpty { actions += startAppend() }
            return actions + (inFlight == nil ? finishStopIfAsked() : [])
        case .conflict:
            inFlight = batch
            return startCatchUp()
        case .notWritten:
            let unwritten = (batch + waiting).map(\.ticket) + recheck.map(\.ticket)
            waiting.removeAll()
            recheck.removeAll()
            deciding = committed
            return [.fail(unwritten, .notSaved)]
                + (announcedHead > committed.head ? startCatchUp() : finishStopIfAsked())
        case .unknown:
            // The batch may be on disk: its commands must not be told that nothing changed,
            // or a retry could post twice. Those that were only waiting were not written.
            let uncertain = batch.filter { $0.refusal == nil }.map(\.ticket)
            let unwritten = (batch.filter { $0.refusal != nil } + waiting).map(\.ticket) + recheck.map(\.ticket)
            waiting.removeAll()
            recheck.removeAll()
            deciding = committed
            var actions: [Action] = [.fail(uncertain, .unconfirmed)]
            if !unwritten.isEmpty { actions.append(.fail(unwritten, .notSaved)) }
            return actions + endEveryStream() + [.reload]
        }
    }

    // MARK: Others' commits

    /// The journal announced that the session's head is `head` (nil: it may have changed,
    /// look). Caught up now if nothing is in flight, else once the append finishes.
    public mutating func announced(head: Seq?) -> [Action] {
        let head = head ?? .max
        guard head > committed.head, mode != .stopped else { return [] }
        announcedHead = max(announcedHead, head)
        guard inFlight == nil, undecided == nil else { return [] }
        return startCatchUp()
    }

    /// Every command in flight or waiting is decided again once the journal is read.
    private mutating func startCatchUp() -> [Action] {
        let pending = (inFlight ?? []).map(\.submitted) + waiting.map(\.submitted) + recheck + (undecided ?? [])
        // In the order they were submitted: a command refused meanwhile keeps its place.
        undecided = pending.sorted { $0.ticket < $1.ticket }
        inFlight = nil
        waiting.removeAll()
        recheck.removeAll()
        deciding = committed
        // What was announced so far is committed, so the read about to start will see it.
        announcedHead = 0
        return [.catchUp(after: committed.head)]
    }

    /// The journal after the committed head, as read for `catchUp`: it is committed and
    /// delivered, then the commands that waited are decided again at `now`.
    public mutating func caughtUp(_ events: [Event], at now: Instant) -> [Action] {
        guard let pending = undecided else { return [] }
        undecided = nil
        var actions: [Action] = []
        for event in events where event.seq == committed.head + 1 {
            actions += commit(event)
            if event.body.kind == .sessionClosed { actions.append(.archive(log)) }
        }
        let stale = announcedHead > committed.head
        if stale, rereads < Self.maxRereads {
            // Announced during the read, and perhaps after it: read again before deciding.
            rereads += 1
            undecided = pending
            announcedHead = 0
            deciding = committed
            return actions + [.catchUp(after: committed.head)]
        }
        // Decided now even if others committed meanwhile (they may go on for ever): an
        // append on this copy is safe, as its compare-and-set turns a stale decision into
        // a conflict. A refusal is not, so on a stale copy it waits for the next read; and
        // what was announced stays to be read, after this append or at once.
        rereads = 0
        if !stale { announcedHead = 0 }
        deciding = committed
        for var submitted in pending {
            submitted.onFreshCopy = !stale
            actions += decide(submitted, at: now)
        }
        if !waiting.isEmpty { actions += startAppend() }
        if inFlight != nil { return actions }
        return actions + (stale || !recheck.isEmpty ? startCatchUp() : finishStopIfAsked())
    }

    /// The journal could not be read: what this copy holds may be behind, and the commands
    /// that waited were not written. They fail `notSaved`; the session is loaded again.
    public mutating func catchUpFailed() -> [Action] {
        guard let pending = undecided else { return [] }
        undecided = nil
        deciding = committed
        return [.fail(pending.map(\.ticket), .notSaved)] + endEveryStream() + [.reload]
    }

    /// Sends what waits to the journal. Refusals at its head rest only on what is committed
    /// now: they are given at once, and nothing is appended for them (with nothing else
    /// waiting, nothing is in flight afterwards).
    private mutating func startAppend() -> [Action] {
        var actions: [Action] = []
        while let first = waiting.first, let refusal = first.refusal {
            actions.append(.refuse(first.ticket, refusal))
            waiting.removeFirst()
        }
        guard !waiting.isEmpty else { return actions }
        inFlight = waiting
        waiting.removeAll()
        return actions + [.append(inFlight!.flatMap(\.events))]
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
        if let participant = viewer.participantID, committed.activeParticipant(participant) == nil {
            // Removed between being admitted and subscribing: the removal was delivered
            // before this subscriber existed, so it is ended here, with nothing to replay.
            return (Start(id: id, state: committed, replay: []), [.end([id], .revoked)])
        }
        // A redaction reaches every later reader: replayed events carry the tombstone.
        let replay = log[from...].compactMap { event in
            Visibility.project(event, for: viewer, in: committed).map { Visibility.tombstoned($0, in: committed) }
        }
        let start = Start(id: id, state: committed, replay: replay)
        if mode != .running {
            return (start, [.end([id], .sessionStopped)])
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
        return inFlight == nil && undecided == nil ? finishStopIfAsked() : []
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
