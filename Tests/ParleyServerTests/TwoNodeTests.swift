import Foundation
import ParleyCore
import ParleyStorePostgres
import ParleyTestKit
import Synchronization
import Testing

/// The PostgreSQL that `Scripts/test` starts (`Scripts/postgres`): its URL, with the
/// password in `PGPASSWORD`. Without it these suites do not run, unless
/// `PARLEY_REQUIRE_POSTGRES=1` (`Scripts/test` sets both), when they fail.
enum PostgresTestStore {
    static let environment = ProcessInfo.processInfo.environment
    static var enabled: Bool {
        environment["PARLEY_TEST_POSTGRES"] != nil || environment["PARLEY_REQUIRE_POSTGRES"] == "1"
    }

    static func url() throws -> String {
        guard let url = environment["PARLEY_TEST_POSTGRES"] else {
            throw TestFailure("PARLEY_REQUIRE_POSTGRES is set but PARLEY_TEST_POSTGRES is not")
        }
        return url
    }
}

/// Two `parley serve` processes on one PostgreSQL database, as two nodes behind a proxy.
@Suite(
    "Two nodes on one PostgreSQL", .serialized, .timeLimit(.minutes(3)),
    .enabled(if: PostgresTestStore.enabled, "PARLEY_TEST_POSTGRES is not set (Scripts/test sets it)"))
struct TwoNodeTests {
    /// A node: `parley serve` on a free port with its own data directory, on the test store.
    struct Node {
        let name: String
        let data: String
        let process: ServerProcess
        let base: String

        static func start(_ name: String) async throws -> Node {
            let data = try ServerOperationsTests.temporaryDirectory()
            let process = try ServerProcess([
                "serve", "--port", "0", "--data", data, "--store", try PostgresTestStore.url(), "--node-name", name,
            ])
            guard let base = try await process.listeningURL() else {
                throw TestFailure("node \(name) did not start: \(process.standardError)")
            }
            return Node(name: name, data: data, process: process, base: base)
        }

        func live(_ session: String, token: String, since: Int) async throws -> LiveTestClient {
            try await LiveTestClient.connect(
                url: base.replacingOccurrences(of: "http", with: "ws") + "/api/sessions/\(session)/live?since=\(since)",
                headers: ["Authorization": "Bearer \(token)"])
        }

        func stop() async throws {
            process.signal(SIGTERM)
            _ = try await process.exitStatus()
        }
    }

    /// Creates the fixture session on `first` and adds the cast alternately through both
    /// nodes: each token works on the other node at once. Returns the id and tokens by pid.
    static func session(on first: Node, and second: Node) async throws -> (String, [String: String]) {
        let spec = String(decoding: try JSONEncoder().encode(Fixtures.spec()), as: UTF8.self)
        let created = try await HTTP.request(
            "POST", first.base + "/api/sessions", token: TestServer.adminToken, body: spec)
        let id = try #require(created.json?["id"] as? String, "\(created.status) \(created.body)")
        var tokens: [String: String] = [:]
        for (index, person) in Fixtures.cast.enumerated() {
            var fields: [String: Any] = ["name": person.name, "role": person.role.rawValue]
            if let side = person.side { fields["side"] = side.rawValue }
            let node = index.isMultiple(of: 2) ? first : second
            let added = try await HTTP.request(
                "POST", node.base + "/api/sessions/\(id)/participants", token: TestServer.adminToken,
                body: String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self))
            let pid = try #require(added.json?["id"] as? String, "\(added.status) \(added.body)")
            tokens[pid] = try #require(added.json?["token"] as? String)
        }
        // Read on the node that did not add them: the last participant is there.
        let shown = try await HTTP.request("GET", first.base + "/api/sessions/\(id)", token: tokens["p7"])
        #expect(shown.status == 200, "\(shown.body)")
        return (id, tokens)
    }

    static func post(_ text: String) -> [String: Any] {
        ["type": "post", "item": "obstacles", "kind": "position", "text": text]
    }

    /// `(seq, text)` of every `contributed` event among `frames`.
    static func posts(_ frames: [[String: Any]]) -> [(Int, String)] {
        frames.compactMap { frame in
            guard let seq = frame["seq"] as? Int, let event = frame["event"] as? [String: Any],
                event["kind"] as? String == "contributed", let text = event["text"] as? String
            else { return nil }
            return (seq, text)
        }
    }

    @Test(
        "participants on different nodes see each other's posts in one order with the same seqs; no seq twice or missing"
    )
    func oneOrderAcrossNodes() async throws {
        let a = try await Node.start("node-a")
        let b = try await Node.start("node-b")
        let (session, tokens) = try await Self.session(on: a, and: b)
        let head = TestServer.dialogueHead
        let watcherA = try await a.live(session, token: tokens["p2"]!, since: head)
        let watcherB = try await b.live(session, token: tokens["p3"]!, since: head)
        let armenian = try await a.live(session, token: tokens["p4"]!, since: head)
        let azerbaijani = try await b.live(session, token: tokens["p5"]!, since: head)
        let perNode = 30
        async let fromA = Self.postAll(armenian, "Armenian view", count: perNode)
        async let fromB = Self.postAll(azerbaijani, "Azerbaijani view", count: perNode)
        let acked = try await fromA + fromB
        #expect(acked.count == 2 * perNode)
        #expect(Set(acked).count == acked.count, "an ack's seq is given once")
        let seenA = Self.posts(try await watcherA.events(2 * perNode))
        let seenB = Self.posts(try await watcherB.events(2 * perNode))
        #expect(seenA.map(\.0) == Array((head + 1)...(head + 2 * perNode)), "no gap, no repeat")
        #expect(seenA.map(\.0) == seenB.map(\.0))
        #expect(seenA.map(\.1) == seenB.map(\.1), "the same order on both nodes")
        #expect(Set(seenA.map(\.1)).count == 2 * perNode)
        #expect(Set(acked) == Set(seenA.map(\.0)))
        try await a.stop()
        try await b.stop()
    }

    /// Posts `count` positions one after another; returns the acks' seqs.
    static func postAll(_ client: LiveTestClient, _ prefix: String, count: Int) async throws -> [Int] {
        var seqs: [Int] = []
        for index in 0..<count {
            let reply = try await client.command(post("\(prefix) \(index)"))
            let seq = try #require(reply["seq"] as? Int, "\(reply)")
            seqs.append(seq)
        }
        return seqs
    }

    @Test("a node killed with SIGKILL mid-load: its clients resume on the other node and nothing acked is lost")
    func failover() async throws {
        let a = try await Node.start("node-a")
        let b = try await Node.start("node-b")
        let (session, tokens) = try await Self.session(on: a, and: b)
        let head = TestServer.dialogueHead
        let member = try await a.live(session, token: tokens["p4"]!, since: head)
        let acked = Mutex<[String]>([])
        // Posts until the node dies under it: each ack is recorded as it arrives.
        let load = Task {
            var index = 0
            while true {
                let text = "before the crash \(index)"
                guard let reply = try? await member.command(Self.post(text)), reply["type"] as? String == "ack" else {
                    return
                }
                acked.withLock { $0.append(text) }
                index += 1
            }
        }
        while acked.withLock({ $0.count }) < 20 { try await Task.sleep(for: .milliseconds(10)) }
        a.process.signal(SIGKILL)
        _ = try await a.process.exitStatus()
        await load.value
        let before = acked.withLock { $0 }
        // The client reconnects to the other node from the last seq it saw.
        let resumed = try await b.live(session, token: tokens["p4"]!, since: head)
        let replayed = Self.posts(try await resumed.events(before.count))
        for index in 0..<10 {
            let reply = try await resumed.command(Self.post("after the crash \(index)"))
            #expect(reply["type"] as? String == "ack", "\(reply)")
        }
        let export = try await HTTP.request(
            "GET", b.base + "/api/sessions/\(session)/export?view=transcript&format=json", token: TestServer.adminToken)
        let texts = try Self.exportedTexts(export.body)
        for text in before { #expect(texts.filter { $0 == text }.count == 1, "\(text) is there once") }
        #expect(texts.filter { $0.hasPrefix("after the crash") }.count == 10)
        #expect(Array(replayed.map(\.1).prefix(before.count)) == before)
        try await b.stop()
    }

    /// The text of every contribution in a JSON transcript.
    static func exportedTexts(_ body: String) throws -> [String] {
        let document = try JSONSerialization.jsonObject(with: Data(body.utf8))
        let events = document as? [[String: Any]] ?? (document as? [String: Any])?["events"] as? [[String: Any]] ?? []
        #expect(!events.isEmpty, "\(body.prefix(200))")
        return events.compactMap { frame in
            let event = frame["event"] as? [String: Any] ?? frame
            return event["kind"] as? String == "contributed" ? event["text"] as? String : nil
        }
    }

    @Test("a session closed on one node is archived once, by one node")
    func archivedOnce() async throws {
        let a = try await Node.start("node-a")
        let b = try await Node.start("node-b")
        let (session, tokens) = try await Self.session(on: a, and: b)
        // Both nodes hold the session live, so both see the close.
        let watcherB = try await b.live(session, token: tokens["p3"]!, since: TestServer.dialogueHead)
        let facilitator = try await a.live(session, token: tokens["p1"]!, since: TestServer.dialogueHead)
        let reply = try await facilitator.command(["type": "closeSession"])
        #expect(reply["type"] as? String == "ack", "\(reply)")
        _ = try await watcherB.next("event")
        let folders = [a, b].map { $0.data + "/transcripts/" + session + "/report.md" }
        try await within(30) {
            while !folders.contains(where: { FileManager.default.fileExists(atPath: $0) }) {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        // Either node may win the claim; the other must not write.
        try await Task.sleep(for: .seconds(1))
        #expect(folders.filter { FileManager.default.fileExists(atPath: $0) }.count == 1)
        let store = try PostgresStoreURL(try PostgresTestStore.url(), environment: ProcessInfo.processInfo.environment)
        let journal = try await PostgresJournal.open(store)
        defer { journal.close() }
        let archivist = try await journal.archivedBy(SessionID(rawValue: session))
        let writer = FileManager.default.fileExists(atPath: folders[0]) ? a.name : b.name
        #expect(archivist == writer)
        #expect(try await !journal.unarchivedSessions().contains(SessionID(rawValue: session)))
        try await a.stop()
        try await b.stop()
    }
}
