import Logging
import PostgresNIO

/// The schema's history, applied in order, each once, in a transaction of its own under an
/// advisory lock, so that nodes starting together migrate once. A shipped migration is
/// never edited: add a new one.
enum PostgresMigrations {
    static let all: [(version: Int32, name: String, sql: [PostgresQuery])] = [
        (
            1, "sessions, events and archives",
            [
                """
                CREATE TABLE sessions (
                    id TEXT PRIMARY KEY,
                    title TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    head BIGINT NOT NULL,
                    closed_at BIGINT
                )
                """,
                // The body is the event's JSON as text, byte for byte as SQLite keeps it, so
                // that a journal moved between stores renders the same exports.
                """
                CREATE TABLE events (
                    session_id TEXT NOT NULL REFERENCES sessions(id),
                    seq BIGINT NOT NULL,
                    at BIGINT NOT NULL,
                    kind TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (session_id, seq)
                )
                """,
                // One row per closed session: claimed by a node, then completed once.
                """
                CREATE TABLE archives (
                    session_id TEXT PRIMARY KEY REFERENCES sessions(id),
                    claimed_by TEXT,
                    claimed_at TIMESTAMPTZ,
                    completed_by TEXT,
                    completed_at TIMESTAMPTZ
                )
                """,
            ]
        )
    ]

    /// The second key of the migrations' advisory lock (the first is `lockSpace`).
    static let lockKey: Int32 = 0

    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query(
                "SELECT pg_advisory_xact_lock(\(PostgresJournal.lockSpace), \(lockKey))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """, logger: logger)
            var applied = Set<Int32>()
            for try await version in try await connection.query(
                "SELECT version FROM schema_migrations", logger: logger
            ).decode(Int32.self) {
                applied.insert(version)
            }
            for migration in all where !applied.contains(migration.version) {
                for statement in migration.sql { try await connection.query(statement, logger: logger) }
                try await connection.query(
                    "INSERT INTO schema_migrations(version, name) VALUES (\(migration.version), \(migration.name))",
                    logger: logger)
                logger.info(
                    "store migrated", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            }
        }
    }
}
