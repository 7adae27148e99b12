import Foundation
import ParleyCore
import ParleyTestKit
import Synchronization
import Testing

/// A live client that stops reading, against the real server: it is dropped, and the room
/// goes on for everyone else.
@Suite("Slow consumers", .serialized, .timeLimit(.minutes(5)))
struct SlowConsumerTests {
    /// Post-to-delivery times seen by a reader, per post text.
    final class Deliveries: Sendable {
        let received = Mutex([String: ContinuousClock.Instant]())
    }

    @Test("a consumer that stops reading is closed; others get every post, in order")
    func stalledConsumerIsDropped() async throws {
        let data = try ServerOperationsTests.temporaryDirectory()
        let server = try ServerProcess([
            "serve", "--port", "0", "--data", data, "--command-rate", "1000000", "--write-timeout", "5",
        ])
        let base = try #require(try await server.listeningURL())
        let port = try #require(base.split(separator: ":").last.flatMap { Int($0) })
        let spec = String(
            decoding: try JSONEncoder().encode(Fixtures.spec(rules: .with { $0.maxLength = 20_000 })), as: UTF8.self)
        let session = try #require(
            try await HTTP.request("POST", base + "/api/sessions", token: TestServer.adminToken, body: spec)
                .json?["id"] as? String)
        func invite(_ body: String) async throws -> String {
            let added = try await HTTP.request(
                "POST", base + "/api/sessions/\(session)/participants", token: TestServer.adminToken, body: body)
            return try #require(added.json?["token"] as? String)
        }
        let member = try await invite(#"{"name":"Armine Margaryan","role":"member","side":"am"}"#)
        let observer = try await invite(#"{"name":"Observer One","role":"observer"}"#)
        let stalledObserver = try await invite(#"{"name":"Observer Two","role":"observer"}"#)
        let path = "/api/sessions/\(session)/live"
        let live = base.replacingOccurrences(of: "http", with: "ws") + path
        let writer = try await LiveTestClient.connect(url: live, headers: ["Authorization": "Bearer \(member)"])
        let reader = try await LiveTestClient.connect(url: live, headers: ["Authorization": "Bearer \(observer)"])
        let startHead = try #require(try await reader.next("welcome")?["head"] as? Int)

        let deliveries = Deliveries()
        let reading = Task {
            var seqs: [Int] = []
            while let frame = try await reader.next("event") {
                let seq = try #require(frame["seq"] as? Int)
                seqs.append(seq)
                if let text = (frame["event"] as? [String: Any])?["text"] as? String {
                    deliveries.received.withLock { $0[text] = .now }
                }
                if text(of: frame) == "last" { return seqs }
            }
            return seqs
        }

        // 16 KB posts: a stalled socket's kernel buffers fill after a few hundred of them.
        let body = String(repeating: "Ադրբեջան · Azərbaycan · Armenia · ", count: 400)
        var sent: [String: ContinuousClock.Instant] = [:]
        func post(_ text: String) async throws {
            sent[text] = .now
            let reply = try await writer.command(["type": "post", "item": "obstacles", "kind": "chat", "text": text])
            #expect(reply["type"] as? String == "ack")
        }
        let residentBefore = try #require(server.residentKilobytes)
        for index in 0..<200 { try await post("alone \(index) \(body)") }
        let stalled = try await RawConnection.stalledWebSocket(port: port, path: path, token: stalledObserver)
        defer { stalled.close() }
        for index in 0..<1_000 { try await post("stalled \(index) \(body)") }
        let residentAfter = try #require(server.residentKilobytes)
        try await post("last")

        let seqs = try await within(60) { try await reading.value }.filter { $0 > startHead }
        let everyPostInOrder = seqs == Array((startHead + 1)...(startHead + 1_201))
        #expect(everyPostInOrder)

        // Its write waiting past the timeout, the server closed the stalled connection
        // before the client read anything more.
        let closedByServer = try await within(30) {
            while true {
                let metrics = try await HTTP.request("GET", base + "/metrics")
                if metric("parley_connections", in: metrics.body) == 2 { return metrics.body }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        #expect(metric("parley_stalled_connections_closed_total", in: closedByServer) == 1)
        // What the kernel still held reaches the client, then the end.
        let (drained, closed) = await stalled.drain(seconds: 30)
        #expect(closed)

        // Reported, never asserted: the reader's latency with and without the stalled peer.
        let latencies = deliveries.received.withLock { received in
            sent.compactMap { text, start in received[text].map { (text, $0 - start) } }
        }
        func percentiles(_ prefix: String) -> String {
            let sorted = latencies.filter { $0.0.hasPrefix(prefix) }.map(\.1).sorted()
            guard !sorted.isEmpty else { return "none" }
            let pick = { (q: Double) in sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] }
            return "n=\(sorted.count) p50=\(pick(0.5)) p99=\(pick(0.99))"
        }
        print(
            "slow consumer: reader latency alone \(percentiles("alone ")), with a stalled peer "
                + "\(percentiles("stalled ")); stalled socket drained \(drained) bytes before the close; server RSS "
                + "\(residentBefore / 1024) MB before, \(residentAfter / 1024) MB after 1,000 posts of 16 KB")
        server.signal(SIGTERM)
        #expect(try await server.exitStatus() == 0)
    }
}

private func text(of frame: [String: Any]) -> String? {
    (frame["event"] as? [String: Any])?["text"] as? String
}

/// The value of an unlabelled metric in a Prometheus text page.
private func metric(_ name: String, in page: String) -> Double? {
    page.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.dropFirst(name.count + 1)) }
}
