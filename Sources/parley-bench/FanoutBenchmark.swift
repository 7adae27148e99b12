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
/// `parley serve` this command starts, and with `--ceiling` against the bare Hummingbird
/// broadcast server too, by the same client in the same run.
///
/// Reports how long joining took (inviting the observers, then connecting them until each
/// has its welcome), deliveries, loss, post-to-delivery latency from a timestamp in each
/// post, and the server's CPU per delivery beside the benchmark's own (so that the client
/// is never the hidden bottleneck).
struct FanoutBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fanout", abstract: "One session, many observers, one member posting.")

    @Option(help: "Observers connected to the session.")
    var observers = 100

    @Option(help: "Posts per second by the member.")
    var rate = 100

    @OptionGroup var options: LoadOptions

    func validate() throws {
        guard observers > 0, rate > 0 else { throw ValidationError("needs observers and rate ≥ 1") }
    }

    func run() async throws {
        let load = LoadRun(rooms: 1, readers: observers, rate: rate, seconds: options.seconds) { index in
            #"{"name":"Observer \#(index)","role":"observer"}"#
        }
        try await load.compare(
            options, title: "fanout: \(observers) observers, \(rate) posts/s for \(options.seconds) s")
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
            // The sender is a child task: when reading fails, it is cancelled with it.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for index in 0..<count {
                        try await Task.sleep(until: start + interval * index)
                        let stamp = DispatchTime.now().uptimeNanoseconds
                        try await outbound.write(
                            .text(
                                #"{"type":"post","item":"obstacles","kind":"chat","text":"t=\#(stamp)","ref":"\#(index)"}"#
                            ))
                    }
                }
                var acks = 0
                for try await message in inbound.messages(maxSize: 1 << 24) {
                    guard case .text(let text) = message else { continue }
                    if text.contains(#""type":"ack""#) { acks += 1 }
                    if text.contains(#""type":"error""#) { throw BenchFailure("a post was refused: \(text)") }
                    if acks == count { break }
                }
                guard acks == count else {
                    throw BenchFailure(
                        "the server closed the poster's connection after \(acks) of \(count) acks (it closes a"
                            + " connection that falls more than --subscriber-buffer events behind, or stalls its writes)"
                    )
                }
                try await group.waitForAll()
            }
        }
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
