import ArgumentParser
import Foundation

/// `parley-bench rooms`: many sessions at once, as a busy organisation runs them. In each
/// room one member posts and the others read; the posts of all rooms add up to `rate` per
/// second. Through the public protocol only, against a `parley serve` this command starts.
struct RoomsBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rooms", abstract: "Many sessions of a few members, all posting at once.")

    @Option(help: "Sessions running at once.")
    var rooms = 50

    @Option(help: "Members per session (one posts, the others read).")
    var members = 10

    @Option(help: "Posts per second, all sessions together.")
    var rate = 500

    @Option(help: "Seconds of posting.")
    var seconds = 5

    @Option(help: "The parley executable (default: next to this one).")
    var parley: String?

    @Flag(help: "Exit non-zero unless every post reached every reader (a smoke test).")
    var check = false

    func validate() throws {
        guard rooms > 0, members > 1, rate >= rooms, seconds > 0 else {
            throw ValidationError("needs rooms ≥ 1, members ≥ 2, rate ≥ rooms, seconds ≥ 1")
        }
    }

    func run() async throws {
        let server = try BenchServer.start(parley ?? FanoutBenchmark.sibling("parley"))
        defer { server.stop() }
        let admin = BenchHTTP(base: server.base, token: server.adminToken)
        var setups: [(url: String, poster: String, readers: [String])] = []
        for _ in 0..<rooms {
            let session = try await admin.createSession()
            var tokens: [String] = []
            for index in 0..<members {
                let side = index % 2 == 0 ? "am" : "az"
                tokens.append(
                    try await admin.invite(session, #"{"name":"Member \#(index)","role":"member","side":"\#(side)"}"#))
            }
            let url = server.base.replacingOccurrences(of: "http", with: "ws") + "/api/sessions/\(session)/live"
            setups.append((url, tokens[0], Array(tokens.dropFirst())))
        }
        let sessions = setups
        let perRoom = rate / rooms
        let expected = perRoom * seconds
        let latencies = Latencies()
        let welcomed = Counter()
        let readers = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for setup in sessions {
                    for token in setup.readers {
                        group.addTask {
                            try await BenchSocket.read(
                                url: setup.url, token: token, welcomed: welcomed, until: expected
                            ) {
                                latencies.record($0)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let readerCount = rooms * (members - 1)
        let joinDeadline = ContinuousClock.now + .seconds(300)
        while welcomed.value < readerCount {
            guard ContinuousClock.now < joinDeadline else {
                throw BenchFailure("only \(welcomed.value) of \(readerCount) readers were welcomed in 300 s")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        let serverBefore = server.cpuSeconds()
        let selfBefore = BenchServer.ownCPUSeconds()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for setup in sessions {
                group.addTask {
                    try await BenchSocket.post(url: setup.url, token: setup.poster, count: expected, rate: perRoom)
                }
            }
            try await group.waitForAll()
        }
        let total = expected * readerCount
        let deadline = ContinuousClock.now + .seconds(10)
        while latencies.count < total, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let elapsed = ContinuousClock.now - start
        let serverCPU = server.cpuSeconds() - serverBefore
        let selfCPU = BenchServer.ownCPUSeconds() - selfBefore
        readers.cancel()

        let delivered = latencies.count
        let (p50, p99, maximum) = latencies.percentiles()
        print("rooms: \(rooms) sessions × \(members) members, \(perRoom * rooms) posts/s in all for \(seconds) s")
        print(
            String(
                format: "  deliveries: %d of %d (loss %d), %.0f/s", delivered, total, total - delivered,
                Double(delivered) / elapsed.seconds))
        print(String(format: "  latency ms: p50 %.1f  p99 %.1f  max %.1f", p50, p99, maximum))
        print(
            String(
                format: "  CPU: server %.2f s (%.1f µs per delivery), benchmark %.2f s", serverCPU,
                serverCPU * 1e6 / Double(max(delivered, 1)), selfCPU))
        if check && delivered != total { throw BenchFailure("\(total - delivered) deliveries lost") }
    }
}
