import Dispatch
import ParleyCore
import ParleyEngine
import ParleyTestKit
import Synchronization
import Testing

@Suite("Live sessions", .timeLimit(.minutes(2)))
struct LiveSessionTests {
    /// A registry with a session whose cast is `Fixtures.cast`.
    static func makeSession(
        journal: any EventJournal = InMemoryJournal(), rules: Rules = Rules()
    ) async throws -> (SessionRegistry, LiveSession) {
        let registry = SessionRegistry(journal: journal, clock: ManualClock())
        let session = try await registry.create(Fixtures.spec(rules: rules))
        for person in Fixtures.cast {
            _ = try await session.submit(.addParticipant(person), by: .admin).get()
        }
        return (registry, session)
    }

    static func post(_ text: String, kind: ContributionKind = .position) -> Command {
        .post(Post(item: "obstacles", kind: kind, text: text))
    }

    static func failure(_ result: Result<[Event], CommandFailure>) -> CommandFailure? {
        if case .failure(let failure) = result { failure } else { nil }
    }

    static func viewer(_ session: LiveSession, _ id: ParticipantID) async -> Viewer {
        .participant(await session.state.participant(id)!)
    }

    @Test("an ack comes only after the journal committed the event")
    func ackAfterCommit() async throws {
        let journal = GatedJournal()
        let (_, session) = try await Self.makeSession(journal: journal)
        let head = await session.state.head
        let subscription = await session.subscribe(as: .admin, since: head)
        journal.close()
        let started = journal.startedAppends
        let acked = Mutex(false)
        let submission = Task {
            let result = await session.submit(Self.post("Words"), by: Dialogue.memberAM)
            acked.withLock { $0 = true }
            return result
        }
        await journal.started(started + 1)
        #expect(!acked.withLock { $0 })
        #expect(try await journal.events(of: session.id).count == Int(head))
        #expect(await session.state.head == head, "uncommitted events are not shown")
        journal.open()
        let events = try await submission.value.get()
        #expect(acked.withLock { $0 })
        #expect(try await journal.events(of: session.id).last == events.last)
        var iterator = subscription.live.makeAsyncIterator()
        #expect(try await iterator.nextEvent() == events[0])
    }

    @Test("a subscriber gets the missed events, then live ones, with no gap and no repeat")
    func replayThenLive() async throws {
        let (_, session) = try await Self.makeSession()
        for index in 0..<5 { _ = try await session.submit(Self.post("Before \(index)"), by: Dialogue.memberAM).get() }
        let head = await session.state.head
        let subscription = await session.subscribe(as: await Self.viewer(session, "p5"), since: head - 3)
        #expect(subscription.replay.map(\.seq) == [head - 2, head - 1, head])
        #expect(subscription.head == head)
        var live: [Seq] = []
        for index in 0..<3 {
            let events = try await session.submit(Self.post("After \(index)"), by: Dialogue.memberAZ).get()
            live += events.map(\.seq)
        }
        var received: [Seq] = []
        var iterator = subscription.live.makeAsyncIterator()
        while received.count < 3, let event = try await iterator.nextEvent() { received.append(event.seq) }
        #expect(received == live)
        #expect(received == [head + 1, head + 2, head + 3])
    }

    @Test("viewers see only what they may: held text reaches moderators, not observers")
    func visibilityInBroadcast() async throws {
        let (_, session) = try await Self.makeSession(rules: .with { $0.heldTerms = ["traitor"] })
        let observer = await session.subscribe(as: await Self.viewer(session, "p7"), since: await session.state.head)
        let cochair = await session.subscribe(as: await Self.viewer(session, "p3"), since: await session.state.head)
        let held = try await session.submit(Self.post("traitor"), by: Dialogue.memberAM).get()
        let clean = try await session.submit(Self.post("clean", kind: .chat), by: Dialogue.memberAM).get()
        var observed = observer.live.makeAsyncIterator()
        #expect(try await observed.nextEvent() == clean[0], "the held post and its hold are skipped")
        var chaired = cochair.live.makeAsyncIterator()
        #expect(try await chaired.nextEvent() == held[0])
        #expect(try await chaired.nextEvent() == held[1])
    }

    @Test("a subscriber that cannot keep up is dropped and the session goes on")
    func slowSubscriber() async throws {
        let (_, session) = try await Self.makeSession()
        let subscription = await session.subscribe(as: .admin, since: await session.state.head, buffer: 2)
        for index in 0..<5 { _ = try await session.submit(Self.post("Post \(index)"), by: Dialogue.memberAM).get() }
        var received = 0
        await #expect(throws: SubscriptionEnd.tooSlow) {
            for try await _ in subscription.live { received += 1 }
        }
        #expect(received == 2)
        #expect(await session.subscriberCount == 0)
        #expect((try? await session.submit(Self.post("Still going"), by: Dialogue.memberAM).get()) != nil)
    }

    @Test("a replay after a redaction carries the tombstone, never the words")
    func replayAfterRedaction() async throws {
        let (_, session) = try await Self.makeSession()
        let head = await session.state.head
        let posted = try await session.submit(Self.post("Personal data here"), by: Dialogue.memberAM).get()
        _ = try await session.submit(
            .redact(contribution: posted[0].seq, reason: "personal data"), by: Dialogue.cochairAM
        ).get()
        let late = await session.subscribe(as: await Self.viewer(session, "p7"), since: head)
        guard case .contributed(let replayed) = late.replay.first?.body else {
            Issue.record("the replay starts with the contribution")
            return
        }
        #expect(replayed.text == "[redacted: personal data]")
        #expect(late.replay.map(\.body.kind) == [.contributed, .redacted])
    }

    @Test("a participant removed before subscribing gets no stream")
    func removedBeforeSubscribing() async throws {
        let (_, session) = try await Self.makeSession()
        let viewer = await Self.viewer(session, "p5")
        _ = try await session.submit(.removeParticipant("p5", reason: nil), by: .admin).get()
        let subscription = await session.subscribe(as: viewer, since: 0)
        await #expect(throws: SubscriptionEnd.revoked) {
            for try await _ in subscription.live {}
        }
        #expect(await session.subscriberCount == 0)
    }

    @Test("presence: who is connected, announced when it changes")
    func presence() async throws {
        let (_, session) = try await Self.makeSession()
        let watcher = await session.subscribe(as: await Self.viewer(session, "p1"), since: await session.state.head)
        var updates = watcher.live.makeAsyncIterator()
        #expect(try await updates.next() == .presence(Presence(online: ["p1"], observers: 0)))
        let member = await session.subscribe(as: await Self.viewer(session, "p5"), since: await session.state.head)
        let observer = await session.subscribe(as: await Self.viewer(session, "p7"), since: await session.state.head)
        #expect(try await updates.next() == .presence(Presence(online: ["p1", "p5"], observers: 1)))
        await session.unsubscribe(member.id)
        await session.unsubscribe(observer.id)
        #expect(try await updates.next() == .presence(Presence(online: ["p1"], observers: 0)))
        #expect(await session.presence == Presence(online: ["p1"], observers: 0))
    }

    @Test("removing a participant ends their live stream after the removal")
    func revocation() async throws {
        let (_, session) = try await Self.makeSession()
        let subscription = await session.subscribe(
            as: await Self.viewer(session, "p4"), since: await session.state.head)
        _ = try await session.submit(.removeParticipant("p4", reason: "left"), by: .admin).get()
        var kinds: [EventKind] = []
        await #expect(throws: SubscriptionEnd.revoked) {
            for try await update in subscription.live {
                if case .event(let event) = update { kinds.append(event.body.kind) }
            }
        }
        #expect(kinds == [.participantRemoved])
    }

    @Test("storage that refuses writes: commands are unavailable, viewers stay, and it recovers")
    func appendsRefused() async throws {
        let journal = InMemoryJournal()
        let (registry, session) = try await Self.makeSession(journal: journal)
        let subscription = await session.subscribe(as: .admin, since: await session.state.head)
        _ = try await session.submit(Self.post("Kept"), by: Dialogue.memberAM).get()
        let before = await session.state
        journal.inject(.appendsRefused)
        for text in ["Lost 1", "Lost 2"] {
            #expect(Self.failure(await session.submit(Self.post(text), by: Dialogue.memberAM)) == .failed(.notSaved))
        }
        // Reads go on: the state is what was committed, and a new viewer is welcomed.
        #expect(await session.state == before)
        let reader = await session.subscribe(as: .admin, since: 0)
        #expect(reader.head == before.head)
        journal.inject(.none)
        let after = try await session.submit(Self.post("After"), by: Dialogue.memberAM).get()
        #expect(after.map(\.seq) == [before.head + 1])
        var iterator = subscription.live.makeAsyncIterator()
        #expect(try await iterator.nextEvent()?.seq == before.head)
        #expect(try await iterator.nextEvent()?.seq == before.head + 1)
        #expect(try await registry.session(session.id) === session)
        let stored = try await journal.events(of: session.id)
        #expect(stored.map(\.seq) == Array(1...(before.head + 1)))
        #expect(try SessionState.fold(stored).contributions.values.map(\.text).sorted() == ["After", "Kept"])
    }

    @Test("an append that failed after writing: nothing is acknowledged; the reload holds it once")
    func writtenThenFailed() async throws {
        let journal = InMemoryJournal()
        let (registry, session) = try await Self.makeSession(journal: journal)
        journal.inject(.appendsWrittenThenFail)
        #expect(
            Self.failure(await session.submit(Self.post("Written"), by: Dialogue.memberAM)) == .failed(.unconfirmed))
        journal.inject(.none)
        let reloaded = try #require(try await registry.session(session.id))
        #expect(await reloaded.state.contributions.values.map(\.text) == ["Written"])
        let next = try await reloaded.submit(Self.post("Next"), by: Dialogue.memberAM).get()
        #expect(next.first?.seq == (await reloaded.state.head))
    }

    @Test("a journal that cannot be read either: nothing is acknowledged; the session reloads")
    func journalUnreachable() async throws {
        let journal = InMemoryJournal()
        let (registry, session) = try await Self.makeSession(journal: journal)
        let subscription = await session.subscribe(as: .admin, since: await session.state.head)
        _ = try await session.submit(Self.post("Kept"), by: Dialogue.memberAM).get()
        journal.inject(.unreachable)
        let failed = await session.submit(Self.post("Lost"), by: Dialogue.memberAM)
        #expect(Self.failure(failed) == .failed(.unconfirmed))
        var iterator = subscription.live.makeAsyncIterator()
        #expect(try await iterator.nextEvent()?.seq != nil)
        await #expect(throws: SubscriptionEnd.sessionStopped) { _ = try await iterator.nextEvent() }
        journal.inject(.none)
        #expect(
            Self.failure(await session.submit(Self.post("Again"), by: Dialogue.memberAM)) == .failed(.sessionUnloaded))
        let reloaded = try #require(try await registry.session(session.id))
        #expect(reloaded !== session)
        #expect(await reloaded.state == (try SessionState.fold(try await journal.events(of: session.id))))
        #expect(await reloaded.state.contributions.values.map(\.text) == ["Kept"])
        #expect(try await reloaded.submit(Self.post("After"), by: Dialogue.memberAM).get().count == 1)
    }

    @Test("the registry creates at most maxSessions, creations in flight included")
    func sessionLimit() async throws {
        let journal = GatedJournal(open: false)
        let registry = SessionRegistry(journal: journal, clock: ManualClock(), maxSessions: 2)
        let first = Task { try await registry.create(Fixtures.spec()) }
        let second = Task { try await registry.create(Fixtures.spec()) }
        await journal.started(2)
        await #expect(throws: Refusal.self) { _ = try await registry.create(Fixtures.spec()) }
        journal.open()
        _ = try await (first.value, second.value)
        do {
            _ = try await registry.create(Fixtures.spec())
            Issue.record("a third session was created")
        } catch let refusal as Refusal {
            #expect(refusal.code == .conflict)
        }
        // A failed creation gives its place back.
        let failing = InMemoryJournal()
        let small = SessionRegistry(journal: failing, clock: ManualClock(), maxSessions: 1)
        failing.inject(.appendsRefused)
        await #expect(throws: EngineFailure.notSaved) { _ = try await small.create(Fixtures.spec()) }
        failing.inject(.none)
        _ = try await small.create(Fixtures.spec())
        // A creation that may be on disk is not "nothing created": it keeps its place.
        let unsure = InMemoryJournal()
        let one = SessionRegistry(journal: unsure, clock: ManualClock(), maxSessions: 1)
        unsure.inject(.appendsWrittenThenFail)
        await #expect(throws: EngineFailure.unconfirmed) { _ = try await one.create(Fixtures.spec()) }
        unsure.inject(.none)
        #expect(try await unsure.sessions().count == 1, "it was written")
        await #expect(throws: Refusal.self) { _ = try await one.create(Fixtures.spec()) }
    }

    @Test("an idle session leaves memory and comes back from the journal; a watched one stays")
    func idleEviction() async throws {
        let journal = InMemoryJournal()
        let (registry, session) = try await Self.makeSession(journal: journal)
        _ = try await session.submit(Self.post("Kept"), by: Dialogue.memberAM).get()
        let watched = try await registry.create(Fixtures.spec())
        let subscription = await watched.subscribe(as: .admin, since: 0)
        #expect(await registry.evictIdle(quietFor: .seconds(3600)) == 0, "nothing has been quiet that long")
        #expect(await registry.evictIdle(quietFor: .zero) == 1, "the watched session stays")
        #expect(await registry.liveCount == 1)
        #expect(try await registry.session(watched.id) === watched)
        // Whoever still holds the retired session is told to retry; the retry loads it again.
        #expect(
            Self.failure(await session.submit(Self.post("Late"), by: Dialogue.memberAM)) == .failed(.sessionUnloaded))
        let reloaded = try #require(try await registry.session(session.id))
        #expect(reloaded !== session)
        #expect(await reloaded.state == (await session.state))
        #expect(try await reloaded.submit(Self.post("After"), by: Dialogue.memberAM).get().count == 1)
        _ = subscription
    }

    @Test("the registry loads a session lazily, once, from the journal")
    func lazyLoading() async throws {
        let journal = InMemoryJournal()
        let (_, session) = try await Self.makeSession(journal: journal)
        _ = try await session.submit(Self.post("Words"), by: Dialogue.memberAM).get()
        let registry = SessionRegistry(journal: journal, clock: ManualClock())
        async let first = registry.session(session.id)
        async let second = registry.session(session.id)
        let (a, b) = try await (first, second)
        #expect(a === b)
        #expect(await a?.state == (await session.state))
        #expect(try await registry.session("missing") == nil)
        #expect(try await registry.summaries().map(\.id) == [session.id])
    }
}

@Suite("Dispatch executor")
struct DispatchExecutorTests {
    actor Probe {
        nonisolated let executor: DispatchQueueExecutor
        nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
        static let key = DispatchSpecificKey<String>()

        init(label: String) {
            executor = DispatchQueueExecutor(label: label)
            executor.queue.setSpecific(key: Self.key, value: label)
        }

        func queueLabel() -> String? { DispatchQueue.getSpecific(key: Self.key) }
    }

    @Test("an actor on a DispatchQueueExecutor runs on its own queue")
    func runsOnQueue() async {
        let one = Probe(label: "one")
        let two = Probe(label: "two")
        #expect(await one.queueLabel() == "one")
        #expect(await two.queueLabel() == "two")
    }
}
