import ParleyCore
import ParleyEngine
import ParleyTestKit
import Testing

/// Two registries (two nodes) on one shared journal: every command of either node is
/// committed once, in one order, and every viewer on either node sees that order.
@Suite("Two nodes on one journal", .timeLimit(.minutes(2)))
struct TwoNodeEngineTests {
    /// Node A creates the session with the cast; node B loads it from the journal.
    static func twoNodes(_ journal: InMemoryJournal) async throws -> (LiveSession, LiveSession, [Task<Void, Never>]) {
        let nodeA = SessionRegistry(journal: journal.shared, clock: ManualClock())
        let nodeB = SessionRegistry(journal: journal.shared, clock: ManualClock())
        let followers = [nodeA, nodeB].map { node in Task { await node.followJournal() } }
        let a = try await nodeA.create(Fixtures.spec())
        for person in Fixtures.cast {
            _ = try await a.submit(.addParticipant(person), by: .admin).get()
        }
        let b = try #require(try await nodeB.session(a.id))
        return (a, b, followers)
    }

    static func post(_ text: String) -> Command { .post(Post(item: "obstacles", kind: .position, text: text)) }

    /// The seqs and texts a subscription receives until `head`.
    static func received(_ subscription: Subscription, until head: Seq) async throws -> [Event] {
        var events: [Event] = []
        for try await update in subscription.live {
            guard case .event(let event) = update else { continue }
            events.append(event)
            if event.seq >= head { break }
        }
        return events
    }

    @Test("commands from both nodes at once interleave with no gap and no repeat; both nodes' viewers see one order")
    func interleaved() async throws {
        let journal = InMemoryJournal()
        let (a, b, followers) = try await Self.twoNodes(journal)
        defer { followers.forEach { $0.cancel() } }
        let start = await a.state.head
        let onA = await a.subscribe(as: .admin, since: start)
        let onB = await b.subscribe(as: .admin, since: start)
        let perNode = 40
        let results = await withTaskGroup(of: Result<[Event], CommandFailure>.self) { group in
            for index in 0..<perNode {
                group.addTask { await a.submit(Self.post("A \(index)"), by: Dialogue.memberAM) }
                group.addTask { await b.submit(Self.post("B \(index)"), by: Dialogue.memberAZ) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let acked = try results.map { try $0.get() }.flatMap { $0 }
        let head = start + Seq(2 * perNode)
        #expect(acked.map(\.seq).sorted() == Array((start + 1)...head))
        let stored = try await journal.events(of: a.id, after: start)
        #expect(stored.map(\.seq) == Array((start + 1)...head))
        let texts = stored.compactMap { event -> String? in
            if case .contributed(let posted) = event.body { posted.text } else { nil }
        }
        #expect(Set(texts).count == 2 * perNode, "each command is committed once")
        let seenOnA = try await Self.received(onA, until: head)
        let seenOnB = try await Self.received(onB, until: head)
        #expect(seenOnA == stored)
        #expect(seenOnB == stored)
        #expect(await a.state.head == head)
        #expect(await b.state.head == head)
    }

    @Test("a missed notice loses nothing: the resync after reconnecting reads what was committed")
    func missedNotice() async throws {
        let journal = InMemoryJournal()
        let (a, b, followers) = try await Self.twoNodes(journal)
        defer { followers.forEach { $0.cancel() } }
        let start = await a.state.head
        let onB = await b.subscribe(as: .admin, since: start)
        journal.announce(false)
        _ = try await a.submit(Self.post("while B was deaf"), by: Dialogue.memberAM).get()
        journal.announce(true)
        let seen = try await Self.received(onB, until: start + 1)
        #expect(seen.map(\.seq) == [start + 1])
    }

    @Test("a request answered on one node sees what the other acknowledged before it")
    func readYourWrites() async throws {
        let journal = InMemoryJournal()
        let (a, b, followers) = try await Self.twoNodes(journal)
        defer { followers.forEach { $0.cancel() } }
        journal.announce(false)
        let added = try await a.submit(
            .addParticipant(NewParticipant(name: "Late Member", role: .member, side: "am", credential: "h9")),
            by: .admin
        ).get()
        #expect(await b.state.head < added[0].seq, "no notice reached B")
        #expect(try await b.current().participants.contains { $0.name == "Late Member" })
    }
}
