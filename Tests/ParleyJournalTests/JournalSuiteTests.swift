import Foundation
import ParleyCore
import ParleyEngine
import ParleyTestKit
import Testing

/// What every journal promises (`EventJournal`), run against each store.
@Suite("Journal, on every store", .timeLimit(.minutes(2)))
struct JournalSuiteTests {
    @Test("append, reopen, read back identical", arguments: JournalStore.available)
    func roundTrip(_ store: JournalStore) async throws {
        let place = try store.place()
        let id = uniqueSession("round")
        let events = try sampleJournal(id)
        do {
            let journal = try await place.open()
            try await journal.append(Array(events.prefix(3)), to: id)
            try await journal.append(Array(events.dropFirst(3)), to: id)
        }
        let reopened = try await place.open()
        #expect(try await reopened.events(of: id) == events)
        #expect(try await reopened.events(of: id, after: 3) == Array(events.dropFirst(3)))
        #expect(try await reopened.events(of: uniqueSession("unknown")) == [])
        let summary = try #require(try await reopened.sessions().first { $0.id == id })
        #expect(summary.title == "Thematic Group on Peace and Security")
        #expect(summary.head == events.last!.seq)
        #expect(summary.closedAt == events.last!.at)
    }

    @Test(
        "an append that would leave a gap or repeat a seq is a conflict naming the head, and writes nothing",
        arguments: JournalStore.available)
    func orderIsEnforced(_ store: JournalStore) async throws {
        let id = uniqueSession("order")
        let events = try sampleJournal(id)
        let journal = try await store.place().open()
        await #expect(throws: JournalConflict(session: id, head: 0, found: 2)) {
            try await journal.append([events[1]], to: id)
        }
        try await journal.append(Array(events.prefix(2)), to: id)
        await #expect(throws: JournalConflict(session: id, head: 2, found: 4)) {
            try await journal.append([events[3]], to: id)
        }
        await #expect(throws: JournalConflict(session: id, head: 2, found: 2)) {
            try await journal.append([events[1]], to: id)
        }
        await #expect(throws: JournalConflict.self) { try await journal.append([events[2], events[4]], to: id) }
        #expect(try await journal.events(of: id) == Array(events.prefix(2)))
        try await journal.append([events[2]], to: id)
        #expect(try await journal.events(of: id) == Array(events.prefix(3)))
    }

    @Test("concurrent appends to many sessions keep each session's order", arguments: JournalStore.available)
    func concurrentSessions(_ store: JournalStore) async throws {
        let journal = try await store.place().open()
        let sessions = (0..<24).map { uniqueSession("many\($0)") }
        let journals = try sessions.map { try sampleJournal($0) }
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
        let listed = Set(try await journal.sessions().map(\.id))
        #expect(Set(sessions).isSubset(of: listed))
    }

    @Test(
        "two writers racing for one session: each seq is written once, by one of them",
        arguments: JournalStore.available)
    func racingWriters(_ store: JournalStore) async throws {
        let place = try store.place()
        let id = uniqueSession("race")
        let events = try sampleJournal(id)
        let first = try await place.open()
        let second = try await place.open()
        try await first.append([events[0]], to: id)
        // Both try to write every later seq; exactly one of each pair succeeds.
        var wins = 0
        for event in events.dropFirst() {
            async let a: Bool = (try? await first.append([event], to: id)) != nil
            async let b: Bool = (try? await second.append([event], to: id)) != nil
            let (wonA, wonB) = await (a, b)
            #expect(wonA != wonB, "seq \(event.seq): exactly one writer wins")
            wins += wonA ? 1 : 0
        }
        #expect(try await first.events(of: id) == events)
        #expect(try await second.events(of: id) == events)
    }

    @Test("the engine on the store: a restarted registry folds the same session", arguments: JournalStore.available)
    func engineRestart(_ store: JournalStore) async throws {
        let place = try store.place()
        let sessionState: SessionState
        let id: SessionID
        do {
            let registry = SessionRegistry(journal: try await place.open(), clock: ManualClock())
            let session = try await registry.create(Fixtures.spec())
            id = session.id
            for person in Fixtures.cast { _ = try await session.submit(.addParticipant(person), by: .admin).get() }
            _ = try await session.submit(
                .post(Post(item: "obstacles", kind: .position, text: "Հայաստան")), by: Dialogue.memberAM
            ).get()
            sessionState = await session.state
        }
        let registry = SessionRegistry(journal: try await place.open(), clock: ManualClock())
        let reloaded = try #require(try await registry.session(id))
        #expect(await reloaded.state == sessionState)
    }
}
