import ArgumentParser
import Foundation
import Logging
import ParleyCore
import ParleyEngine
import ParleyStorePostgres
import ParleyStoreSQLite

/// `parley-bench journal`: durable appends per second on a real SQLite file and, with
/// `--store`, on PostgreSQL, each workload on both stores side by side in one run.
///
/// Measures: one event per commit awaited in turn (the latency floor of a lone speaker),
/// one hundred events per commit, many sessions appending at once (group commit across
/// sessions), and the whole engine path (decide, commit, ack) with concurrent speakers in
/// one session.
struct JournalBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal", abstract: "Durable appends per second, single and batched.")

    @Option(help: "Events appended one per commit.")
    var single = 2000

    @Option(help: "Events appended in commits of 100.")
    var batched = 100_000

    @Option(help: "Sessions appending concurrently, one event per append.")
    var sessions = 64

    @Option(help: "Events per concurrent session.")
    var perSession = 200

    @Option(help: "Concurrent speakers posting through the engine.")
    var speakers = 32

    @Option(help: "Posts per speaker through the engine.")
    var posts = 100

    @Option(help: "Directory for the benchmark databases (a temporary one by default).")
    var directory: String?

    @Option(help: "Also measure PostgreSQL: postgres://USER@HOST:PORT/DB (password in PGPASSWORD).")
    var store: String?

    func run() async throws {
        let base = directory ?? NSTemporaryDirectory() + "parley-bench-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: base) } }
        var quiet = Logger(label: "parley.bench")
        quiet.logLevel = .error
        var postgres: PostgresJournal?
        if let store {
            postgres = try await PostgresJournal.open(
                try PostgresStoreURL(store, environment: ProcessInfo.processInfo.environment), logger: quiet)
        }
        defer { postgres?.close() }
        print(
            "journal benchmark in \(base) (SQLite: synchronous=FULL, WAL)\(store.map { "; PostgreSQL: \($0)" } ?? "")")
        print("workload                                  store     events     seconds     events/s")
        // Each workload on each store in turn, so that both see the machine in the same state.
        var stores: [(String, (String) throws -> any EventJournal)] = [
            ("sqlite", { try SQLiteJournal(path: "\(base)/\($0).sqlite") })
        ]
        if let postgres { stores.append(("postgres", { _ in postgres })) }
        for (name, open) in stores {
            report("single: 1 event per commit", name, single, try await singleAppends(try open("single")))
        }
        for (name, open) in stores {
            report("batched: 100 events per commit", name, batched, try await batchedAppends(try open("batched")))
        }
        for (name, open) in stores {
            report(
                "group: \(sessions) sessions at once, 1 per append", name, sessions * perSession,
                try await concurrentAppends(try open("group")))
        }
        for (name, open) in stores {
            report(
                "engine: \(speakers) speakers, post → ack", name, speakers * posts,
                try await enginePosts(try open("engine")))
        }
    }

    private func report(_ name: String, _ store: String, _ count: Int, _ seconds: Double) {
        let padded = name.padding(toLength: 40, withPad: " ", startingAt: 0)
        let label = store.padding(toLength: 8, withPad: " ", startingAt: 0)
        print("\(padded)  \(label)\(String(format: "%8d  %10.3f  %11.0f", count, seconds, Double(count) / seconds))")
    }

    /// A session id of this run: a PostgreSQL database keeps the sessions of earlier runs.
    private func runID(_ name: String) -> SessionID {
        SessionID(rawValue: "\(name)-\(UUID().uuidString.prefix(8).lowercased())")
    }

    private func singleAppends(_ journal: any EventJournal) async throws -> Double {
        let id = runID("single")
        let events = try sampleJournal(id, posts: single)
        try await journal.append(Array(events.prefix(2)), to: id)
        return try await timed {
            for event in events.dropFirst(2) {
                try await journal.append([event], to: id)
            }
        }
    }

    private func batchedAppends(_ journal: any EventJournal) async throws -> Double {
        let id = runID("batched")
        let events = try sampleJournal(id, posts: batched)
        try await journal.append(Array(events.prefix(2)), to: id)
        return try await timed {
            for start in stride(from: 2, to: events.count, by: 100) {
                try await journal.append(Array(events[start..<min(start + 100, events.count)]), to: id)
            }
        }
    }

    private func concurrentAppends(_ journal: any EventJournal) async throws -> Double {
        var journals: [(SessionID, [Event])] = []
        for index in 0..<sessions {
            let id = runID("s\(index)")
            let events = try sampleJournal(id, posts: perSession)
            try await journal.append(Array(events.prefix(2)), to: id)
            journals.append((id, Array(events.dropFirst(2))))
        }
        return try await timed {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (id, events) in journals {
                    group.addTask {
                        for event in events {
                            try await journal.append([event], to: id)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    private func enginePosts(_ journal: any EventJournal) async throws -> Double {
        var logger = Logger(label: "parley.bench")
        logger.logLevel = .warning
        let registry = SessionRegistry(journal: journal, logger: logger)
        let session = try await registry.create(benchmarkSpec)
        var speakerIDs: [Principal] = []
        for index in 0..<speakers {
            let added = await session.submit(
                .addParticipant(
                    NewParticipant(
                        name: "Speaker \(index)", role: .member, side: index % 2 == 0 ? "a" : "b", credential: "x")),
                by: .admin)
            guard case .success(let events) = added, case .participantAdded(let person) = events[0].body else {
                throw ValidationError("could not add a speaker")
            }
            speakerIDs.append(.participant(person.participant.id))
        }
        let posts = posts
        return try await timed {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for speaker in speakerIDs {
                    group.addTask {
                        for index in 0..<posts {
                            let post = Post(item: "item", kind: .position, text: sampleText(index))
                            _ = try await session.submit(.post(post), by: speaker).get()
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    private func timed(_ work: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await work()
        let elapsed = (ContinuousClock.now - start).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
    }

    /// A session's genesis, one speaker, and `posts` positions, decided by the real machine.
    private func sampleJournal(_ id: SessionID, posts: Int) throws -> [Event] {
        let at = Instant(millisecondsSinceEpoch: 1_800_000_000_000)
        let genesis = try SessionState.genesis(benchmarkSpec, id: id, at: at)
        var state = try SessionState.fold([genesis])
        var events = [genesis]
        func run(_ command: Command, by principal: Principal) throws {
            events += try state.execute(command, by: principal, at: at)
        }
        try run(.addParticipant(NewParticipant(name: "Speaker", role: .member, side: "a", credential: "x")), by: .admin)
        for index in 0..<posts {
            try run(.post(Post(item: "item", kind: .position, text: sampleText(index))), by: .participant("p1"))
        }
        return events
    }
}

private let benchmarkSpec = SessionSpec(
    title: "Benchmark",
    sides: [SideSpec(id: "a", name: "A", adjective: "A"), SideSpec(id: "b", name: "B", adjective: "B")],
    agenda: [AgendaItemSpec(id: "item", title: "Item")])

private func sampleText(_ index: Int) -> String {
    "Position \(index): both sides should open the existing communications to foster regional and "
        + "interregional connectivity while TRIPP is implemented. Հայաստան · Azərbaycan."
}
