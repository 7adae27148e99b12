import Foundation
import ParleyCore
import ParleyEngine
import ParleyServer
import ParleyStoreSQLite
import ParleyTestKit
import Testing

/// The live protocol of contract §3 over real sockets on 127.0.0.1.
@Suite("Live protocol", .timeLimit(.minutes(3)))
struct LiveProtocolTests {
    static func post(_ text: String, item: String = "obstacles", kind: String = "position") -> [String: Any] {
        ["type": "post", "item": item, "kind": kind, "text": text]
    }

    @Test("participants of both sides see each other's posts with the same seq")
    func bothSidesSeeEachOther() async throws {
        try await TestServer.run { server in
            let (session, tokens) = try await server.createDialogue()
            let armenian = try await server.connect(session, token: tokens["p4"])
            let azerbaijani = try await server.connect(session, token: tokens["p5"])
            let welcome = try #require(try await armenian.next("welcome"))
            #expect((welcome["you"] as? [String: Any])?["id"] as? String == "p4")
            #expect(
                (welcome["session"] as? [String: Any])?["title"] as? String == "Thematic Group on Peace and Security")
            _ = try await azerbaijani.next("welcome")

            let ack = try await armenian.command(Self.post("Հայաստանի դիրքորոշումը"))
            #expect(ack["type"] as? String == "ack")
            let seq = try #require(ack["seq"] as? Int)
            let seen = try #require(try await azerbaijani.events(1).first)
            #expect(seen["seq"] as? Int == seq)
            let event = try #require(seen["event"] as? [String: Any])
            #expect(event["kind"] as? String == "contributed")
            #expect(event["contribution"] as? Int == seq)
            #expect(event["author"] as? String == "p4")
            #expect(event["side"] as? String == "am")
            #expect(event["text"] as? String == "Հայաստանի դիրքորոշումը")

            let reply = try await azerbaijani.command(Self.post("Azərbaycanın mövqeyi"))
            let mirrored = try await armenian.events(2).last
            #expect(mirrored?["seq"] as? Int == reply["seq"] as? Int)
        }
    }

    @Test("an ack means the event is in the journal on disk")
    func ackMeansDurable() async throws {
        try await TestServer.run { server in
            let (session, tokens) = try await server.createDialogue()
            let client = try await server.connect(session, token: tokens["p4"])
            let ack = try await client.command(Self.post("Durable words"))
            let seq = try #require(ack["seq"] as? Int)
            let journal = try SQLiteJournal(path: server.dataDirectory + "/parley.sqlite")
            let events = try await journal.events(of: session)
            #expect(events.last?.seq == Int64(seq))
        }
    }

    @Test("reconnecting with since= replays exactly the missed events, then live ones")
    func resume() async throws {
        try await TestServer.run { server in
            let (session, tokens) = try await server.createDialogue()
            let speaker = try await server.connect(session, token: tokens["p4"])
            let first = try #require(try await speaker.command(Self.post("One"))["seq"] as? Int)
            var missed: [Int] = []
            for text in ["Two", "Three", "Four"] {
                missed.append(try #require(try await speaker.command(Self.post(text))["seq"] as? Int))
            }
            let listener = try await server.connect(session, token: tokens["p5"], since: first)
            let welcome = try #require(try await listener.next("welcome"))
            #expect(welcome["head"] as? Int == missed.last)
            let replay = try await listener.events(3).compactMap { $0["seq"] as? Int }
            #expect(replay == missed)
            let live = try #require(try await speaker.command(Self.post("Five"))["seq"] as? Int)
            #expect(try await listener.events(1).first?["seq"] as? Int == live)
        }
    }

    @Test("an observer cannot post; every live error code comes back with its ref")
    func errorCodes() async throws {
        let rules = Rules.with {
            $0.maxLength = 20
            $0.slowModeSeconds = 3600
        }
        try await TestServer.run { server in
            let (session, tokens) = try await server.createDialogue(rules: rules)
            let observer = try await server.connect(session, token: tokens["p7"])
            let member = try await server.connect(session, token: tokens["p4"])
            let cochair = try await server.connect(session, token: tokens["p2"])
            let facilitator = try await server.connect(session, token: tokens["p1"])
            func code(_ client: LiveTestClient, _ command: [String: Any]) async throws -> String? {
                let reply = try await client.command(command)
                return reply["type"] as? String == "ack" ? nil : reply["code"] as? String
            }
            #expect(try await code(observer, Self.post("Observed")) == "forbidden")
            #expect(try await code(member, Self.post(String(repeating: "x", count: 21))) == "tooLong")
            #expect(try await code(member, Self.post("Nowhere", item: "missing")) == "notFound")
            #expect(
                try await code(member, ["type": "post", "item": "obstacles", "kind": "speech", "text": "x"])
                    == "invalid")
            #expect(try await code(member, Self.post("First")) == nil)
            #expect(try await code(member, Self.post("Too soon")) == "rateLimited")
            #expect(try await code(cochair, ["type": "mute", "participant": "p4", "seconds": 60]) == nil)
            #expect(try await code(member, Self.post("Muted")) == "muted")
            #expect(try await code(facilitator, ["type": "closeItem", "item": "regional"]) == nil)
            #expect(try await code(cochair, Self.post("Closed", item: "regional")) == "closed")
            #expect(try await code(facilitator, ["type": "closeItem", "item": "regional"]) == "conflict")

            member.sendText("{not json")
            let malformed = try #require(try await member.next("error"))
            #expect(malformed["code"] as? String == "invalid")
            #expect(malformed["ref"] is NSNull)
        }
    }

    @Test("a revoked token is refused, and its open socket is closed")
    func revocation() async throws {
        try await TestServer.run { server in
            let (session, tokens) = try await server.createDialogue()
            let member = try await server.connect(session, token: tokens["p5"])
            _ = try await member.next("welcome")
            let removal = try await HTTP.request(
                "DELETE", server.base + "/api/sessions/\(session)/participants/p5", token: TestServer.adminToken)
            #expect(removal.status == 204)
            let kinds = try await within {
                var kinds: [String] = []
                while let frame = try await member.next("event") {
                    kinds.append((frame["event"] as? [String: Any])?["kind"] as? String ?? "")
                }
                return kinds
            }
            #expect(kinds == ["participantRemoved"])
            #expect(try await member.closeCode() == 1008)
            let again = try await HTTP.upgrade(
                server.webSocketBase.replacingOccurrences(of: "ws", with: "http") + "/api/sessions/\(session)/live",
                token: tokens["p5"])
            #expect(again.status == 401)
            let http = try await HTTP.request("GET", server.base + "/api/sessions/\(session)", token: tokens["p5"])
            #expect(http.status == 401)
        }
    }

    @Test("upgrades are refused before any upgrade: 401, 403, 404, 400")
    func refusedUpgrades() async throws {
        try await TestServer.run { server in
            let (session, tokens) = try await server.createDialogue()
            let live = server.base + "/api/sessions/\(session)/live"
            let anonymous = try await HTTP.upgrade(live)
            #expect(anonymous.status == 401)
            #expect(anonymous.errorCode == "unauthorized")
            #expect(try await HTTP.upgrade(live, token: "wrong-token-wrong-token-wrong").status == 401)
            let foreign = try await HTTP.upgrade(live, token: tokens["p4"], headers: ["Origin": "https://evil.example"])
            #expect(foreign.status == 403)
            #expect(foreign.errorCode == "forbidden")
            #expect(
                try await HTTP.upgrade(server.base + "/api/sessions/nosuchsession/live", token: tokens["p4"]).status
                    == 404)
            #expect(try await HTTP.upgrade(live + "?since=abc", token: tokens["p4"]).status == 400)
            let sameOrigin = try await server.connect(
                session, token: tokens["p4"], headers: ["Origin": "http://127.0.0.1:\(server.port)"])
            #expect(try await sameOrigin.next("welcome") != nil)
        }
    }

    @Test("abuse closes the connection: 1009 for a frame over 64 KiB, 1003 for binary, 1008 for a flood")
    func abuse() async throws {
        try await TestServer.run { server in
            let (session, tokens) = try await server.createDialogue()
            let oversized = try await server.connect(session, token: tokens["p4"])
            oversized.sendText(String(repeating: "x", count: 70 * 1024))
            #expect(try await within { try await oversized.closeCode() } == 1009)

            let binary = try await server.connect(session, token: tokens["p4"])
            binary.sendBinary(bytes: 10)
            #expect(try await within { try await binary.closeCode() } == 1003)

            let flood = try await server.connect(session, token: tokens["p4"])
            for _ in 0..<30 { flood.sendText("[]") }
            #expect(try await within { try await flood.closeCode() } == 1008)

            let calm = try await server.connect(session, token: tokens["p4"])
            for _ in 0..<5 { calm.sendText("[]") }
            #expect(try await calm.command(Self.post("Still here"))["type"] as? String == "ack")
        }
    }

    @Test("commands past the connection's budget are refused with rateLimited, and change nothing")
    func commandBudget() async throws {
        try await TestServer.run(ParleyServerConfiguration(port: 0, live: LiveLimits(commands: 3))) { server in
            let (session, tokens) = try await server.createDialogue()
            let member = try await server.connect(session, token: tokens["p4"])
            var codes: [String] = []
            for index in 0..<5 {
                let reply = try await member.command(Self.post("Budget \(index)", kind: "chat"))
                codes.append(reply["type"] as? String == "ack" ? "ack" : reply["code"] as? String ?? "?")
            }
            #expect(codes == ["ack", "ack", "ack", "rateLimited", "rateLimited"])
            let live = try #require(try await server.registry.session(session))
            #expect(await live.state.contributions.count == 3)
        }
    }

    @Test("the budget is the participant's across sockets; sockets per participant are bounded")
    func budgetAcrossSockets() async throws {
        try await TestServer.run(
            ParleyServerConfiguration(port: 0, live: LiveLimits(commands: 4, socketsPerParticipant: 2))
        ) { server in
            let (session, tokens) = try await server.createDialogue()
            let first = try await server.connect(session, token: tokens["p4"])
            let second = try await server.connect(session, token: tokens["p4"])
            var acked = 0
            for index in 0..<6 {
                let socket = index % 2 == 0 ? first : second
                let reply = try await socket.command(Self.post("Spread \(index)", kind: "chat"))
                if reply["type"] as? String == "ack" {
                    acked += 1
                } else {
                    #expect(reply["code"] as? String == "rateLimited")
                }
            }
            #expect(acked == 4, "two sockets buy no more commands than one")
            let upgrade = try await HTTP.request(
                "GET", server.base + "/api/sessions/\(session.rawValue)/live", token: tokens["p4"],
                headers: [
                    "Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
                    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
                ])
            #expect(upgrade.status == 429, "a third socket: \(upgrade.status) \(upgrade.body)")
            // Another participant still has their own budget and sockets.
            let other = try await server.connect(session, token: tokens["p5"])
            #expect(try await other.command(Self.post("Mine", kind: "chat"))["type"] as? String == "ack")
        }
    }

    @Test("presence lists who is connected")
    func presence() async throws {
        try await TestServer.run { server in
            let (session, tokens) = try await server.createDialogue()
            let first = try await server.connect(session, token: tokens["p2"])
            #expect(try await first.next("presence")?["online"] as? [String] == ["p2"])
            let second = try await server.connect(session, token: tokens["p3"])
            #expect(try await first.next("presence")?["online"] as? [String] == ["p2", "p3"])
            second.close()
            #expect(try await first.next("presence")?["online"] as? [String] == ["p2"])
        }
    }

    @Test("the operator's list of sessions says who is connected to each, observers apart")
    func listingCountsWhoIsOnline() async throws {
        try await TestServer.run { server in
            let (session, tokens) = try await server.createDialogue()
            func listed() async throws -> (online: Int?, observers: Int?) {
                let response = try await HTTP.request(
                    "GET", server.base + "/api/sessions", token: TestServer.adminToken)
                let entries = try #require(
                    try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [[String: Any]])
                let entry = try #require(entries.first { $0["id"] as? String == session.rawValue })
                return (entry["online"] as? Int, entry["observers"] as? Int)
            }
            #expect(try await listed() == (0, 0), "no one yet")
            /// Reads presence frames until one counts `observers` (they are coalesced).
            func announced(_ client: LiveTestClient, observers: Int) async throws -> Bool {
                for _ in 0..<5 where try await client.next("presence")?["observers"] as? Int == observers {
                    return true
                }
                return false
            }
            let chair = try await server.connect(session, token: tokens["p2"])
            let observer = try await server.connect(session, token: tokens["p7"])
            #expect(try await announced(chair, observers: 1))
            #expect(try await listed() == (1, 1))
            observer.close()
            #expect(try await announced(chair, observers: 0))
            #expect(try await listed() == (1, 0))
        }
    }

    @Test("observers are counted, not listed, except for the moderators and themselves")
    func observersCounted() async throws {
        try await TestServer.run { server in
            let (session, tokens) = try await server.createDialogue()
            // p4 is a member, p7 an observer, p1 the facilitator; p6 and p7 are the observers.
            var clients: [(id: String, client: LiveTestClient)] = []
            var listed: [String: [String]] = [:]
            var counted: [String: Int] = [:]
            for id in ["p4", "p7", "p1"] {
                let client = try await server.connect(session, token: tokens[ParticipantID(rawValue: id)], since: 0)
                let welcome = try #require(try await client.next("welcome"))
                let document = try #require(welcome["session"] as? [String: Any])
                let members = try #require(document["participants"] as? [[String: Any]])
                listed[id] = members.compactMap { $0["id"] as? String }
                counted[id] = document["observers"] as? Int
                clients.append((id, client))
            }
            #expect(listed["p4"] == ["p1", "p2", "p3", "p4", "p5"])
            #expect(listed["p7"] == ["p1", "p2", "p3", "p4", "p5", "p7"])
            #expect(listed["p1"] == ["p1", "p2", "p3", "p4", "p5", "p6", "p7"])
            #expect(counted == ["p4": 2, "p7": 2, "p1": 2])
            // Presence lists p1 and p4 and counts p7 (frames read meanwhile stay pending).
            var presence = try #require(try await clients[0].client.next("presence"))
            while presence["online"] as? [String] != ["p1", "p4"] {
                presence = try #require(try await clients[0].client.next("presence"))
            }
            #expect(presence["observers"] as? Int == 1)
            let marker = try await clients[2].client.command(Self.post("Marker", kind: "chat"))
            let markerSeq = try #require(marker["seq"] as? Int)
            for (id, client) in clients {
                var arrivals: [String] = []
                while let frame = try await client.next("event"), frame["seq"] as? Int != markerSeq {
                    let event = frame["event"] as? [String: Any]
                    if event?["kind"] as? String == "participantAdded",
                        let added = (event?["participant"] as? [String: Any])?["id"] as? String
                    {
                        arrivals.append(added)
                    }
                }
                #expect(arrivals == listed[id], "\(id) replays the arrivals it lists, no more")
            }
        }
    }
}
