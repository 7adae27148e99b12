import Foundation
import ParleyTestKit
import Testing

/// The real server on a data directory whose disk fills up, as a user meets it.
@Suite(
    "Storage faults", .serialized, .timeLimit(.minutes(3)),
    .enabled(if: SmallFileSystem.isEnabled, "needs a tmpfs mount (root with CAP_SYS_ADMIN)"))
struct StorageFaultTests {
    @Test("a full data directory: posts fail unavailable, reads go on, writing resumes, nothing acked is lost")
    func fullDataDirectory() async throws {
        let disk = try SmallFileSystem(megabytes: 6)
        defer { disk.unmount() }
        let data = disk.path + "/data"
        let first = try ServerProcess(["serve", "--port", "0", "--data", data])
        let base = try #require(try await first.listeningURL())
        let (session, token) = try await ServerOperationsTests.sessionWithMember(base)
        let live = base.replacingOccurrences(of: "http", with: "ws") + "/api/sessions/\(session)/live"
        let writer = try await LiveTestClient.connect(url: live, headers: ["Authorization": "Bearer \(token)"])
        let welcomed = try #require(try await writer.next("welcome")?["head"] as? Int)
        try disk.fill()

        // The journal's write-ahead log may still have room: post until the disk refuses.
        var acked: [Int: String] = [:]
        var refused: [String: Any]?
        for index in 0..<2_000 where refused == nil {
            let text = "Full \(index) " + String(repeating: "Ադրբեջան · Azərbaycan · ", count: 60)
            let reply = try await writer.command(["type": "post", "item": "obstacles", "kind": "chat", "text": text])
            if reply["type"] as? String == "ack" {
                acked[try #require(reply["seq"] as? Int)] = text
            } else {
                refused = reply
            }
        }
        #expect(refused?["code"] as? String == "unavailable")
        let lastAcked = acked.keys.max() ?? welcomed

        // Reads go on: the session document over HTTP, a new live connection's welcome.
        let document = try await HTTP.request("GET", base + "/api/sessions/\(session)", token: token)
        #expect(document.status == 200)
        #expect(document.json?["head"] as? Int == lastAcked)
        let reader = try await LiveTestClient.connect(
            url: live + "?since=\(lastAcked)", headers: ["Authorization": "Bearer \(token)"])
        #expect(try await reader.next("welcome")?["head"] as? Int == lastAcked)

        // Space returns: the same connection posts again, and the other sees it.
        try disk.release()
        let resumed = try await writer.command(["type": "post", "item": "obstacles", "kind": "chat", "text": "After"])
        #expect(resumed["type"] as? String == "ack")
        #expect(resumed["seq"] as? Int == lastAcked + 1)
        #expect(try await reader.next("event")?["seq"] as? Int == lastAcked + 1)
        acked[lastAcked + 1] = "After"

        // After a kill and a restart, every acked post is there once, in seq order.
        first.signal(SIGKILL)
        _ = try await first.exitStatus()
        let second = try ServerProcess(["serve", "--port", "0", "--data", data])
        let again = try #require(try await second.listeningURL())
        let replayer = try await LiveTestClient.connect(
            url: again.replacingOccurrences(of: "http", with: "ws") + "/api/sessions/\(session)/live?since=0",
            headers: ["Authorization": "Bearer \(token)"])
        let head = try #require(try await replayer.next("welcome")?["head"] as? Int)
        #expect(head == lastAcked + 1)
        let replay = try await replayer.events(head)
        #expect(replay.map { $0["seq"] as? Int } == Array(1...head))
        let texts = replay.compactMap { ($0["event"] as? [String: Any])?["text"] as? String }
        for (_, text) in acked { #expect(texts.filter { $0 == text }.count == 1) }
        second.signal(SIGTERM)
        #expect(try await second.exitStatus() == 0)
    }

    @Test("a read-only disk at start: the server exits with one line naming the folder and the reason")
    func readOnlyAtStart() async throws {
        let disk = try SmallFileSystem(megabytes: 1, readOnly: true)
        defer { disk.unmount() }
        let server = try ServerProcess(["serve", "--port", "0", "--data", disk.path + "/data"])
        #expect(try await server.exitStatus() == 1)
        #expect(
            server.standardError
                == "parley: cannot create the data directory \(disk.path)/data: Read-only file system\n")
    }
}
