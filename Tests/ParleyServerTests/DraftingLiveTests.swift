import Foundation
import NIOCore
import ParleyCore
import ParleyServer
import ParleyTestKit
import Testing

/// Drafting the joint report over real sockets (contract §5).
@Suite("Drafting over the live protocol", .timeLimit(.minutes(3)))
struct DraftingLiveTests {
    static func edit(_ section: String, version: Int, _ text: String) -> [String: Any] {
        ["type": "editSection", "section": section, "version": version, "text": text]
    }

    @Test("two editors race on one version: one wins, the other gets conflict, nothing is lost")
    func race() async throws {
        try await TestServer.run { server in
            let (session, tokens) = try await server.createDialogue()
            let armenian = try await server.connect(session, token: tokens["p2"])
            let azerbaijani = try await server.connect(session, token: tokens["p3"])
            let member = try await server.connect(session, token: tokens["p5"])
            #expect(try await armenian.command(["type": "seedReport"])["type"] as? String == "ack")

            async let first = armenian.command(Self.edit("s1", version: 1, "Armenian words for the introduction."))
            async let second = azerbaijani.command(
                Self.edit("s1", version: 1, "Azerbaijani words for the introduction."))
            let replies = try await [first, second]
            let acks = replies.filter { $0["type"] as? String == "ack" }
            let refusals = replies.filter { $0["type"] as? String == "error" }
            #expect(acks.count == 1 && refusals.count == 1, "\(replies)")
            let refusal = try #require(refusals.first)
            #expect(refusal["code"] as? String == "conflict")
            #expect(refusal["message"] as? String == "section s1 is at version 2, not 1")

            // Everyone sees the winning edit, once, with the same seq.
            let winnerSeq = try #require(acks.first?["seq"] as? Int)
            let seen = try await member.events(2).last
            #expect(seen?["seq"] as? Int == winnerSeq)
            let edited = try #require(seen?["event"] as? [String: Any])
            #expect(edited["kind"] as? String == "sectionEdited" && edited["version"] as? Int == 2)
            let winnerText = try #require(edited["text"] as? String)

            // The loser merges both texts on the current version: both sets of words survive.
            let armenianLost = replies[0]["type"] as? String == "error"
            let loser = armenianLost ? armenian : azerbaijani
            let loserText =
                armenianLost ? "Armenian words for the introduction." : "Azerbaijani words for the introduction."
            #expect(winnerText != loserText)
            let merged = winnerText + "\n\n" + loserText
            let retry = try await loser.command(Self.edit("s1", version: 2, merged))
            #expect(retry["type"] as? String == "ack", "\(retry)")
            let document = try await HTTP.request(
                "GET", server.base + "/api/sessions/\(session.rawValue)", token: TestServer.adminToken)
            let report = try #require(document.json?["report"] as? [String: Any])
            let sections = try #require(report["sections"] as? [[String: Any]])
            #expect(sections.first?["text"] as? String == merged)
            #expect(sections.first?["version"] as? Int == 3)
        }
    }

    @Test("drafting refusals come back with their codes and change nothing")
    func refusals() async throws {
        try await TestServer.run { server in
            let (session, tokens) = try await server.createDialogue()
            let cochair = try await server.connect(session, token: tokens["p2"])
            let member = try await server.connect(session, token: tokens["p4"])
            let observer = try await server.connect(session, token: tokens["p7"])
            func code(_ client: LiveTestClient, _ command: [String: Any]) async throws -> String? {
                try await client.command(command)["code"] as? String
            }
            #expect(try await code(observer, ["type": "seedReport"]) == "forbidden")
            #expect(try await code(cochair, ["type": "seedReport"]) == nil)
            #expect(try await code(member, Self.edit("s1", version: 1, "x")) == "forbidden", "joint: co-chairs")
            #expect(try await code(cochair, Self.edit("s1", version: 1, "we [[shall")) == "invalid")
            #expect(try await code(cochair, Self.edit("s9", version: 1, "x")) == "notFound")
            #expect(try await code(cochair, ["type": "editSection", "section": "s1"]) == "invalid")
            #expect(try await code(cochair, Self.edit("s1", version: 1, "We [[shall // should]] meet.")) == nil)
            #expect(try await code(cochair, ["type": "signSection", "section": "s1", "version": 2]) == "invalid")
            #expect(try await code(cochair, ["type": "signSection", "section": "s1", "version": 1]) == "conflict")
            #expect(try await code(member, ["type": "signSection", "section": "s1", "version": 2]) == "forbidden")
        }
    }
}

extension ServerOperationsTests {
    @Test("the draft survives kill -9 and a restart, signatures and versions included")
    func draftSurvivesKill() async throws {
        let data = try Self.temporaryDirectory()
        let first = try ServerProcess(["serve", "--port", "0", "--data", data])
        let base = try #require(try await first.listeningURL())
        let spec = String(decoding: try JSONEncoder().encode(Fixtures.spec()), as: UTF8.self)
        let created = try await HTTP.request("POST", base + "/api/sessions", token: TestServer.adminToken, body: spec)
        let session = try #require(created.json?["id"] as? String)
        var tokens: [String] = []
        for person in Fixtures.cast.prefix(3) {
            let body = try JSONSerialization.data(
                withJSONObject: [
                    "name": person.name, "role": person.role.rawValue, "side": person.side?.rawValue as Any,
                ]
                .compactMapValues { $0 is NSNull ? nil : $0 })
            let added = try await HTTP.request(
                "POST", base + "/api/sessions/\(session)/participants", token: TestServer.adminToken,
                body: String(decoding: body, as: UTF8.self))
            tokens.append(try #require(added.json?["token"] as? String))
        }
        let live = base.replacingOccurrences(of: "http", with: "ws") + "/api/sessions/\(session)/live"
        let armenian = try await LiveTestClient.connect(url: live, headers: ["Authorization": "Bearer \(tokens[1])"])
        let azerbaijani = try await LiveTestClient.connect(url: live, headers: ["Authorization": "Bearer \(tokens[2])"])
        let text = "Հայաստան և Azərbaycan agree to meet."
        for (client, command) in [
            (armenian, ["type": "seedReport"]),
            (armenian, ["type": "editSection", "section": "s1", "version": 1, "text": text]),
            (armenian, ["type": "signSection", "section": "s1", "version": 2]),
            (azerbaijani, ["type": "signSection", "section": "s1", "version": 2]),
        ] as [(LiveTestClient, [String: Any])] {
            let reply = try await client.command(command)
            #expect(reply["type"] as? String == "ack", "\(command): \(reply)")
        }
        first.signal(SIGKILL)
        _ = try await first.exitStatus()

        let second = try ServerProcess(["serve", "--port", "0", "--data", data])
        let again = try #require(try await second.listeningURL())
        let document = try await HTTP.request("GET", again + "/api/sessions/\(session)", token: TestServer.adminToken)
        let report = try #require(document.json?["report"] as? [String: Any])
        let introduction = try #require((report["sections"] as? [[String: Any]])?.first)
        #expect(introduction["text"] as? String == text)
        #expect(introduction["version"] as? Int == 2)
        #expect(introduction["signedBy"] as? [String] == ["am", "az"])
        second.signal(SIGTERM)
        #expect(try await second.exitStatus() == 0)
    }
}

extension ServerOperationsTests {
    @Test("the data directory is private whatever modes it had: folders 0700, files 0600")
    func dataAtRest() async throws {
        let data = try Self.temporaryDirectory()
        let manager = FileManager.default
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: data)
        try manager.createDirectory(atPath: data + "/transcripts/old", withIntermediateDirectories: true)
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: data + "/transcripts/old")
        #expect(manager.createFile(atPath: data + "/transcripts/old/report.md", contents: Data("x".utf8)))
        try manager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: data + "/transcripts/old/report.md")
        let server = try ServerProcess(["serve", "--port", "0", "--data", data])
        _ = try #require(try await server.listeningURL())
        func mode(_ path: String) throws -> Int {
            try #require(manager.attributesOfItem(atPath: data + path)[.posixPermissions] as? Int)
        }
        #expect(try mode("") == 0o700)
        #expect(try mode("/parley.sqlite") == 0o600)
        #expect(try mode("/transcripts/old") == 0o700)
        #expect(try mode("/transcripts/old/report.md") == 0o600)
        for sidecar in ["/parley.sqlite-wal", "/parley.sqlite-shm", "/admin.token"]
        where manager.fileExists(atPath: data + sidecar) {
            #expect(try mode(sidecar) == 0o600, "\(sidecar)")
        }
        server.signal(SIGTERM)
        #expect(try await server.exitStatus() == 0)
    }
}

@Suite("Connections that never finish a request", .timeLimit(.minutes(2)))
struct ConnectionGuardTests {
    @Test("silence, a slow or oversized head and a malformed request are answered and closed")
    func answeredAndClosed() async throws {
        try await TestServer.run(
            ParleyServerConfiguration(port: 0, connections: ConnectionLimits(requestHeadTimeout: .milliseconds(300)))
        ) { server in
            let cases: [(String, String, String)] = [
                ("silent", "", "HTTP/1.1 408"),
                ("an unfinished head", "GET / HTTP/1.1\r\nHost: x\r\n", "HTTP/1.1 408"),
                ("a malformed request line", "GARBAGE\r\n\r\n", "HTTP/1.1 400"),
                ("a malformed header", "GET / HTTP/1.1\r\nHo st: x\r\n\r\n", "HTTP/1.1 400"),
                ("an oversized head", "GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 20_000), "HTTP/1.1 431"),
            ]
            for (name, request, expected) in cases {
                let answer = try await RawConnection.exchange(port: server.port, request)
                #expect(answer.text.hasPrefix(expected), "\(name): \(answer.text.prefix(40))")
                #expect(answer.closed, "\(name): the connection stays open")
            }
            // A well-formed request is still served, and a live socket is not cut by the guard.
            for _ in 0..<5 {
                let healthy = try await RawConnection.exchange(
                    port: server.port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                #expect(healthy.text.hasPrefix("HTTP/1.1 200"))
            }
            // On a kept-alive connection, each later head is timed and bounded as the first.
            let keptAlive = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
            for (name, next, expected) in [
                ("an unfinished second head", "GET /healthz HTTP/1.1\r\nHost: x\r\n", "HTTP/1.1 408"),
                (
                    "an oversized second head", "GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 20_000),
                    "HTTP/1.1 431"
                ),
            ] {
                let answer = try await RawConnection.exchange(
                    port: server.port, keptAlive, until: #"{"status":"ok"}"#, then: next)
                let answers = answer.text.components(separatedBy: "HTTP/1.1 ").count - 1
                #expect(answer.text.hasPrefix("HTTP/1.1 200"), "\(name)")
                #expect(answers == 2 && answer.text.contains(expected), "\(name): \(answer.text.suffix(80))")
                #expect(answer.closed, "\(name): the connection stays open")
            }
            // Blank lines before a request line are skipped by the parser, not taken for a head.
            let blanks = try await RawConnection.exchange(port: server.port, "\r\n\r\nGET /healthz HTTP/1.1\r\nHo")
            #expect(blanks.text.hasPrefix("HTTP/1.1 408"), "blank lines: \(blanks.text.prefix(40))")
            #expect(blanks.closed)
            // A body still arriving after an early answer (401 before the body is read) is
            // not a head: the next request on the connection is served.
            let body = String(repeating: "x", count: 40_000)
            let early = try await RawConnection.exchange(
                port: server.port,
                "POST /api/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(body.utf8.count)\r\n\r\n" + body.prefix(1000),
                until: "unauthorized",
                then: body.dropFirst(1000) + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(early.text.hasPrefix("HTTP/1.1 401"))
            #expect(!early.text.contains("431"), "\(early.text.suffix(200))")
            #expect(early.text.contains("HTTP/1.1 200"), "\(early.text.suffix(200))")
            // A head read together with a large body is not an oversized head. The second
            // request on the connection arrives in one read (the first grew the read
            // buffer): its body is read and judged (too many held terms: 400, not 431).
            let terms = (0..<6_000).map { "\"term\($0)\"" }.joined(separator: ",")
            let spec =
                #"{"title":"t","sides":[{"id":"a","name":"A"},{"id":"b","name":"B"}],"#
                + #""agenda":[{"id":"i","title":"I"}],"rules":{"heldTerms":[\#(terms)]}}"#
            func create(_ connection: String) -> String {
                "POST /api/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(TestServer.adminToken)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(spec.utf8.count)\r\n"
                    + "Connection: \(connection)\r\n\r\n" + spec
            }
            let large = try await RawConnection.exchange(
                port: server.port, create("keep-alive"), until: "\"invalid\"", then: create("close"))
            #expect(spec.utf8.count > 60_000)
            #expect(large.text.hasPrefix("HTTP/1.1 400"), "\(large.text.prefix(300))")
            #expect(large.text.components(separatedBy: "HTTP/1.1 400").count == 3, "\(large.text.suffix(300))")
            #expect(!large.text.contains("431"), "\(large.text.suffix(300))")
            #expect(large.closed)
            let (session, tokens) = try await server.createDialogue()
            let live = try await server.connect(session, token: tokens["p4"])
            try await Task.sleep(for: .milliseconds(600))
            let reply = try await live.command([
                "type": "post", "item": "obstacles", "kind": "chat", "text": "still here",
            ])
            #expect(reply["type"] as? String == "ack")
        }
    }
}
