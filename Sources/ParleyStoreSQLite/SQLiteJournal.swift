import Dispatch
import Foundation
import GRDB
import ParleyCore
import ParleyEngine
import Synchronization

/// The embedded default journal: one SQLite file in WAL mode with `synchronous = FULL`,
/// so that a returned `append` means committed and fsync'd.
///
/// Appends from every session go through one writer thread. Whatever arrives while a
/// transaction commits is committed together in the next one (group commit): under load,
/// many appends share one fsync. Each append is checked against its session's head inside
/// its own savepoint, so one bad append fails alone.
public final class SQLiteJournal: EventJournal {
    private let pool: DatabasePool
    private let writer = DispatchQueue(label: "parley.journal.writer")
    private let queue = Mutex(WriteQueue())
    /// The most appends committed in one transaction.
    public let maxBatch: Int

    private struct WriteQueue {
        var requests: [AppendRequest] = []
        var draining = false
    }

    private struct AppendRequest {
        var session: SessionID
        var events: [Event]
        var continuation: CheckedContinuation<Void, any Error>
    }

    /// Opens (creating if needed) the journal at `path` and brings its schema up to date.
    public init(path: String, maxBatch: Int = 512) throws {
        // The journal holds every word and every token hash: it is created readable by its
        // owner only, so that it never exists with the process's default mode.
        let descriptor = open(path, O_WRONLY | O_CREAT, 0o600)
        if descriptor >= 0 { close(descriptor) }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "parley.journal"
        pool = try DatabasePool(path: path, configuration: configuration)
        // GRDB sets `synchronous = NORMAL` while it enables WAL, after `prepareDatabase`;
        // FULL must be set on the writer connection once it is open.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try Self.migrator.migrate(pool)
        self.maxBatch = maxBatch
    }

    /// The writer connection's `PRAGMA synchronous` (2 is FULL), for tests and diagnostics.
    public func synchronousMode() throws -> Int {
        try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// What `PRAGMA integrity_check` finds wrong with the file; empty when it is sound.
    public func integrityProblems() throws -> [String] {
        try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }.filter { $0 != "ok" }
    }

    // MARK: EventJournal

    public func append(_ events: [Event], to session: SessionID) async throws {
        guard !events.isEmpty else { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let startDraining = queue.withLock { queue in
                queue.requests.append(AppendRequest(session: session, events: events, continuation: continuation))
                defer { queue.draining = true }
                return !queue.draining
            }
            if startDraining {
                writer.async { self.drain() }
            }
        }
    }

    public func events(of session: SessionID, after seq: Seq) async throws -> [Event] {
        try await pool.read { db in
            let decoder = JSONDecoder()
            return try Row.fetchAll(
                db, sql: "SELECT seq, at, version, body FROM events WHERE session_id = ? AND seq > ? ORDER BY seq",
                arguments: [session.rawValue, seq]
            ).map { row in
                Event(
                    seq: row[0], at: Instant(millisecondsSinceEpoch: row[1]),
                    body: try EventBody.decode(Data((row[3] as String).utf8), version: row[2], with: decoder))
            }
        }
    }

    public func sessions() async throws -> [SessionSummary] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, title, created_at, head, closed_at FROM sessions ORDER BY created_at, id"
            ).map { row in
                SessionSummary(
                    id: SessionID(rawValue: row[0]), title: row[1],
                    createdAt: Instant(millisecondsSinceEpoch: row[2]), head: row[3],
                    closedAt: (row[4] as Int64?).map(Instant.init(millisecondsSinceEpoch:)))
            }
        }
    }

    // MARK: Writing

    /// Runs on `writer`: commits queued appends, a batch per transaction, until none are left.
    private func drain() {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        while true {
            let batch = queue.withLock { queue -> [AppendRequest] in
                let batch = Array(queue.requests.prefix(maxBatch))
                queue.requests.removeFirst(batch.count)
                if batch.isEmpty { queue.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            commit(batch, encoder: encoder)
        }
    }

    private func commit(_ batch: [AppendRequest], encoder: JSONEncoder) {
        var outcomes = [(any Error)?](repeating: nil, count: batch.count)
        do {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    for (index, request) in batch.enumerated() {
                        do {
                            try db.inSavepoint {
                                try Self.insert(request.events, of: request.session, into: db, encoder: encoder)
                                return .commit
                            }
                        } catch {
                            outcomes[index] = error
                        }
                    }
                    return .commit
                }
            }
        } catch {
            outcomes = outcomes.map { $0 ?? error }
        }
        outcomes = outcomes.map { $0.map(Self.classified) }
        for (request, outcome) in zip(batch, outcomes) {
            if let outcome {
                request.continuation.resume(throwing: outcome)
            } else {
                request.continuation.resume()
            }
        }
    }

    /// SQLite's codes that mean the transaction wrote nothing: a full disk (no commit frame
    /// reached the log), a read-only file, a lock held elsewhere. Others stay as they are,
    /// because after an I/O error the commit may or may not be on disk.
    private static func classified(_ error: any Error) -> any Error {
        guard let database = error as? DatabaseError else { return error }
        switch database.resultCode {
        case .SQLITE_FULL, .SQLITE_READONLY, .SQLITE_BUSY, .SQLITE_LOCKED:
            return JournalWriteRefused("\(database)")
        default:
            return error
        }
    }

    private static func insert(_ events: [Event], of session: SessionID, into db: Database, encoder: JSONEncoder)
        throws
    {
        let head =
            try Int64.fetchOne(db, sql: "SELECT head FROM sessions WHERE id = ?", arguments: [session.rawValue]) ?? 0
        if head == 0 {
            guard case .sessionCreated(let created) = events[0].body, events[0].seq == 1 else {
                throw JournalConflict(session: session, head: head, found: events[0].seq)
            }
            try db.execute(
                sql: "INSERT INTO sessions(id, title, created_at, head) VALUES (?, ?, ?, 0)",
                arguments: [session.rawValue, created.spec.title, events[0].at.millisecondsSinceEpoch])
        }
        let statement = try db.cachedStatement(
            sql: "INSERT INTO events(session_id, seq, at, kind, version, body) VALUES (?, ?, ?, ?, ?, ?)")
        var expected = head + 1
        for event in events {
            guard event.seq == expected else {
                throw JournalConflict(session: session, head: head, found: events[0].seq)
            }
            let body = String(decoding: try encoder.encode(event.body), as: UTF8.self)
            try statement.execute(arguments: [
                session.rawValue, event.seq, event.at.millisecondsSinceEpoch, event.body.kind.rawValue,
                EventBody.version, body,
            ])
            if case .sessionClosed = event.body {
                try db.execute(
                    sql: "UPDATE sessions SET closed_at = ? WHERE id = ?",
                    arguments: [event.at.millisecondsSinceEpoch, session.rawValue])
            }
            expected += 1
        }
        try db.execute(sql: "UPDATE sessions SET head = ? WHERE id = ?", arguments: [expected - 1, session.rawValue])
    }

    /// The schema's history. A shipped migration is never edited: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: sessions and events") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sessions (
                        id TEXT PRIMARY KEY NOT NULL,
                        title TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        head INTEGER NOT NULL,
                        closed_at INTEGER
                    );
                    CREATE TABLE events (
                        session_id TEXT NOT NULL REFERENCES sessions(id),
                        seq INTEGER NOT NULL,
                        at INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        body TEXT NOT NULL,
                        PRIMARY KEY (session_id, seq)
                    ) WITHOUT ROWID;
                    """)
        }
        return migrator
    }
}
