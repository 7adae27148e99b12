import Foundation
import Logging
import NIOSSL
import ParleyCore
import ParleyEngine
import PostgresNIO

/// The journal in PostgreSQL, shared by every node that names the same database.
///
/// Durability: an append returns once its transaction committed; with PostgreSQL's
/// defaults (`fsync = on`, `synchronous_commit = on`) that is once its WAL record is on
/// disk. PostgreSQL groups the WAL flushes of concurrent commits itself, so appends from
/// many sessions share fsyncs under load, as the SQLite journal's batches do.
///
/// Many writers: each append is one transaction that first moves the session's head from
/// the one its events continue to their last seq (`UPDATE … WHERE head = expected`: the
/// row lock makes appends to one session wait for each other, and the condition is checked
/// again on the row the other committed), then writes the events and `NOTIFY`s
/// `parley_events` with `SESSION HEAD`, which PostgreSQL delivers only once the
/// transaction committed. An append on an older head changes no row: `JournalConflict`,
/// nothing written, and the session catches up and decides again. This is the advisory
/// lock the design began with (`pg_advisory_xact_lock`, then read the head), done by the
/// head's own row: one statement instead of two, four round trips per append instead of
/// seven (`docs/performance.md` has both), and no lock held but the row's, until commit.
/// Deciding takes no lock, so a node never holds one across anything but the write; a node
/// that dies mid-append leaves nothing behind once the server ends its transaction
/// (`settings`: at once when the connection closes, within seconds when it went silent).
public final class PostgresJournal: SharedEventJournal {
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let store: PostgresStoreURL
    private let logger: Logger
    private let patience: Patience
    /// How long a node waits for PostgreSQL by default: longer than any append takes under
    /// load (`docs/performance.md`), short enough that a client hears back while looking.
    public static let standardPatience = Duration.seconds(10)
    /// The channel every node listens on; the payload says which session and head.
    static let channel = "parley_events"
    /// The migrations' advisory lock's first key ('PRLY'): apart from any other
    /// application's locks.
    static let lockSpace: Int32 = 0x5052_4C59

    private init(
        client: PostgresClient, runner: Task<Void, Never>, store: PostgresStoreURL, patience: Patience, logger: Logger
    ) {
        self.client = client
        self.runner = runner
        self.store = store
        self.patience = patience
        self.logger = logger
    }

    /// Connects, and brings the schema up to date (`PostgresMigrations`); a one-line error
    /// names what failed (no server, a wrong password, a refused TLS). Each later append or
    /// read that has no answer within `patience` fails: PostgreSQL itself ends lock waits
    /// and statements a little sooner (`settings`), so that the node's own bound
    /// (`StoreUnavailable`) is met only when the database or the network is gone.
    public static func open(
        _ store: PostgresStoreURL, patience: Duration = standardPatience,
        logger: Logger = Logger(label: "parley.postgres")
    ) async throws -> PostgresJournal {
        var configuration = PostgresClient.Configuration(
            host: store.host, port: store.port, username: store.user, password: store.password,
            database: store.database, tls: tls(store))
        configuration.options.minimumConnections = 1
        configuration.options.maximumConnections = 16
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.additionalStartupParameters = settings(patience: patience)
        // Migrated over a connection of its own, before the pool runs: a wrong password or
        // an absent server is a startup error in one line, not a pool retrying forever.
        do {
            let connection = try await PostgresConnection.connect(
                configuration: try connectionConfiguration(store, settings: settings(patience: nil)), id: 0,
                logger: logger)
            defer { Task { try? await connection.close() } }
            try await PostgresMigrations.migrate(connection, logger: logger)
        } catch {
            throw StoreUnavailable("cannot use the store \(store): \(PostgresJournal.reason(error))")
        }
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        // The pool serves only while `run()` runs: the first append waits until it began.
        let (started, began) = AsyncStream<Void>.makeStream()
        let runner = Task {
            began.finish()
            await client.run()
        }
        for await _ in started {}
        return PostgresJournal(
            client: client, runner: runner, store: store, patience: Patience(limit: patience), logger: logger)
    }

    /// Closes the connections.
    public func close() {
        runner.cancel()
    }

    deinit { runner.cancel() }

    static func tls(_ store: PostgresStoreURL) -> PostgresClient.Configuration.TLS {
        tlsConfiguration(store).map { .require($0) } ?? .disable
    }

    /// The client's TLS settings, nil when `sslmode=disable`: the server's certificate is
    /// verified against the system's roots, or `sslrootcert`, and must name the host.
    static func tlsConfiguration(_ store: PostgresStoreURL) -> TLSConfiguration? {
        guard store.tls == .require else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let root = store.rootCertificate { configuration.trustRoots = .file(root) }
        return configuration
    }

    /// A single connection's settings (the migrations', the listener's).
    static func connectionConfiguration(_ store: PostgresStoreURL, settings: [(String, String)]) throws
        -> PostgresConnection.Configuration
    {
        let tls = try tlsConfiguration(store).map {
            PostgresConnection.Configuration.TLS.require(try NIOSSLContext(configuration: $0))
        }
        var configuration = PostgresConnection.Configuration(
            host: store.host, port: store.port, username: store.user, password: store.password,
            database: store.database, tls: tls ?? .disable)
        configuration.options.additionalStartupParameters = settings
        return configuration
    }

    /// What each connection asks of its server session, whatever the role's or database's
    /// defaults say:
    /// - `synchronous_commit = on`: a commit returns once its WAL is on disk, so an ack is
    ///   never sent for an event a crash of the database could lose.
    /// - With a `patience` (the pool's connections): the server gives up on a lock wait or a
    ///   statement before the node does, so that a stuck append fails cleanly (rolled back:
    ///   nothing written) instead of being abandoned and committing later; and a transaction
    ///   left open by a node that died mid-append (no FIN: its host lost power) is ended by
    ///   the server after half the patience, releasing the session's row for the others.
    /// - TCP keep-alives from the server: a peer that vanished is found in under a minute,
    ///   not the kernel's two hours.
    static func settings(patience: Duration?) -> [(String, String)] {
        var settings = [
            ("application_name", "parley"), ("synchronous_commit", "on"),
            ("tcp_keepalives_idle", "10"), ("tcp_keepalives_interval", "5"), ("tcp_keepalives_count", "3"),
        ]
        if let patience {
            let (seconds, attoseconds) = patience.components
            let limit = Double(seconds) * 1000 + Double(attoseconds) / 1e15
            let ms = { (fraction: Double) in String(max(100, Int(limit * fraction))) }
            settings += [
                ("lock_timeout", ms(0.6)), ("statement_timeout", ms(0.8)),
                ("idle_in_transaction_session_timeout", ms(0.5)),
            ]
        }
        return settings
    }

    // MARK: EventJournal

    public func append(_ events: [Event], to session: SessionID) async throws {
        try await patience.bounded("append") { [self] in
            guard let first = events.first, let last = events.last else { return }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let bodies = try events.map { String(decoding: try encoder.encode($0.body), as: UTF8.self) }
            let id = session.rawValue
            let closedAt = events.first { $0.body.kind == .sessionClosed }?.at.millisecondsSinceEpoch
            do {
                try await client.withTransaction(logger: logger) { connection in
                    // Compare and set the head: the row lock waits for any other append to this
                    // session, and the condition is checked again on the row it committed.
                    let claimed: PostgresRowSequence
                    if first.seq == 1 {
                        guard case .sessionCreated(let created) = first.body else {
                            throw JournalConflict(session: session, head: 0, found: first.seq)
                        }
                        claimed = try await connection.query(
                            """
                            INSERT INTO sessions(id, title, created_at, head, closed_at) \
                            VALUES (\(id), \(created.spec.title), \(first.at.millisecondsSinceEpoch), \(last.seq), \(closedAt)) \
                            ON CONFLICT (id) DO NOTHING RETURNING head
                            """, logger: logger)
                    } else {
                        claimed = try await connection.query(
                            """
                            UPDATE sessions SET head = \(last.seq), closed_at = COALESCE(closed_at, \(closedAt)) \
                            WHERE id = \(id) AND head = \(first.seq - 1) RETURNING head
                            """, logger: logger)
                    }
                    var won = false
                    for try await _ in claimed.decode(Int64.self) { won = true }
                    guard won else {
                        throw JournalConflict(
                            session: session, head: try await Self.head(of: id, on: connection), found: first.seq)
                    }
                    for (offset, event) in events.enumerated() where event.seq != first.seq + Int64(offset) {
                        throw JournalConflict(session: session, head: first.seq - 1, found: first.seq)
                    }
                    // The events, the archiving job when this closes the session (it exists
                    // exactly when the close is committed), and the notice, in one statement.
                    try await connection.query(
                        """
                        WITH written AS (
                            INSERT INTO events(session_id, seq, at, kind, version, body)
                            SELECT \(id), * FROM UNNEST(\(events.map(\.seq))::bigint[], \
                            \(events.map(\.at.millisecondsSinceEpoch))::bigint[], \
                            \(events.map(\.body.kind.rawValue))::text[], \
                            \(events.map { _ in Int32(EventBody.version) })::integer[], \(bodies)::text[])
                        ), archived AS (
                            INSERT INTO archives(session_id) SELECT \(id) WHERE \(closedAt)::bigint IS NOT NULL
                            ON CONFLICT DO NOTHING
                        )
                        SELECT pg_notify(\(Self.channel), \(id + " " + String(last.seq)))
                        """, logger: logger)
                }
            } catch let error as PostgresTransactionError {
                throw Self.classified(error)
            }
        }
    }

    /// A conflict is a conflict; an error before `COMMIT` was sent rolled everything back
    /// (`JournalWriteRefused`, confirmed by reading back), a lock or statement timeout
    /// among them; a failed `COMMIT` (the connection lost while committing) may or may not
    /// have committed: unknown.
    static func classified(_ error: PostgresTransactionError) -> any Error {
        if let conflict = error.closureError as? JournalConflict { return conflict }
        if let server = error.closureError as? PSQLError, server.serverInfo?[.sqlState] == "23505" {
            // A unique violation on (session_id, seq): another writer without the lock.
            return JournalWriteRefused("another writer holds these seqs")
        }
        if error.commitError != nil { return error }
        return JournalWriteRefused(reason(error.beginError ?? error.closureError ?? error))
    }

    public func events(of session: SessionID, after seq: Seq) async throws -> [Event] {
        try await patience.bounded("read") { [self] in
            let rows = try await client.query(
                """
                SELECT seq, at, version, body FROM events \
                WHERE session_id = \(session.rawValue) AND seq > \(seq) ORDER BY seq
                """, logger: logger)
            let decoder = JSONDecoder()
            var events: [Event] = []
            for try await (seq, at, version, body) in rows.decode((Int64, Int64, Int32, String).self) {
                events.append(
                    Event(
                        seq: seq, at: Instant(millisecondsSinceEpoch: at),
                        body: try EventBody.decode(Data(body.utf8), version: Int(version), with: decoder)))
            }
            return events
        }
    }

    public func sessions() async throws -> [SessionSummary] {
        try await patience.bounded("list") { [self] in
            let rows = try await client.query(
                "SELECT id, title, created_at, head, closed_at FROM sessions ORDER BY created_at, id", logger: logger)
            var summaries: [SessionSummary] = []
            for try await (id, title, createdAt, head, closedAt) in rows.decode(
                (String, String, Int64, Int64, Int64?).self)
            {
                summaries.append(
                    SessionSummary(
                        id: SessionID(rawValue: id), title: title,
                        createdAt: Instant(millisecondsSinceEpoch: createdAt),
                        head: head, closedAt: closedAt.map(Instant.init(millisecondsSinceEpoch:))))
            }
            return summaries
        }
    }

    // MARK: SharedEventJournal

    public func changes() -> AsyncStream<JournalChange> {
        let (stream, continuation) = AsyncStream<JournalChange>.makeStream()
        let listener = Task { [store, logger] in
            await PostgresListener(store: store, logger: logger).run(continuation)
        }
        continuation.onTermination = { _ in listener.cancel() }
        return stream
    }

    public func claimArchive(of session: SessionID, by node: String, lease: Duration) async throws -> Bool {
        try await patience.bounded("claim") { [self] in
            let seconds = Double(lease.components.seconds)
            let rows = try await client.query(
                """
                UPDATE archives SET claimed_by = \(node), claimed_at = now() \
                WHERE session_id = \(session.rawValue) AND completed_at IS NULL \
                AND (claimed_by IS NULL OR claimed_at < now() - make_interval(secs => \(seconds))) \
                RETURNING session_id
                """, logger: logger)
            var claimed = false
            for try await _ in rows.decode(String.self) { claimed = true }
            return claimed
        }
    }

    public func completeArchive(of session: SessionID, by node: String) async throws -> Bool {
        try await patience.bounded("archive") { [self] in
            let rows = try await client.query(
                """
                UPDATE archives SET completed_by = \(node), completed_at = now() \
                WHERE session_id = \(session.rawValue) AND completed_at IS NULL AND claimed_by = \(node) \
                RETURNING session_id
                """, logger: logger)
            var completed = false
            for try await _ in rows.decode(String.self) { completed = true }
            return completed
        }
    }

    public func unarchivedSessions() async throws -> [SessionID] {
        try await patience.bounded("list archives") { [self] in
            let rows = try await client.query(
                "SELECT session_id FROM archives WHERE completed_at IS NULL ORDER BY session_id", logger: logger)
            var ids: [SessionID] = []
            for try await id in rows.decode(String.self) { ids.append(SessionID(rawValue: id)) }
            return ids
        }
    }

    /// Which node completed the archiving of `session`, if any (for tests and operators).
    public func archivedBy(_ session: SessionID) async throws -> String? {
        let rows = try await client.query(
            "SELECT completed_by FROM archives WHERE session_id = \(session.rawValue)", logger: logger)
        var node: String?
        for try await value in rows.decode(String?.self) { node = value }
        return node
    }

    private static func head(of id: String, on connection: PostgresConnection) async throws -> Seq {
        var head: Seq = 0
        for try await value in try await connection.query(
            "SELECT head FROM sessions WHERE id = \(id)", logger: Logger(label: "parley.postgres")
        ).decode(Int64.self) {
            head = value
        }
        return head
    }

    /// The words of an error from PostgreSQL or the connection, for one log or error line.
    static func reason(_ error: any Error) -> String {
        if let transaction = error as? PostgresTransactionError {
            return reason(transaction.commitError ?? transaction.closureError ?? transaction.beginError ?? error)
        }
        if let psql = error as? PSQLError {
            if psql.code == .authMechanismRequiresPassword {
                return "the database asks for a password: set PGPASSWORD"
            }
            if let message = psql.serverInfo?[.message] { return message }
            if let underlying = psql.underlying { return "\(psql.code): \(underlying)" }
            return "\(psql.code)"
        }
        return "\(error)"
    }
}

/// The store could not be reached or used, in one line.
public struct StoreUnavailable: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
