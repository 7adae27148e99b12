import Logging
import ParleyCore

/// One live session: decides commands one at a time on its own serial queue, commits the
/// resulting events to the journal, and only then acknowledges and broadcasts them.
///
/// Commands decided while a commit is in flight wait in `buffered` and go to the journal
/// together in the next append (group commit), so a busy session costs one fsync per batch,
/// not per command. At most one append is in flight, so the journal never has a gap.
public actor LiveSession {
    public nonisolated let id: SessionID
    private nonisolated let executor: DispatchQueueExecutor
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private let journal: any EventJournal
    private let clock: any ParleyClock
    private let logger: Logger
    private let metrics: EngineMetrics
    /// Called once when the session fails and must be reloaded from the journal.
    private let onFailure: @Sendable (SessionID) -> Void
    /// Called once `sessionClosed` is committed, with the whole journal (to archive exports).
    private let onClosed: @Sendable (SessionID, [Event]) async -> Void

    /// Includes decided events not yet committed: the input of the next decision.
    private var deciding: SessionState
    /// Only committed events: what anyone is shown.
    private var committed: SessionState
    /// Every committed event, `log[seq - 1]`, for replays.
    private var log: [Event]
    private var buffered: [Pending] = []
    private var commitInFlight = false
    private var stopped = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var subscribers: [Int: Subscriber] = [:]
    private var nextSubscriberID = 0
    /// The participants with at least one live subscription, as last announced.
    private var online: [ParticipantID] = []
    private let presenceInterval: Duration
    private var presenceScheduled = false

    private struct Pending {
        var events: [Event]
        var decidedAt: ContinuousClock.Instant
        var continuation: CheckedContinuation<Result<[Event], Refusal>, Never>
    }

    init(
        events: [Event], journal: any EventJournal, clock: any ParleyClock, logger: Logger,
        metrics: EngineMetrics, presenceInterval: Duration = .milliseconds(200),
        onFailure: @escaping @Sendable (SessionID) -> Void,
        onClosed: @escaping @Sendable (SessionID, [Event]) async -> Void
    ) throws(JournalError) {
        self.presenceInterval = presenceInterval
        let state = try SessionState.fold(events)
        id = state.id
        executor = DispatchQueueExecutor(label: "parley.session.\(state.id)")
        self.journal = journal
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
        self.onFailure = onFailure
        self.onClosed = onClosed
        deciding = state
        committed = state
        log = events
    }

    /// The session as committed so far.
    public var state: SessionState { committed }

    /// Every committed event, in order: the journal as this session has it.
    public var committedEvents: [Event] { log }

    /// The seq of the last decided event, committed or not.
    public var decidedHead: Seq { deciding.head }

    /// Decides a command; once its events are durable, broadcasts them and returns them.
    /// A refusal changes nothing.
    public func submit(_ command: Command, by principal: Principal) async -> Result<[Event], Refusal> {
        guard !stopped else { return .failure(Refusal(.unavailable, "the session is restarting; retry")) }
        let events: [Event]
        do {
            events = try deciding.execute(command, by: principal, at: clock.now())
        } catch {
            metrics.refused(command, error.code)
            return .failure(error)
        }
        let decidedAt = ContinuousClock.now
        let result = await withCheckedContinuation { continuation in
            buffered.append(Pending(events: events, decidedAt: decidedAt, continuation: continuation))
            if !commitInFlight {
                commitInFlight = true
                Task { await self.commitBuffered() }
            }
        }
        if case .success = result { metrics.accepted(command) }
        return result
    }

    /// Registers a viewer: the committed state, the events after `since` they may see, and
    /// a live stream of what comes next.
    public func subscribe(as viewer: Viewer, since: Seq, buffer capacity: Int = 1024) -> Subscription {
        let (live, continuation) = AsyncThrowingStream<LiveUpdate, any Error>.makeStream(
            bufferingPolicy: .bufferingOldest(capacity))
        let from = Int(max(0, min(since, committed.head)))
        // A redaction reaches every later reader: replayed events carry the tombstone.
        let replay = log[from...].compactMap { event in
            Visibility.project(event, for: viewer).map { Visibility.tombstoned($0, in: committed) }
        }
        let subscriberID = nextSubscriberID
        nextSubscriberID += 1
        if stopped {
            continuation.finish(throwing: SubscriptionEnd.sessionStopped)
        } else if case .participant(let participant) = viewer, committed.activeParticipant(participant.id) == nil {
            // Removed between being admitted and subscribing: the removal was broadcast
            // before this subscriber existed, so it is ended here.
            continuation.finish(throwing: SubscriptionEnd.revoked)
        } else {
            subscribers[subscriberID] = Subscriber(viewer: viewer, continuation: continuation)
            continuation.onTermination = { [weak self] _ in
                Task { await self?.unsubscribe(subscriberID) }
            }
            announcePresence()
        }
        return Subscription(id: subscriberID, state: committed, replay: replay, live: live)
    }

    public func unsubscribe(_ subscriberID: Int) {
        guard subscribers.removeValue(forKey: subscriberID) != nil else { return }
        announcePresence()
    }

    /// The participants connected now, in the order they joined the session.
    public var presence: [ParticipantID] { online }

    /// Tells every subscriber who is online, at most once per `presenceInterval`: a room
    /// filling up with a thousand observers costs one announcement per interval, not one
    /// per arrival sent to everyone already there.
    private func announcePresence() {
        guard !presenceScheduled else { return }
        presenceScheduled = true
        let interval = presenceInterval
        Task { [weak self] in
            try? await Task.sleep(for: interval)
            await self?.flushPresence()
        }
    }

    private func flushPresence() {
        presenceScheduled = false
        let connected = Set(subscribers.values.compactMap(\.participantID))
        let now = committed.participants.map(\.id).filter { connected.contains($0) }
        guard now != online else { return }
        online = now
        var slow: [Int] = []
        for (subscriberID, subscriber) in subscribers where !subscriber.deliver(.presence(now)) {
            slow.append(subscriberID)
        }
        for subscriberID in slow { end(subscriberID, .tooSlow) }
        if !slow.isEmpty { announcePresence() }
    }

    private func end(_ subscriberID: Int, _ reason: SubscriptionEnd) {
        subscribers.removeValue(forKey: subscriberID)?.continuation.finish(throwing: reason)
        if reason == .tooSlow { metrics.droppedSlowSubscriber() }
    }

    /// How many viewers are subscribed.
    public var subscriberCount: Int { subscribers.count }

    /// Ends every live stream (shutdown); commands already decided still commit.
    public func stop() async {
        stopped = true
        if commitInFlight {
            await withCheckedContinuation { idleWaiters.append($0) }
        }
        for subscriber in subscribers.values {
            subscriber.continuation.finish(throwing: SubscriptionEnd.sessionStopped)
        }
        subscribers.removeAll()
    }

    // MARK: Committing

    private func commitBuffered() async {
        while !buffered.isEmpty {
            let batch = buffered
            buffered.removeAll()
            let events = batch.flatMap(\.events)
            switch await durablyAppend(events) {
            case .committed:
                publish(batch)
            case .notWritten(let error):
                refuseUncommitted(batch + buffered, error)
            case .unknown(let error):
                fail(batch + buffered, error)
                return
            }
        }
        becomeIdle()
    }

    /// What an append left on disk.
    private enum AppendOutcome {
        case committed
        /// The journal refused and holds nothing of the batch (a full or read-only disk).
        case notWritten(any Error)
        /// The journal cannot say what it holds: only a reload can tell.
        case unknown(any Error)
    }

    /// Appends `events`. A refusal the store guarantees wrote nothing is confirmed by reading
    /// back what follows the committed head; any other failure is unknown.
    private func durablyAppend(_ events: [Event]) async -> AppendOutcome {
        do {
            try await journal.append(events, to: id)
            metrics.appended(events.count)
            return .committed
        } catch {
            metrics.journalFailed()
            guard error is JournalWriteRefused,
                let stored = try? await journal.events(of: id, after: committed.head), stored.isEmpty
            else { return .unknown(error) }
            return .notWritten(error)
        }
    }

    /// Applies, broadcasts and acknowledges a committed batch, in decision order.
    private func publish(_ batch: [Pending]) {
        for pending in batch {
            for event in pending.events {
                committed.apply(event)
                log.append(event)
                broadcast(event)
            }
            metrics.acknowledged(after: pending.decidedAt)
            pending.continuation.resume(returning: .success(pending.events))
        }
        if batch.contains(where: { $0.events.contains { $0.body.kind == .sessionClosed } }) {
            let journal = log
            let (id, onClosed) = (id, onClosed)
            Task.detached { await onClosed(id, journal) }
        }
    }

    /// Nothing of the batch reached the disk: its commands and every one decided after them
    /// are refused, and decisions start again from what is committed. Viewers stay
    /// connected and reads go on; the next command tries the journal again.
    private func refuseUncommitted(_ pending: [Pending], _ error: any Error) {
        logger.error(
            "journal append failed, nothing written; commands refused",
            metadata: ["session": "\(id)", "error": "\(error)"])
        buffered.removeAll()
        deciding = committed
        for item in pending {
            item.continuation.resume(
                returning: .failure(
                    Refusal(.unavailable, "could not save: storage unavailable; nothing changed, retry")))
        }
    }

    private func becomeIdle() {
        commitInFlight = false
        for waiter in idleWaiters { waiter.resume() }
        idleWaiters.removeAll()
    }

    private func broadcast(_ event: Event) {
        var ended: [(Int, SubscriptionEnd)] = []
        for (subscriberID, subscriber) in subscribers {
            if !subscriber.deliver(event) {
                ended.append((subscriberID, .tooSlow))
            } else if case .participantRemoved(let removal) = event.body,
                subscriber.participantID == removal.participant
            {
                ended.append((subscriberID, .revoked))
            }
        }
        for (subscriberID, reason) in ended { end(subscriberID, reason) }
        if !ended.isEmpty { announcePresence() }
    }

    /// The journal failed and what it holds is unknown: nothing after the last commit is
    /// acknowledged. The in-memory state may now differ from the disk, so the session stops
    /// and is reloaded from the journal on next use.
    private func fail(_ pending: [Pending], _ error: any Error) {
        logger.error("journal append failed; session stops", metadata: ["session": "\(id)", "error": "\(error)"])
        buffered.removeAll()
        stopped = true
        becomeIdle()
        for item in pending {
            item.continuation.resume(
                returning: .failure(Refusal(.unavailable, "could not save; nothing changed, retry")))
        }
        for subscriber in subscribers.values {
            subscriber.continuation.finish(throwing: SubscriptionEnd.sessionStopped)
        }
        subscribers.removeAll()
        onFailure(id)
    }
}
