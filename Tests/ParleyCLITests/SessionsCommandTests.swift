import Foundation
import ParleyCore
import ParleyEngine
import ParleyStoreSQLite
import ParleyTestKit
import Testing

@Suite("parley sessions")
struct SessionsCommandTests {
    @Test("lists the sessions of a data directory, as a table and as JSON")
    func listing() async throws {
        let directory = NSTemporaryDirectory() + "parley-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let clock = ManualClock()
        let registry = SessionRegistry(journal: try SQLiteJournal(path: directory + "/parley.sqlite"), clock: clock)
        let first = try await registry.create(Fixtures.spec())
        clock.advance(seconds: 1)
        var second = Fixtures.spec()
        second.title = "Թեմատիկ խումբ · Tematik qrup"
        let other = try await registry.create(second)
        _ = try await other.submit(.closeSession, by: .admin).get()

        let table = try ProcessRun.run("parley", ["sessions", "--data", directory])
        #expect(table.status == 0)
        let lines = table.standardOutput.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(
            lines[1].contains(first.id.rawValue) && lines[1].contains("open") && lines[1].contains("Peace and Security")
        )
        #expect(
            lines[2].contains(other.id.rawValue) && lines[2].contains("closed")
                && lines[2].hasSuffix("Թեմատիկ խումբ · Tematik qrup"))

        let json = try ProcessRun.run("parley", ["sessions", "--data", directory, "--json"])
        let summaries = try JSONDecoder().decode([SessionSummary].self, from: Data(json.standardOutput.utf8))
        #expect(summaries.map(\.id) == [first.id, other.id])
        #expect(summaries[1].closedAt != nil && summaries[1].head == 2)
    }

    @Test("a directory without Parley data is an error in one line")
    func missingData() throws {
        let run = try ProcessRun.run("parley", ["sessions", "--data", "/nonexistent/parley"])
        #expect(run.status != 0)
        #expect(run.standardError.contains("no Parley data in '/nonexistent/parley'"))
        #expect(run.standardOutput.isEmpty)
    }
}
