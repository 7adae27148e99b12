import ParleyCore

/// The durable, append-only record of every session's events.
///
/// Implementations must make `append` durable before returning (committed and fsync'd),
/// keep each session's events in seq order, and refuse with `JournalConflict` an append
/// that does not continue the session's journal: its first event's seq is the head it
/// expects plus one, and any other head means someone else appended first. So no event is
/// lost or written twice, whoever writes.
public protocol EventJournal: Sendable {
    /// Appends one session's events, which start at the head the caller expects + 1;
    /// returns once they are durable. Throws `JournalConflict` if the head is another.
    func append(_ events: [Event], to session: SessionID) async throws

    /// The session's events after `seq`, in seq order; empty when there are none.
    func events(of session: SessionID, after seq: Seq) async throws -> [Event]

    /// Every session in the journal, oldest first.
    func sessions() async throws -> [SessionSummary]
}

/// A journal that other processes append to as well (PostgreSQL shared by several nodes):
/// it tells what they commit, and who archives a closed session.
public protocol SharedEventJournal: EventJournal {
    /// What anyone commits from now on, as it commits; `.resync` first and whenever
    /// notices may have been missed (the listening connection was lost), so that a reader
    /// looks at the journal again instead of trusting that silence means nothing happened.
    func changes() -> AsyncStream<JournalChange>

    /// Claims the archiving of a closed session for `node`, if no one completed it and no
    /// one holds a fresh claim. A claim older than `lease` lapses (its node died, or could
    /// not write): then any node, this one included, may claim it again; until then no
    /// one, so that a node that keeps failing does not keep the job from the others.
    func claimArchive(of session: SessionID, by node: String, lease: Duration) async throws -> Bool

    /// Records the archiving of `session` as done by `node`, if `node` still holds the
    /// claim; it is never claimed again. False when another node took the lapsed claim
    /// over meanwhile: that node's archive is the one recorded.
    func completeArchive(of session: SessionID, by node: String) async throws -> Bool

    /// Closed sessions whose archiving no node completed.
    func unarchivedSessions() async throws -> [SessionID]
}

/// A commit seen in a shared journal.
public enum JournalChange: Equatable, Sendable {
    /// `session`'s journal now ends at `head`.
    case head(SessionID, Seq)
    /// Commits may have been missed: every reader catches up from the journal.
    case resync
}

extension EventJournal {
    /// Every event of the session in seq order; empty when the session is unknown.
    public func events(of session: SessionID) async throws -> [Event] {
        try await events(of: session, after: 0)
    }
}

/// One line of a session listing.
public struct SessionSummary: Equatable, Sendable, Codable {
    public var id: SessionID
    public var title: String
    public var createdAt: Instant
    public var head: Seq
    public var closedAt: Instant?

    public init(id: SessionID, title: String, createdAt: Instant, head: Seq, closedAt: Instant?) {
        self.id = id
        self.title = title
        self.createdAt = createdAt
        self.head = head
        self.closedAt = closedAt
    }

    /// The summary of a session folded from its journal.
    public init(_ state: SessionState) {
        self.init(
            id: state.id, title: state.spec.title, createdAt: state.createdAt, head: state.head,
            closedAt: state.closedAt)
    }
}

/// An append the store refused before writing anything of it (a full or read-only disk, a
/// database locked by another process): the journal is as it was, so the session can go on
/// deciding from what is committed. Any other error from `append` leaves it unknown whether
/// the events were written (an fsync that failed at commit may still leave them on disk).
public struct JournalWriteRefused: Error, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { "the journal refused the write: \(reason)" }
}

extension EventJournal {
    /// What an append of `batch` that threw left on disk: nothing only when the store
    /// refused before writing (`JournalWriteRefused`) and reading back does not find the
    /// batch's first event after `head` (on a shared journal, another node's events may be
    /// there: they are not this batch); anything else may be on disk.
    public func outcome(ofFailedAppend error: any Error, of batch: [Event], to session: SessionID, after head: Seq)
        async -> SessionPipeline.AppendOutcome
    {
        guard error is JournalWriteRefused, let stored = try? await events(of: session, after: head),
            stored.first != batch.first
        else { return .unknown }
        return .notWritten
    }
}

/// An append that does not continue the session's journal: someone else appended first
/// (another node), or the caller's idea of the head is wrong. Nothing was written; the
/// journal's head is `head`.
public struct JournalConflict: Error, Equatable, Sendable, CustomStringConvertible {
    public var session: SessionID
    /// The session's head in the journal (0: the session is not there).
    public var head: Seq
    /// The seq the append started at.
    public var found: Seq

    public init(session: SessionID, head: Seq, found: Seq) {
        self.session = session
        self.head = head
        self.found = found
    }

    public var description: String {
        "session \(session): append starts at seq \(found), the journal's head is \(head)"
    }
}
