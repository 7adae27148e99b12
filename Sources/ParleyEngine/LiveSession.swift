import Logging
import ParleyCore

/// One live session: the actor on the session's own serial queue that carries out what its
/// `SessionPipeline` decides (appends, acknowledgements, deliveries, presence) and feeds
/// back what happened. Every rule of the pipeline lives in `SessionPipeline`; this type
/// only holds what cannot be a value: the callers waiting for their acks, the viewers'
/// streams, the journal and the clock.
public actor LiveSession {
    public nonisolated let id: SessionID
    private nonisolated let executor: DispatchQueueExecutor
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private let journal: any EventJournal
    private let clock: any ParleyClock
    private let logger: Logger
    private let metrics: EngineMetrics
    private let presenceInterval: Duration
    /// Called once when the session fails and must be reloaded from the journal.
    private let onFailure: @Sendable (LiveSession) -> Void
    /// Called once `sessionClosed` is committed, with the whole journal (to archive exports).
    private let onClosed: @Sendable (SessionID, [Event]) async -> Void

    private var pipeline: SessionPipeline
    private var waitingCommands: [SessionPipeline.Ticket: WaitingCommand] = [:]
    private var nextTicket = 0
    private var streams: [SessionPipeline.SubscriberID: AsyncThrowingStream<LiveUpdate, any Error>.Continuation] = [:]
    private var stopWaiters: [CheckedContinuation<Void, Never>] = []

    /// A submitted command waiting for its acknowledgement or refusal.
    private struct WaitingCommand {
        var command: Command
        var decidedAt: ContinuousClock.Instant
        var continuation: CheckedContinuation<Result<[Event], CommandFailure>, Never>
    }

    init(
        events: [Event], journal: any EventJournal, clock: any ParleyClock, logger: Logger,
        metrics: EngineMetrics, presenceInterval: Duration = .milliseconds(200),
        onFailure: @escaping @Sendable (LiveSession) -> Void,
        onClosed: @escaping @Sendable (SessionID, [Event]) async -> Void
    ) throws(FoldError) {
        pipeline = try SessionPipeline(events: events, sharedJournal: journal is any SharedEventJournal)
        id = pipeline.committed.id
        executor = DispatchQueueExecutor(label: "parley.session.\(pipeline.committed.id)")
        self.journal = journal
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
        self.presenceInterval = presenceInterval
        self.onFailure = onFailure
        self.onClosed = onClosed
    }

    /// The session as committed so far by this copy.
    public var state: SessionState { pipeline.committed }

    /// The session as the journal holds it now. On a shared journal, what other nodes
    /// committed is read first, so that a request answered here sees every write
    /// acknowledged anywhere before it arrived (a token added on another node, a post).
    /// Throws `sessionUnloaded` when the journal could not be read (the session stops and
    /// is loaded again on next use): an answer from a copy that may be behind is no answer.
    public func current() async throws(EngineFailure) -> SessionState {
        guard journal is any SharedEventJournal else { return pipeline.committed }
        guard !pipeline.isStopped else { throw .sessionUnloaded }
        let needed = catchUpsStarted + 1
        await withCheckedContinuation { continuation in
            catchUpWaiters.append((needed, continuation))
            run(pipeline.announced(head: nil))
            resumeCatchUpWaiters()
        }
        guard !pipeline.isStopped else { throw .sessionUnloaded }
        return pipeline.committed
    }

    /// Catch-ups started and finished: a caller of `current()` waits for one that started after it asked.
    private var catchUpsStarted = 0
    private var catchUpsFinished = 0
    private var catchUpWaiters: [(needed: Int, continuation: CheckedContinuation<Void, Never>)] = []

    private func resumeCatchUpWaiters() {
        let stopped = pipeline.isStopped
        let ready = catchUpWaiters.filter { stopped || $0.needed <= catchUpsFinished }
        catchUpWaiters.removeAll { stopped || $0.needed <= catchUpsFinished }
        for waiter in ready { waiter.continuation.resume() }
    }

    /// Every committed event, in order: the journal as this session has it.
    public var committedEvents: [Event] { pipeline.log }

    /// The seq of the last decided event, committed or not.
    public var decidedHead: Seq { pipeline.deciding.head }

    /// Who is connected, as last announced.
    public var presence: Presence { pipeline.presence }

    /// True, and counted as activity, unless the session has stopped (shutdown, a journal
    /// failure, idle eviction; it then refuses everything): the registry claims a
    /// session here before handing it out, so that it is not retired in the same moment.
    func claim() -> Bool {
        guard !pipeline.isStopped else { return false }
        lastActivity = .now
        return true
    }

    /// When a command or a viewer last came or went.
    private var lastActivity = ContinuousClock.now

    /// How many viewers are subscribed.
    public var subscriberCount: Int { pipeline.subscriberCount }

    /// Decides a command; once its events are durable, delivers them and returns them.
    /// A failure changes nothing, except that an `unconfirmed` write may be on disk.
    public func submit(_ command: Command, by principal: Principal) async -> Result<[Event], CommandFailure> {
        let ticket = nextTicket
        nextTicket += 1
        lastActivity = .now
        return await withCheckedContinuation { continuation in
            waitingCommands[ticket] = WaitingCommand(
                command: command, decidedAt: .now, continuation: continuation)
            run(pipeline.submit(command, by: principal, at: clock.now(), ticket: ticket))
        }
    }

    /// Registers a viewer: the committed state, the events after `since` they may see, and
    /// a live stream of what comes next.
    public func subscribe(as viewer: Viewer, since: Seq, buffer capacity: Int = 1024) -> Subscription {
        let (live, continuation) = AsyncThrowingStream<LiveUpdate, any Error>.makeStream(
            bufferingPolicy: .bufferingOldest(capacity))
        lastActivity = .now
        let (start, actions) = pipeline.subscribe(viewer, since: since)
        streams[start.id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(start.id) }
        }
        run(actions)
        return Subscription(id: start.id, state: start.state, replay: start.replay, live: live)
    }

    public func unsubscribe(_ subscriberID: SessionPipeline.SubscriberID) {
        lastActivity = .now
        streams[subscriberID] = nil
        run(pipeline.unsubscribe(subscriberID))
    }

    /// Stops the session when nothing has happened in it for `quiet` and it is idle (no
    /// viewer, nothing uncommitted); true when it stopped.
    public func retireIfIdle(quietFor quiet: Duration) -> Bool {
        guard ContinuousClock.now - lastActivity >= quiet else { return false }
        run(pipeline.retireIfIdle())
        return pipeline.isStopped
    }

    /// Ends every live stream (shutdown) once commands already decided have committed.
    public func stop() async {
        run(pipeline.stop())
        guard !pipeline.isStopped else { return }
        await withCheckedContinuation { stopWaiters.append($0) }
    }

    // MARK: Carrying out actions

    /// Carries out `actions` in order, and those that what happened on the way asks for.
    private func run(_ actions: [SessionPipeline.Action]) {
        var queue = actions
        var next = 0
        while next < queue.count {
            let action = queue[next]
            next += 1
            switch action {
            case .append(let events):
                Task { run(pipeline.appendFinished(await durablyAppend(events))) }
            case .acknowledge(let ticket, let events):
                guard let waiting = waitingCommands.removeValue(forKey: ticket) else { continue }
                metrics.accepted(waiting.command)
                metrics.acknowledged(after: waiting.decidedAt)
                waiting.continuation.resume(returning: .success(events))
            case .refuse(let ticket, let refusal):
                guard let waiting = waitingCommands.removeValue(forKey: ticket) else { continue }
                metrics.refused(waiting.command, refusal.code)
                waiting.continuation.resume(returning: .failure(.refused(refusal)))
            case .fail(let tickets, let failure):
                for ticket in tickets {
                    guard let waiting = waitingCommands.removeValue(forKey: ticket) else { continue }
                    metrics.refused(waiting.command, .unavailable)
                    waiting.continuation.resume(returning: .failure(.failed(failure)))
                }
            case .deliver(let update, let subscribers):
                for subscriber in subscribers where !deliver(update, to: subscriber) {
                    queue += pipeline.deliveryFailed(subscriber)
                }
            case .end(let subscribers, let reason):
                for subscriber in subscribers {
                    streams.removeValue(forKey: subscriber)?.finish(throwing: reason)
                    if reason == .tooSlow { metrics.droppedSlowSubscriber() }
                }
            case .schedulePresence:
                let interval = presenceInterval
                Task { [weak self] in
                    try? await Task.sleep(for: interval)
                    await self?.presenceDue()
                }
            case .catchUp(let head):
                catchUpsStarted += 1
                Task {
                    let actions = await catchUp(after: head)
                    catchUpsFinished += 1
                    run(actions)
                    resumeCatchUpWaiters()
                }
            case .archive(let journal):
                let (id, onClosed) = (id, onClosed)
                Task.detached { await onClosed(id, journal) }
            case .reload:
                onFailure(self)
            case .stopped:
                for waiter in stopWaiters { waiter.resume() }
                stopWaiters.removeAll()
                resumeCatchUpWaiters()
            }
        }
    }

    /// False when the viewer's buffer is full.
    private func deliver(_ update: LiveUpdate, to subscriber: SessionPipeline.SubscriberID) -> Bool {
        guard let stream = streams[subscriber] else { return true }
        switch stream.yield(update) {
        case .enqueued, .terminated: return true
        case .dropped: return false
        @unknown default: return false
        }
    }

    private func presenceDue() {
        run(pipeline.presenceDue())
    }

    /// The journal announced that the session's head is `head` (nil: look, a notice may
    /// have been missed): what others committed is read and delivered.
    public func announced(head: Seq?) {
        run(pipeline.announced(head: head))
    }

    private func catchUp(after head: Seq) async -> [SessionPipeline.Action] {
        do {
            let events = try await journal.events(of: id, after: head)
            metrics.caughtUp(events.count)
            return pipeline.caughtUp(events, at: clock.now())
        } catch {
            metrics.journalFailed()
            logger.error(
                "could not read the journal to catch up; session stops",
                metadata: ["session": "\(id)", "error": "\(error)"])
            return pipeline.catchUpFailed()
        }
    }

    /// Appends `events`. A refusal the store guarantees wrote nothing is confirmed by reading
    /// back what follows the committed head; any other failure is unknown.
    private func durablyAppend(_ events: [Event]) async -> SessionPipeline.AppendOutcome {
        let committedHead = pipeline.committed.head
        do {
            try await journal.append(events, to: id)
            metrics.appended(events.count)
            return .committed
        } catch is JournalConflict {
            // Another node appended first: caught up and decided again, not a failure.
            metrics.conflicted()
            return .conflict
        } catch {
            metrics.journalFailed()
            let outcome = await journal.outcome(ofFailedAppend: error, of: events, to: id, after: committedHead)
            logger.error(
                outcome == .notWritten
                    ? "journal append failed, nothing written; commands refused"
                    : "journal append failed; session stops",
                metadata: ["session": "\(id)", "error": "\(error)"])
            return outcome
        }
    }
}
