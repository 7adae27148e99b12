import Foundation
import ParleyCore
import ParleyDemo
import ParleyEngine
import ParleyStorePostgres
import ParleyStoreSQLite
import ParleyTestKit
import Testing

/// `parley migrate-store`, against the PostgreSQL that `Scripts/test` starts.
@Suite(
    "parley migrate-store", .serialized,
    .enabled(
        if: ProcessInfo.processInfo.environment["PARLEY_TEST_POSTGRES"] != nil
            || ProcessInfo.processInfo.environment["PARLEY_REQUIRE_POSTGRES"] == "1",
        "PARLEY_TEST_POSTGRES is not set (Scripts/test sets it)"))
struct MigrateStoreTests {
    static func store() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["PARLEY_TEST_POSTGRES"] else {
            throw MigrationFailure("PARLEY_REQUIRE_POSTGRES is set but PARLEY_TEST_POSTGRES is not")
        }
        return url
    }

    /// A data directory holding the demo session as `parley demo` makes it, and a second
    /// session, closed.
    static func demoData() async throws -> (String, [SessionID]) {
        let directory = NSTemporaryDirectory() + "parley-migrate-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let registry = SessionRegistry(journal: try SQLiteJournal(path: directory + "/parley.sqlite"))
        let session = try await registry.create(DemoSession.spec)
        for person in DemoSession.cast {
            _ = try await session.submit(
                .addParticipant(
                    NewParticipant(
                        name: person.name, role: person.role, side: person.side, credential: "h-\(person.name)")),
                by: .admin
            ).get()
        }
        try await DemoScript.play { command, principal in
            try await session.submit(command, by: principal).get().first?.seq ?? 0
        }
        let closed = try await registry.create(Fixtures.spec())
        _ = try await closed.submit(.closeSession, by: .admin).get()
        await registry.stopAll()
        return (directory, [session.id, closed.id])
    }

    @Test("moves the demo session to PostgreSQL; every export is byte-identical before and after")
    func byteIdenticalExports() async throws {
        let (data, sessions) = try await Self.demoData()
        let store = try Self.store()
        let moved = try ProcessRun.run("parley", ["migrate-store", "--data", data, "--to", store])
        #expect(moved.status == 0, "\(moved.standardError)")
        #expect(moved.standardOutput.contains("moved 2 sessions"), "\(moved.standardOutput)")
        var compared = 0
        for session in sessions {
            for view in ["transcript", "report"] {
                for format in ["md", "html", "json", "txt"] {
                    for extra in [[], ["--attribution", "names"], ["--language", "ru"]] {
                        let arguments = ["export", session.rawValue, "--view", view, "--format", format] + extra
                        let before = try ProcessRun.run("parley", arguments + ["--data", data])
                        let after = try ProcessRun.run("parley", arguments + ["--store", store])
                        #expect(before.status == 0 && after.status == 0, "\(arguments): \(after.standardError)")
                        #expect(!before.standardOutput.isEmpty)
                        #expect(before.standardOutput == after.standardOutput, "\(arguments)")
                        compared += 1
                    }
                }
            }
        }
        #expect(compared == 48)
        let listed = try ProcessRun.run("parley", ["sessions", "--store", store, "--json"])
        let summaries = try JSONDecoder().decode([SessionSummary].self, from: Data(listed.standardOutput.utf8))
        #expect(Set(sessions).isSubset(of: Set(summaries.map(\.id))))

        // Run again: nothing to move, nothing touched.
        let again = try ProcessRun.run("parley", ["migrate-store", "--data", data, "--to", store])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(
            again.standardOutput.contains("moved 0 sessions (0 events)")
                && again.standardOutput.contains("2 already there"))
    }

    @Test("an interrupted run is completed; a session that differs in the target is named and left alone")
    func resumeAndDiffer() async throws {
        let (data, sessions) = try await Self.demoData()
        let (demo, closed) = (sessions[0], sessions[1])
        let source = try SQLiteJournal(path: data + "/parley.sqlite")
        let demoJournal = try await source.events(of: demo)
        let target = try await PostgresJournal.open(
            try PostgresStoreURL(try Self.store(), environment: ProcessInfo.processInfo.environment))
        defer { target.close() }
        // An earlier run stopped after the demo's first chunk of 40 events.
        try await target.append(Array(demoJournal.prefix(40)), to: demo)
        // Someone else already wrote a session with the closed one's id, with other words.
        var other = try await source.events(of: closed)
        guard case .sessionCreated(var created) = other[0].body else { throw MigrationFailure("no genesis") }
        created.spec.title = "Another dialogue under the same id"
        other[0] = Event(seq: 1, at: other[0].at, body: .sessionCreated(created))
        try await target.append([other[0]], to: closed)

        let run = try ProcessRun.run("parley", ["migrate-store", "--data", data, "--to", try Self.store()])
        #expect(run.status == 1, "a session differs: \(run.standardOutput)")
        #expect(
            run.standardOutput.contains("moved 1 session (\(demoJournal.count - 40) events)"), "\(run.standardOutput)")
        #expect(run.standardError.contains("1 session(s) differ") && run.standardError.contains(closed.rawValue))
        #expect(try await target.events(of: demo) == demoJournal, "the interrupted copy is whole")
        #expect(try await target.events(of: closed) == [other[0]], "the other one is not touched")
    }

    @Test("a password in the URL and a store that cannot be reached are refused in one line")
    func refusals() throws {
        let inURL = try ProcessRun.run("parley", ["migrate-store", "--to", "postgres://u:secret@127.0.0.1/db"])
        #expect(inURL.status != 0)
        #expect(inURL.standardError.contains("PGPASSWORD"))
        #expect(!inURL.standardError.contains("secret"))
        // A URL that does not parse is echoed without what stands before its "@".
        let unparsable = try ProcessRun.run(
            "parley", ["migrate-store", "--to", "postgres://u:se cret%zz@127.0.0.1/db"])
        #expect(unparsable.status != 0)
        #expect(!unparsable.standardError.contains("cret"), "\(unparsable.standardError)")
        let directory = NSTemporaryDirectory() + "parley-migrate-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = try SQLiteJournal(path: directory + "/parley.sqlite")
        let absent = try ProcessRun.run(
            "parley", ["migrate-store", "--data", directory, "--to", "postgres://parley@127.0.0.1:1/parley"])
        #expect(absent.status != 0)
        #expect(absent.standardError.hasPrefix("parley: cannot use the store postgres://parley@127.0.0.1:1/parley"))
        #expect(absent.standardError.split(separator: "\n").count == 1)
    }
}

struct MigrationFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
