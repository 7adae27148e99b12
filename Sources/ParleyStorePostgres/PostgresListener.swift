import Logging
import NIOSSL
import ParleyCore
import ParleyEngine
import PostgresNIO

/// Listens on `parley_events` over a connection of its own, and turns each notice into a
/// `JournalChange`. After every (re)connection it yields `.resync` first: notices sent
/// while it was not listening are lost, so readers look at the journal instead. A query
/// every few seconds, answered within a few more, finds a connection that died silently.
struct PostgresListener {
    let store: PostgresStoreURL
    let logger: Logger
    static let keepAlive = Duration.seconds(5)
    /// How long the keep-alive query may take before the connection counts as dead.
    static let patience = Patience(limit: .seconds(5))

    func run(_ continuation: AsyncStream<JournalChange>.Continuation) async {
        var failures = 0
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(
                    configuration: try PostgresJournal.connectionConfiguration(
                        store, settings: PostgresJournal.settings(patience: nil)),
                    id: 1, logger: logger)
                failures = 0
                do {
                    try await listen(on: connection, continuation)
                } catch {
                    logger.warning(
                        "lost the journal's notices; reconnecting",
                        metadata: ["error": "\(PostgresJournal.reason(error))"])
                }
                try? await connection.close()
            } catch {
                failures += 1
                logger.warning(
                    "cannot listen for the journal's notices; retrying",
                    metadata: ["error": "\(PostgresJournal.reason(error))"])
            }
            // 0.2 s, doubling to 5 s: a database restart is followed within seconds.
            try? await Task.sleep(for: .milliseconds(min(5_000, 200 << min(failures, 5))))
        }
        continuation.finish()
    }

    private func listen(on connection: PostgresConnection, _ continuation: AsyncStream<JournalChange>.Continuation)
        async throws
    {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await connection.listen(on: PostgresJournal.channel) { notices in
                    continuation.yield(.resync)
                    for try await notice in notices {
                        if let change = Self.change(notice.payload) { continuation.yield(change) }
                    }
                }
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: Self.keepAlive)
                    do {
                        // A half-open connection never answers: the query would wait for the
                        // kernel's retransmissions to give up (about 15 minutes).
                        _ = try await Self.patience.bounded("keep-alive") {
                            try await connection.query("SELECT 1", logger: logger)
                        }
                    } catch {
                        // Closed here, so that the notices' stream ends too and the group can.
                        try? await connection.close()
                        throw error
                    }
                }
            }
            // Either ending (the notices stopped, the keep-alive failed) means reconnect.
            try await group.next()
            group.cancelAll()
        }
    }

    /// `SESSION HEAD`, as `PostgresJournal.append` sends it.
    static func change(_ payload: String) -> JournalChange? {
        let parts = payload.split(separator: " ")
        guard parts.count == 2, let head = Seq(parts[1]) else { return nil }
        return .head(SessionID(rawValue: String(parts[0])), head)
    }
}
