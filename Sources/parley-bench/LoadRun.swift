import ArgumentParser
import Foundation

/// The options every load scenario shares.
struct LoadOptions: ParsableArguments {
    @Option(help: "Seconds of posting.")
    var seconds = 5

    @Flag(help: "Also measure the bare Hummingbird broadcast server (parley-ceiling), after Parley.")
    var ceiling = false

    @Flag(help: "Print the results as JSON too.")
    var json = false

    @Flag(help: "Exit non-zero unless every post reached every reader (a smoke test).")
    var check = false

    @Option(help: "Parley's store: postgres://USER@HOST:PORT/DB (password in PGPASSWORD); default: SQLite.")
    var store: String?

    @Option(help: "Parley nodes sharing --store, the readers spread over them (2 needs --store).")
    var nodes = 1

    func validate() throws {
        guard seconds > 0 else { throw ValidationError("needs seconds ≥ 1") }
        guard (1...8).contains(nodes), nodes == 1 || store != nil else {
            throw ValidationError("--nodes is 1 to 8, and more than 1 needs --store")
        }
    }
}

/// One load run, the shape of both `fanout` and `rooms`: `rooms` sessions, each with one
/// posting member and `readers` readers connected, the member posting `rate` times a
/// second for `seconds`; every reader must receive every post.
struct LoadRun: Sendable {
    let rooms: Int
    let readers: Int
    /// Posts per second in each room.
    let rate: Int
    let seconds: Int
    /// The participant JSON each reader is invited with, by index.
    let reader: @Sendable (Int) -> String

    /// What one target did under the load.
    struct Result: Codable, Sendable {
        var target: String
        var rooms: Int
        var readersPerRoom: Int
        var postsPerSecond: Int
        var seconds: Int
        /// Seconds to invite every reader (HTTP), then until every reader had its welcome.
        var inviteSeconds: Double
        var joinSeconds: Double
        var expected: Int
        var delivered: Int
        var deliveriesPerSecond: Double
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var maxMilliseconds: Double
        var serverCPUSeconds: Double
        var serverMicrosecondsPerDelivery: Double
        var benchmarkCPUSeconds: Double

        var lost: Int { expected - delivered }
    }

    /// How long after posting should have ended the acknowledgements may still come.
    static let ackGraceSeconds = 60

    func measure(_ target: BenchTarget, _ options: LoadOptions) async throws -> Result {
        let token = BenchServer.makeToken()
        let servers = try (0..<(target == .parley ? options.nodes : 1)).map { _ in
            try target.start(store: target == .parley ? options.store : nil, token: token)
        }
        let server = BenchServers(servers)
        defer { server.stop() }
        let label = target == .parley && options.store != nil ? "parley/pg×\(servers.count)" : target.rawValue
        let inviteStart = ContinuousClock.now
        var setups: [BenchTarget.Room] = []
        for _ in 0..<rooms { setups.append(try await target.room(on: servers, readers: readers, reader: reader)) }
        let invited = ContinuousClock.now - inviteStart

        let joinStart = ContinuousClock.now
        let latencies = Latencies()
        let welcomed = Counter()
        let expected = rate * seconds
        let sessions = setups
        let readerTasks = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for room in sessions {
                    for (url, token) in room.readers {
                        group.addTask {
                            try await BenchSocket.read(url: url, token: token, welcomed: welcomed, until: expected) {
                                latencies.record($0)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        // A reader that fails (a refused connection) is reported instead of waited for.
        let failure = Task {
            do { try await readerTasks.value } catch is CancellationError {} catch {
                print("\(label): a reader failed: \(error)")
            }
        }
        defer { failure.cancel() }
        let readerCount = rooms * readers
        let joinDeadline = ContinuousClock.now + .seconds(300)
        var lastReport = ContinuousClock.now
        while welcomed.value < readerCount {
            if ContinuousClock.now - lastReport > .seconds(5) {
                lastReport = .now
                print("  \(label): \(welcomed.value) of \(readerCount) welcomed")
            }
            guard ContinuousClock.now < joinDeadline else {
                throw BenchFailure("only \(welcomed.value) of \(readerCount) readers were welcomed in 300 s")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        let joined = ContinuousClock.now - joinStart

        let serverBefore = server.cpuSeconds()
        let selfBefore = BenchServer.ownCPUSeconds()
        let postStart = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { [seconds] group in
            for room in sessions {
                group.addTask {
                    try await BenchSocket.post(url: room.posterURL, token: room.poster, count: expected, rate: rate)
                }
            }
            // A server that cannot keep up must not hang the run: a minute after posting
            // should have ended, it is stopped (its sockets close, so every poster and
            // reader unwinds) and the run fails with what it knows.
            group.addTask {
                try await Task.sleep(for: .seconds(seconds + Self.ackGraceSeconds))
                server.stop()
                throw BenchFailure(
                    "\(label): posts still unacknowledged \(Self.ackGraceSeconds) s after posting ended"
                        + " (\(latencies.count) of \(expected * readerCount) deliveries); the server was stopped")
            }
            for _ in sessions { try await group.next() }
            group.cancelAll()
        }
        let total = expected * readerCount
        let deadline = ContinuousClock.now + .seconds(10)
        while latencies.count < total, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let elapsed = ContinuousClock.now - postStart
        let serverCPU = server.cpuSeconds() - serverBefore
        let selfCPU = BenchServer.ownCPUSeconds() - selfBefore
        readerTasks.cancel()

        let delivered = latencies.count
        let (p50, p99, maximum) = latencies.percentiles()
        return Result(
            target: label, rooms: rooms, readersPerRoom: readers, postsPerSecond: rate * rooms,
            seconds: seconds, inviteSeconds: invited.seconds, joinSeconds: joined.seconds, expected: total,
            delivered: delivered, deliveriesPerSecond: Double(delivered) / elapsed.seconds, p50Milliseconds: p50,
            p99Milliseconds: p99, maxMilliseconds: maximum, serverCPUSeconds: serverCPU,
            serverMicrosecondsPerDelivery: serverCPU * 1e6 / Double(max(delivered, 1)), benchmarkCPUSeconds: selfCPU)
    }

    /// Measures Parley, then the ceiling when asked, prints the table under `title`, and with
    /// `check` fails on any loss (the CI smoke runs).
    func compare(_ options: LoadOptions, title: String) async throws {
        var results: [Result] = []
        for target in options.ceiling ? [BenchTarget.parley, .ceiling] : [.parley] {
            results.append(try await measure(target, options))
        }
        print(title)
        try Self.report(results, json: options.json)
        if options.check, let lossy = results.first(where: { $0.lost > 0 }) {
            throw BenchFailure("\(lossy.target): \(lossy.lost) deliveries lost")
        }
    }

    /// Prints the results as a table, each target's CPU per delivery also as a ratio to the
    /// last target's (the ceiling, when measured), and as one JSON line when asked.
    private static func report(_ results: [Result], json: Bool) throws {
        print(
            "target    join s  deliveries (lost)   per s      p50 ms  p99 ms  max ms  server µs/delivery  bench CPU s")
        let ceiling = results.count > 1 ? results.last : nil
        for result in results {
            let ratio =
                ceiling.map {
                    String(format: " (×%.1f)", result.serverMicrosecondsPerDelivery / $0.serverMicrosecondsPerDelivery)
                } ?? ""
            print(
                String(
                    format: "%-9@ %6.2f  %9d (%d)  %9.0f  %7.1f %7.1f %7.1f  %8.1f%-10@  %6.2f",
                    result.target, result.joinSeconds, result.delivered, result.lost, result.deliveriesPerSecond,
                    result.p50Milliseconds, result.p99Milliseconds, result.maxMilliseconds,
                    result.serverMicrosecondsPerDelivery, ratio, result.benchmarkCPUSeconds))
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
        }
    }
}

/// The servers of one run (several Parley nodes on one store, or one server): stopped
/// together, their CPU added up.
struct BenchServers: Sendable {
    let servers: [BenchServer]

    init(_ servers: [BenchServer]) { self.servers = servers }

    func stop() { for server in servers { server.stop() } }

    func cpuSeconds() -> Double { servers.map { $0.cpuSeconds() }.reduce(0, +) }
}
