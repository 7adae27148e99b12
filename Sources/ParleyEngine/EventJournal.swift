import ParleyCore

/// The durable, append-only record of every session's events.
///
/// Implementations must make `append` durable before returning (committed and fsync'd),
/// keep each session's events in seq order, and refuse an append that does not continue
/// the session's journal (seq `head + 1` onwards), so that no event is lost or written twice.
public protocol EventJournal: Sendable {
    /// Appends one session's events, which start at its head + 1; returns once they are durable.
    func append(_ events: [Event], to session: SessionID) async throws

    /// The session's events after `seq`, in seq order; empty when there are none.
    func events(of session: SessionID, after seq: Seq) async throws -> [Event]

    /// Every session in the journal, oldest first.
    func sessions() async throws -> [SessionSummary]
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
    /// What an append that threw left on disk: nothing only when the store refused before
    /// writing (`JournalWriteRefused`) and reading back finds nothing after `head`; anything
    /// else may be on disk.
    public func outcome(ofFailedAppend error: any Error, to session: SessionID, after head: Seq) async
        -> SessionPipeline.AppendOutcome
    {
        guard error is JournalWriteRefused, let stored = try? await events(of: session, after: head), stored.isEmpty
        else { return .unknown }
        return .notWritten
    }
}

/// An append that would break the journal's order; nothing was written.
public struct JournalOrderError: Error, Equatable, Sendable, CustomStringConvertible {
    public var session: SessionID
    public var expected: Seq
    public var found: Seq

    public init(session: SessionID, expected: Seq, found: Seq) {
        self.session = session
        self.expected = expected
        self.found = found
    }

    public var description: String {
        "session \(session): append starts at seq \(found), journal expects \(expected)"
    }
}
