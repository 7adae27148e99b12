import ArgumentParser
import Foundation
import Logging
import ParleyCore
import ParleyEngine
import ParleyServer
import ParleyStorePostgres
import ParleyStoreSQLite

/// `parley migrate-store --data DIR --to postgres://…`: copies every session of a data
/// directory's SQLite journal into PostgreSQL, event for event, and reads each back to
/// check it. Stop the server first: a session written during the copy would be missed.
///
/// It can be run again: a session already there whole is left alone, one there in part
/// (an interrupted run) is completed, and one that differs is reported and not touched.
struct MigrateStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-store",
        abstract: "Copy a data directory's sessions from SQLite to PostgreSQL (the server stopped).")

    @Option(name: .long, help: "The data directory whose journal is copied.")
    var data: String = "./parley-data"

    @Option(name: .long, help: "postgres://USER@HOST:PORT/DB (password in PGPASSWORD).")
    var to: String

    /// Events per transaction: a long session goes in several, each checked against the head.
    static let chunk = 2_000

    func validate() throws {
        do {
            _ = try PostgresStoreURL(to, environment: [:])
        } catch {
            throw ValidationError(error.description.replacingOccurrences(of: "--store", with: "--to"))
        }
    }

    func run() async throws {
        let source = try DataDirectoryOptions.parse(["--data", data]).openExistingSQLite()
        var quiet = Logger(label: "parley.store")
        quiet.logLevel = .error
        let target: PostgresJournal
        do {
            target = try await PostgresJournal.open(
                try PostgresStoreURL(to, environment: ProcessInfo.processInfo.environment), logger: quiet)
        } catch {
            Console.complain("parley: \(error)")
            throw ExitCode.failure
        }
        defer { target.close() }
        let archive = TranscriptArchive(dataDirectory: data)
        var moved = 0
        var events = 0
        var already = 0
        var differing: [SessionID] = []
        for summary in try await source.sessions() {
            let journal = try await source.events(of: summary.id)
            let present = try await target.events(of: summary.id)
            guard present == Array(journal.prefix(present.count)) else {
                differing.append(summary.id)
                continue
            }
            if present.count == journal.count {
                // Copied by an earlier run, which may have stopped before recording the archive.
                try await keepArchive(of: summary, in: target, archive)
                already += 1
                continue
            }
            var start = present.count
            while start < journal.count {
                let end = min(start + Self.chunk, journal.count)
                try await target.append(Array(journal[start..<end]), to: summary.id)
                start = end
            }
            guard try await target.events(of: summary.id) == journal else {
                Console.complain("parley: session \(summary.id) does not read back as written; stopped")
                throw ExitCode.failure
            }
            try await keepArchive(of: summary, in: target, archive)
            moved += 1
            events += journal.count - present.count
        }
        Console.say(
            "moved \(moved) session\(moved == 1 ? "" : "s") (\(events) events) to \(try PostgresStoreURL(to, environment: [:])); "
                + "\(already) already there")
        guard differing.isEmpty else {
            Console.complain(
                "parley: \(differing.count) session(s) differ in the target and were not touched: "
                    + differing.map(\.rawValue).joined(separator: ", "))
            throw ExitCode.failure
        }
    }

    /// An archive already written in the data directory stays the session's archive: it is
    /// recorded as done, so that no node writes another.
    private func keepArchive(of summary: SessionSummary, in target: PostgresJournal, _ archive: TranscriptArchive)
        async throws
    {
        guard summary.closedAt != nil, archive.isComplete(summary.id),
            // No lease: no node runs while the store is moved, and a run interrupted between
            // its claim and its completion must be able to finish the record at once.
            try await target.claimArchive(of: summary.id, by: "migrate-store", lease: .zero)
        else { return }
        _ = try await target.completeArchive(of: summary.id, by: "migrate-store")
    }
}
