import ArgumentParser
import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `parley-bench fanout`: one session, S observers, one member posting at R per second,
/// through the public protocol only (HTTP to set up, WebSockets to take part), against a
/// `parley serve` this command starts.
///
/// Reports how long joining took (adding the observers, connecting them until each has its
/// welcome), then deliveries, loss, post-to-delivery latency from a timestamp in each post,
/// and the server's CPU per delivery beside the benchmark's own (so that the client is
/// never the hidden bottleneck).
struct FanoutBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fanout", abstract: "One session, many observers, one member posting.")

    @Option(help: "Observers connected to the session.")
    var observers = 100

    @Option(help: "Posts per second by the member.")
    var rate = 100

    @Option(help: "Seconds of posting.")
    var seconds = 5

    @Option(help: "The parley executable (default: next to this one).")
    var parley: String?

    @Flag(help: "Exit non-zero unless every post reached every observer (a smoke test).")
    var check = false

    func run() async throws {
        let server = try BenchServer.start(parley ?? Self.sibling("parley"))
        defer { server.stop() }
        let admin = BenchHTTP(base: server.base, token: server.adminToken)
        let session = try await admin.createSession()
        let member = try await admin.invite(session, #"{"name":"Posting Member","role":"member","side":"am"}"#)

        let joinStart = ContinuousClock.now
        var tokens: [String] = []
        for index in 0..<observers {
            tokens.append(try await admin.invite(session, #"{"name":"Observer \#(index)","role":"observer"}"#))
        }
        let added = ContinuousClock.now - joinStart
        print(String(format: "fanout: %d observers added in %.2f s; connecting", observers, added.seconds))
        let live = server.base.replacingOccurrences(of: "http", with: "ws") + "/api/sessions/\(session)/live"
        let latencies = Latencies()
        let welcomed = Counter()
        let expected = rate * seconds
        let readers = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for token in tokens {
                    group.addTask {
                        try await BenchSocket.read(url: live, token: token, welcomed: welcomed, until: expected) {
                            latencies.record($0)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        // A reader that fails (a refused connection) ends the run instead of a wait for it.
        let failure = Task {
            do { try await readers.value } catch is CancellationError {} catch {
                print("fanout: a reader failed: \(error)")
            }
        }
        defer { failure.cancel() }
        let joinDeadline = ContinuousClock.now + .seconds(300)
        var lastReport = ContinuousClock.now
        while welcomed.value < observers {
            if ContinuousClock.now - lastReport > .seconds(5) {
                lastReport = .now
                print(
                    String(format: "  %.0f s: %d welcomed", (ContinuousClock.now - joinStart).seconds, welcomed.value))
            }
            guard ContinuousClock.now < joinDeadline else {
                throw BenchFailure("only \(welcomed.value) of \(observers) observers were welcomed in 300 s")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        let joined = ContinuousClock.now - joinStart

        let serverBefore = server.cpuSeconds()
        let selfBefore = BenchServer.ownCPUSeconds()
        let postStart = ContinuousClock.now
        try await BenchSocket.post(url: live, token: member, count: expected, rate: rate)
        let deadline = ContinuousClock.now + .seconds(10)
        while latencies.count < expected * observers, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let elapsed = ContinuousClock.now - postStart
        let serverCPU = server.cpuSeconds() - serverBefore
        let selfCPU = BenchServer.ownCPUSeconds() - selfBefore
        readers.cancel()

        let delivered = latencies.count
        let (p50, p99, maximum) = latencies.percentiles()
        print("fanout: \(observers) observers, \(rate) posts/s for \(seconds) s")
        print(
            String(
                format: "  join: %d observers added in %.2f s, all welcomed after %.2f s", observers,
                added.seconds, joined.seconds))
        print(
            String(
                format: "  deliveries: %d of %d (loss %d), %.0f/s", delivered, expected * observers,
                expected * observers - delivered, Double(delivered) / elapsed.seconds))
        print(String(format: "  latency ms: p50 %.1f  p99 %.1f  max %.1f", p50, p99, maximum))
        print(
            String(
                format: "  CPU: server %.2f s (%.1f µs per delivery), benchmark %.2f s", serverCPU,
                serverCPU * 1e6 / Double(max(delivered, 1)), selfCPU))
        if check && delivered != expected * observers {
            throw BenchFailure("\(expected * observers - delivered) deliveries lost")
        }
    }

    static func sibling(_ name: String) -> String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path
    }
}

extension Duration {
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}

/// Post-to-delivery times, in milliseconds.
final class Latencies: Sendable {
    private let values = Mutex([Double]())

    func record(_ milliseconds: Double) { values.withLock { $0.append(milliseconds) } }
    var count: Int { values.withLock { $0.count } }

    func percentiles() -> (Double, Double, Double) {
        let sorted = values.withLock { $0 }.sorted()
        guard !sorted.isEmpty else { return (0, 0, 0) }
        let pick = { (q: Double) in sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] }
        return (pick(0.5), pick(0.99), sorted.last!)
    }
}

final class Counter: Sendable {
    private let count = Atomic(0)
    func increment() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}

/// The live sockets of the benchmark.
enum BenchSocket {
    static let logger: Logger = {
        var logger = Logger(label: "parley.bench.client")
        logger.logLevel = .critical
        return logger
    }()

    static func configuration(_ token: String) -> WebSocketClientConfiguration {
        var fields = HTTPFields()
        fields[.authorization] = "Bearer \(token)"
        return .init(maxFrameSize: 1 << 24, additionalHeaders: fields)
    }

    /// Reads events until `count` posts have arrived, recording each one's latency from
    /// the send time it carries (`t=NANOSECONDS`, the sender's monotonic clock: one process).
    static func read(
        url: String, token: String, welcomed: Counter, until count: Int, record: @escaping @Sendable (Double) -> Void
    ) async throws {
        _ = try await WebSocketClient.connect(url: url, configuration: configuration(token), logger: logger) {
            inbound, _, _ in
            var seen = 0
            for try await message in inbound.messages(maxSize: 1 << 24) {
                guard case .text(let text) = message else { continue }
                if text.hasPrefix(#"{"type":"welcome""#) || text.contains(#""type":"welcome""#) {
                    welcomed.increment()
                    continue
                }
                guard let range = text.range(of: "t=") else { continue }
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                guard let sent = UInt64(digits) else { continue }
                record(Double(DispatchTime.now().uptimeNanoseconds - sent) / 1e6)
                seen += 1
                if seen == count { return }
            }
        }
    }

    /// Posts `count` chat messages at `rate` per second, each stamped with its send time;
    /// waits for every ack.
    static func post(url: String, token: String, count: Int, rate: Int) async throws {
        _ = try await WebSocketClient.connect(url: url, configuration: configuration(token), logger: logger) {
            inbound, outbound, _ in
            let interval = Duration.seconds(1) / rate
            let start = ContinuousClock.now
            let sender = Task {
                for index in 0..<count {
                    try await Task.sleep(until: start + interval * index)
                    let stamp = DispatchTime.now().uptimeNanoseconds
                    try await outbound.write(
                        .text(
                            #"{"type":"post","item":"obstacles","kind":"chat","text":"t=\#(stamp)","ref":"\#(index)"}"#)
                    )
                }
            }
            var acks = 0
            for try await message in inbound.messages(maxSize: 1 << 24) {
                guard case .text(let text) = message else { continue }
                if text.contains(#""type":"ack""#) { acks += 1 }
                if text.contains(#""type":"error""#) { throw BenchFailure("a post was refused: \(text)") }
                if acks == count { break }
            }
            try await sender.value
        }
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
