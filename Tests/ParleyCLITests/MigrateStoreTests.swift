import Foundation
import ParleyCore
import ParleyDemo
import ParleyEngine
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

    @Test("a password in the URL and a store that cannot be reached are refused in one line")
    func refusals() throws {
        let inURL = try ProcessRun.run("parley", ["migrate-store", "--to", "postgres://u:secret@127.0.0.1/db"])
        #expect(inURL.status != 0)
        #expect(inURL.standardError.contains("PGPASSWORD"))
        #expect(!inURL.standardError.contains("secret"))
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
