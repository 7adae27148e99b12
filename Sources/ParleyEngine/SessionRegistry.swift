import Logging
import ParleyCore

/// The live sessions of one server: created here, or loaded lazily from the journal on
/// first use, each on its own serial queue.
public actor SessionRegistry {
    private let journal: any EventJournal
    private let clock: any ParleyClock
    private let logger: Logger
    private let metrics: EngineMetrics
    private let newSessionID: @Sendable () -> SessionID
    private let onSessionClosed: @Sendable (SessionID, [Event]) async -> Void
    /// Sessions the journal may hold (`parley serve --max-sessions`).
    public let maxSessions: Int
    /// Sessions in the journal and being created; counted from the journal on first create.
    private var sessionCount: Int?
    private var live: [SessionID: LiveSession] = [:]
    private var loading: [SessionID: Task<LiveSession?, any Error>] = [:]
    private var stopped = false

    /// `onSessionClosed` runs, off the session's queue, once a session's `sessionClosed`
    /// event is committed.
    public init(
        journal: any EventJournal, clock: any ParleyClock = SystemClock(),
        logger: Logger = Logger(label: "parley.engine"), metrics: EngineMetrics = EngineMetrics(),
        newSessionID: @escaping @Sendable () -> SessionID = SessionRegistry.randomSessionID,
        maxSessions: Int = SessionRegistry.defaultMaxSessions,
        onSessionClosed: @escaping @Sendable (SessionID, [Event]) async -> Void = { _, _ in }
    ) {
        self.maxSessions = maxSessions
        self.journal = journal
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
        self.newSessionID = newSessionID
        self.onSessionClosed = onSessionClosed
    }

    /// Creates a session from a spec; returns once its first event is durable.
    public func create(_ spec: SessionSpec) async throws -> LiveSession {
        guard !stopped else { throw EngineFailure.shuttingDown }
        let id = newSessionID()
        let genesis = try SessionState.genesis(spec, id: id, at: clock.now())
        if sessionCount == nil {
            let stored = try await journal.sessions().count
            // Another creation may have counted while this one read: the first count stands.
            if sessionCount == nil { sessionCount = stored }
        }
        guard let count = sessionCount, count < maxSessions else {
            throw Refusal(.conflict, "this server holds the most sessions it may (\(maxSessions)); see --max-sessions")
        }
        // Counted before the append, so that creations in flight cannot pass the limit together.
        sessionCount = count + 1
        do {
            try await journal.append([genesis], to: id)
        } catch {
            logger.error("journal append failed; session not created", metadata: ["error": "\(error)"])
            guard await journal.outcome(ofFailedAppend: error, of: [genesis], to: id, after: 0) == .notWritten else {
                // It may be on disk: its place stays counted, and the caller must look before retrying.
                throw EngineFailure.unconfirmed
            }
            sessionCount? -= 1
            throw EngineFailure.notSaved
        }
        let session = try makeSession([genesis])
        guard !stopped else {
            // Shutdown began while the genesis was written: the session is on disk and
            // loads next time; no live copy may outlive the others.
            await session.stop()
            throw EngineFailure.shuttingDown
        }
        live[id] = session
        logger.info("session created", metadata: ["session": "\(id)"])
        return session
    }

    /// The live session, loading it from the journal if needed; nil when there is none.
    ///
    /// One live copy per session, whatever interleaves: a session is loaded only while
    /// neither a live copy nor a load is registered (checked and registered with no
    /// suspension between), and every check is made again after each suspension. A copy
    /// handed out is claimed on its own queue, so it cannot be retired at the same moment.
    public func session(_ id: SessionID) async throws -> LiveSession? {
        while true {
            guard !stopped else { throw EngineFailure.shuttingDown }
            if let pending = loading[id] { return try await pending.value }
            guard let session = live[id] else { return try await load(id) }
            if await session.claim() { return session }
            // Failed or retired: drop it (unless that happened meanwhile) and look again.
            if live[id] === session { live[id] = nil }
        }
    }

    private func load(_ id: SessionID) async throws -> LiveSession? {
        let task = Task { [journal] () async throws -> LiveSession? in
            let events = try await journal.events(of: id)
            return events.isEmpty ? nil : try self.makeSession(events)
        }
        loading[id] = task
        defer { loading[id] = nil }
        let session = try await task.value
        if let session, stopped {
            // Shutdown began while this session loaded: it must not outlive the others.
            await session.stop()
            throw EngineFailure.shuttingDown
        }
        if let session { live[id] = session }
        return session
    }

    /// On a shared journal, hands what other nodes commit to the live copies here until
    /// cancelled; on any other journal, returns at once (no one else writes to it).
    public nonisolated func followJournal() async {
        guard let shared = journal as? any SharedEventJournal else { return }
        for await change in shared.changes() {
            await announce(change)
        }
    }

    private func announce(_ change: JournalChange) async {
        switch change {
        case .head(let id, let head):
            // A session not loaded here is read whole when it is next used.
            await live[id]?.announced(head: head)
        case .resync:
            for session in live.values { await session.announced(head: nil) }
        }
    }

    /// Every session in the journal.
    public func summaries() async throws -> [SessionSummary] {
        try await journal.sessions()
    }

    /// How many sessions are loaded.
    public var liveCount: Int { live.count }

    /// Who is connected to each session loaded here (on a shared journal: to this node).
    public func presence() async -> [SessionID: Presence] {
        var presence: [SessionID: Presence] = [:]
        for (id, session) in live { presence[id] = await session.presence }
        return presence
    }

    /// Takes out of memory every session idle (no viewer, nothing uncommitted) and quiet for
    /// `quiet`; the next use loads it again from the journal. Returns how many left.
    @discardableResult
    public func evictIdle(quietFor quiet: Duration) async -> Int {
        var evicted = 0
        for (id, session) in live where await session.retireIfIdle(quietFor: quiet) {
            if live[id] === session { live[id] = nil }
            evicted += 1
        }
        return evicted
    }

    /// Stops every live session, ending their streams after in-flight commits, and loads
    /// no more (shutdown).
    public func stopAll() async {
        stopped = true
        let sessions = Array(live.values)
        live.removeAll()
        for session in sessions { await session.stop() }
    }

    private func makeSession(_ events: [Event]) throws -> LiveSession {
        try LiveSession(
            events: events, journal: journal, clock: clock, logger: logger, metrics: metrics,
            onFailure: { [weak self] session in
                Task { await self?.evict(session) }
            },
            onClosed: onSessionClosed)
    }

    /// Drops a failed session, unless a new copy has replaced it already.
    private func evict(_ session: LiveSession) {
        if live[session.id] === session { live[session.id] = nil }
    }

    public static let defaultMaxSessions = 10_000

    /// 16 characters of a lower-case base-32 alphabet: 80 random bits.
    public static func randomSessionID() -> SessionID {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return SessionID(rawValue: String((0..<16).map { _ in alphabet.randomElement(using: &generator)! }))
    }
}
