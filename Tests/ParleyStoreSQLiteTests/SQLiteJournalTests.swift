import Foundation
import ParleyCore
import ParleyEngine
import ParleyStoreSQLite
import ParleyTestKit
import Testing

/// What only the SQLite journal promises, on a real database file in a fresh temporary
/// directory (what every store promises: `JournalSuiteTests`).
@Suite("SQLite journal")
struct SQLiteJournalTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "parley-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    var path: String { directory + "/parley.sqlite" }

    @Test("writes are durable: WAL with synchronous = FULL on the writer")
    func durability() throws {
        let journal = try SQLiteJournal(path: path)
        #expect(try journal.synchronousMode() == 2)
    }

    @Test(
        "a full disk: commands are refused, nothing committed is damaged, and writing resumes with space",
        .enabled(if: SmallFileSystem.isEnabled, "needs a tmpfs mount (root with CAP_SYS_ADMIN)"))
    func fullDisk() async throws {
        let disk = try SmallFileSystem(megabytes: 4)
        defer { disk.unmount() }
        let path = disk.path + "/parley.sqlite"
        let journal = try SQLiteJournal(path: path)
        let registry = SessionRegistry(journal: journal, clock: ManualClock())
        let session = try await registry.create(Fixtures.spec())
        for person in Fixtures.cast { _ = try await session.submit(.addParticipant(person), by: .admin).get() }
        try disk.fill()
        // The WAL may still have room from earlier commits: write until the disk refuses.
        let text = String(repeating: "Ադրբեջան · Azərbaycan · ", count: 60)
        var acked: [Seq] = []
        var failure: CommandFailure?
        for _ in 0..<2_000 {
            switch await session.submit(.post(Post(item: "obstacles", kind: .chat, text: text)), by: Dialogue.memberAM)
            {
            case .success(let events): acked.append(events[0].seq)
            case .failure(let refused): failure = refused
            }
            if failure != nil { break }
        }
        #expect(failure == .failed(.notSaved), "a full disk writes nothing: sending again is safe")
        let head = await session.state.head
        // Nothing was written, so the session did not need a reload and reads go on.
        #expect(try await registry.session(session.id) === session)
        #expect(try await journal.events(of: session.id).count == Int(head))

        try disk.release()
        let resumed = try await session.submit(
            .post(Post(item: "obstacles", kind: .chat, text: "After")), by: Dialogue.memberAM
        ).get()
        #expect(resumed.map(\.seq) == [head + 1])

        let reopened = try SQLiteJournal(path: path)
        #expect(try reopened.integrityProblems() == [])
        let stored = try await reopened.events(of: session.id)
        #expect(stored.map(\.seq) == Array(1...(head + 1)))
        #expect(Set(acked).isSubset(of: Set(stored.map(\.seq))))
        #expect(try SessionState.fold(stored) == (await session.state))
    }
}
