import Foundation
import Logging
import ParleyCore
import ParleyEngine
import PostgresNIO
import Synchronization
import Testing

@testable import ParleyStorePostgres

/// A PostgreSQL that does not answer, or a session's row held by a transaction that does
/// not end: an append fails cleanly within the node's patience instead of leaving the
/// session (and every request behind it) waiting, and a node that died mid-append does
/// not keep the session from the others.
@Suite(
    "PostgreSQL that does not answer", .timeLimit(.minutes(1)),
    .enabled(if: JournalStore.available.contains(.postgres), "PARLEY_TEST_POSTGRES is not set (Scripts/test sets it)"))
struct PostgresPatienceTests {
    static func store() throws -> PostgresStoreURL {
        try PostgresStoreURL(#require(JournalStore.postgresURL), environment: ProcessInfo.processInfo.environment)
    }

    /// Another client that takes the session's row in a transaction it leaves open, with
    /// `settings` (a node's, or none: an operator's psql).
    static func holdRow(of id: SessionID, settings: [(String, String)]) async throws -> PostgresConnection {
        let holder = try await PostgresConnection.connect(
            configuration: PostgresJournal.connectionConfiguration(try store(), settings: settings), id: 1,
            logger: Logger(label: "test.holder"))
        try await holder.query("BEGIN", logger: holder.logger)
        try await holder.query("UPDATE sessions SET head = head WHERE id = \(id.rawValue)", logger: holder.logger)
        return holder
    }

    @Test("an append held behind another transaction's lock on the session is refused cleanly: nothing written")
    func lockWaitEnds() async throws {
        let journal = try await PostgresJournal.open(try Self.store(), patience: .seconds(1))
        defer { journal.close() }
        let id = uniqueSession("patience")
        let events = try sampleJournal(id)
        try await journal.append(Array(events.prefix(2)), to: id)
        let holder = try await Self.holdRow(of: id, settings: [])

        // The server ends the lock wait before the node's patience: rolled back, not unknown.
        await #expect(throws: JournalWriteRefused.self) { try await journal.append([events[2]], to: id) }
        #expect(try await journal.events(of: id) == Array(events.prefix(2)), "reads are not held by the lock")
        try await holder.query("ROLLBACK", logger: holder.logger)
        try await holder.close()
        // Nothing given up on commits later: the next append on the same head works.
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await journal.events(of: id) == Array(events.prefix(2)))
        try await journal.append([events[2]], to: id)
        #expect(try await journal.events(of: id) == Array(events.prefix(3)))
    }

    @Test("a node that dies mid-append (its transaction left open, no FIN) frees the session within its patience")
    func abandonedTransactionEnds() async throws {
        let patience = Duration.seconds(2)
        let journal = try await PostgresJournal.open(try Self.store(), patience: patience)
        defer { journal.close() }
        let id = uniqueSession("abandoned")
        let events = try sampleJournal(id)
        try await journal.append(Array(events.prefix(2)), to: id)
        // A node's connection that stops talking in the middle of its append.
        let dead = try await Self.holdRow(of: id, settings: PostgresJournal.settings(patience: patience))
        let backend = try await Self.backend(of: dead)
        try await Task.sleep(for: .milliseconds(1_500))
        try await journal.append([events[2]], to: id)
        #expect(try await journal.events(of: id) == Array(events.prefix(3)))
        // The server ended the dead node's session; its client never hears of it (it is not
        // waited for: a connection whose server hung up may not answer).
        let checker = try await PostgresConnection.connect(
            configuration: PostgresJournal.connectionConfiguration(try Self.store(), settings: []), id: 2,
            logger: Logger(label: "test.checker"))
        var remaining = -1
        for try await count in try await checker.query(
            "SELECT count(*)::int FROM pg_stat_activity WHERE pid = \(backend)", logger: checker.logger
        ).decode(Int.self) {
            remaining = count
        }
        #expect(remaining == 0, "the abandoned transaction's backend is gone")
        try await checker.close()
        Task { try? await dead.close() }
    }

    static func backend(of connection: PostgresConnection) async throws -> Int {
        var pid = 0
        for try await value in try await connection.query("SELECT pg_backend_pid()::int", logger: connection.logger)
            .decode(Int.self)
        {
            pid = value
        }
        return pid
    }

    @Test("work that never answers is given up after the limit, without waiting for it")
    func boundedWork() async throws {
        let patience = Patience(limit: .milliseconds(200))
        let stuck = Gate()
        await #expect(throws: StoreUnavailable.self) {
            // Deaf to cancellation, as a query on a dead connection is: were the caller to
            // wait for it, this would never return (and the suite's time limit would fail it).
            _ = try await patience.bounded("test") {
                await stuck.wait()
                return 1
            }
        }
        stuck.open()
        #expect(try await patience.bounded("test") { 42 } == 42)
    }
}

/// Work that waits, deaf to cancellation, until `open()`.
private final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    func wait() async {
        await withCheckedContinuation { continuation in
            let resume = state.withLock { state in
                if state.open { return true }
                state.waiter = continuation
                return false
            }
            if resume { continuation.resume() }
        }
    }

    func open() {
        let waiter = state.withLock { state in
            state.open = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}
