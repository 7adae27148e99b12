import Foundation
import ParleyCore
import ParleyEngine
import ParleyStoreSQLite
import ParleyTestKit
import Testing

/// The journal on a real database file in a fresh temporary directory.
@Suite("SQLite journal")
struct SQLiteJournalTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "parley-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    var path: String { directory + "/parley.sqlite" }

    /// A dialogue's whole journal, with multilingual text, amendments and an adoption.
    static func sampleJournal(_ id: SessionID = "s1") throws -> [Event] {
        var dialogue = try Dialogue(rules: .with { $0.heldTerms = ["traitor"] })
        let proposal = try dialogue.post(
            "Հայաստան և Ադրբեջան · Azərbaycan · Ελλάδα 🕊️", kind: .proposal, by: Dialogue.memberAM)
        try dialogue.run(
            .amend(contribution: proposal, text: "Both sides open the existing communications"), by: Dialogue.memberAM)
        try dialogue.run(
            .endorse(contribution: proposal, version: dialogue.version(of: proposal)), by: Dialogue.cochairAM)
        try dialogue.run(
            .endorse(contribution: proposal, version: dialogue.version(of: proposal)), by: Dialogue.cochairAZ)
        try dialogue.post("traitor", by: Dialogue.memberAZ)
        try dialogue.run(.closeSession, by: Dialogue.facilitator)
        return dialogue.journal.map { event in
            guard case .sessionCreated(var created) = event.body else { return event }
            created.session = id
            return Event(seq: event.seq, at: event.at, body: .sessionCreated(created))
        }
    }

    @Test("writes are durable: WAL with synchronous = FULL on the writer")
    func durability() throws {
        let journal = try SQLiteJournal(path: path)
        #expect(try journal.synchronousMode() == 2)
    }

    @Test("append, reopen, read back identical")
    func roundTrip() async throws {
        let events = try Self.sampleJournal()
        do {
            let journal = try SQLiteJournal(path: path)
            try await journal.append(Array(events.prefix(3)), to: "s1")
            try await journal.append(Array(events.dropFirst(3)), to: "s1")
        }
        let reopened = try SQLiteJournal(path: path)
        #expect(try await reopened.events(of: "s1") == events)
        #expect(try await reopened.events(of: "unknown") == [])
        let summary = try #require(try await reopened.sessions().first)
        #expect(summary.id == "s1")
        #expect(summary.title == "Thematic Group on Peace and Security")
        #expect(summary.head == events.last!.seq)
        #expect(summary.closedAt == events.last!.at)
    }

    @Test("an append that would leave a gap or repeat a seq is refused and writes nothing")
    func orderIsEnforced() async throws {
        let events = try Self.sampleJournal()
        let journal = try SQLiteJournal(path: path)
        await #expect(throws: JournalOrderError.self) { try await journal.append([events[1]], to: "s1") }
        try await journal.append(Array(events.prefix(2)), to: "s1")
        await #expect(throws: JournalOrderError.self) { try await journal.append([events[3]], to: "s1") }
        await #expect(throws: JournalOrderError.self) { try await journal.append([events[1]], to: "s1") }
        #expect(try await journal.events(of: "s1") == Array(events.prefix(2)))
        try await journal.append([events[2]], to: "s1")
        #expect(try await journal.events(of: "s1") == Array(events.prefix(3)))
    }

    @Test("concurrent appends to many sessions keep each session's order")
    func concurrentSessions() async throws {
        let journal = try SQLiteJournal(path: path, maxBatch: 16)
        let sessions = (0..<24).map { SessionID(rawValue: "s\($0)") }
        let journals = try sessions.map { try Self.sampleJournal($0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (id, events) in zip(sessions, journals) {
                group.addTask {
                    for event in events { try await journal.append([event], to: id) }
                }
            }
            try await group.waitForAll()
        }
        for (id, events) in zip(sessions, journals) {
            #expect(try await journal.events(of: id) == events)
        }
        #expect(try await journal.sessions().count == sessions.count)
    }

    @Test("a bad append fails alone, even in a commit shared with good ones")
    func badAppendFailsAlone() async throws {
        let good = try Self.sampleJournal("good")
        let journal = try SQLiteJournal(path: path)
        try await journal.append([good[0]], to: "good")
        let other = try Self.sampleJournal("other")[0]
        let bad = Task { try await journal.append([good[5]], to: "good") }
        let fine = Task { try await journal.append([other], to: "other") }
        await #expect(throws: JournalOrderError.self) { try await bad.value }
        try await fine.value
        #expect(try await journal.events(of: "other").count == 1)
        #expect(try await journal.events(of: "good") == [good[0]])
    }

    @Test("the engine on SQLite: a restarted registry folds the same session")
    func engineRestart() async throws {
        let sessionState: SessionState
        let id: SessionID
        do {
            let registry = SessionRegistry(journal: try SQLiteJournal(path: path), clock: ManualClock())
            let session = try await registry.create(Fixtures.spec())
            id = session.id
            for person in Fixtures.cast { _ = try await session.submit(.addParticipant(person), by: .admin).get() }
            _ = try await session.submit(
                .post(Post(item: "obstacles", kind: .position, text: "Հայաստան")), by: Dialogue.memberAM
            ).get()
            sessionState = await session.state
        }
        let registry = SessionRegistry(journal: try SQLiteJournal(path: path), clock: ManualClock())
        let reloaded = try #require(try await registry.session(id))
        #expect(await reloaded.state == sessionState)
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
