import ArgumentParser
import Foundation

/// `parley-bench capacity`: N idle live connections held open on one session, as a public
/// session's audience between posts; reports the server's resident memory per connection
/// (from `/proc`), beside the ceiling's with `--ceiling`.
struct CapacityBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capacity", abstract: "Idle connections held: memory per connection.")

    @Option(help: "Idle connections to hold.")
    var connections = 1000

    @Flag(help: "Also measure the bare Hummingbird broadcast server (parley-ceiling), after Parley.")
    var ceiling = false

    func validate() throws {
        guard connections > 0 else { throw ValidationError("needs connections ≥ 1") }
    }

    func run() async throws {
        print("capacity: \(connections) idle connections on one session")
        print("target    connected s  RSS before MB  RSS after MB  KiB per connection")
        for target in ceiling ? [BenchTarget.parley, .ceiling] : [.parley] {
            let server = try target.start()
            defer { server.stop() }
            let room = try await target.room(on: [server], readers: connections) { index in
                #"{"name":"Observer \#(index)","role":"observer"}"#
            }
            let before = server.residentBytes()
            let start = ContinuousClock.now
            let welcomed = Counter()
            let holders = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (url, token) in room.readers {
                        group.addTask {
                            try await BenchSocket.read(url: url, token: token, welcomed: welcomed, until: .max) {
                                _ in
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            let deadline = ContinuousClock.now + .seconds(300)
            while welcomed.value < connections {
                guard ContinuousClock.now < deadline else {
                    throw BenchFailure("only \(welcomed.value) of \(connections) connections were welcomed in 300 s")
                }
                try await Task.sleep(for: .milliseconds(10))
            }
            let connected = ContinuousClock.now - start
            // Let presence settle and allocations return before reading memory.
            try await Task.sleep(for: .seconds(1))
            let after = server.residentBytes()
            holders.cancel()
            print(
                String(
                    format: "%-9@ %11.2f  %13.1f  %12.1f  %18.1f", target.rawValue, connected.seconds,
                    Double(before) / 1_048_576, Double(after) / 1_048_576,
                    Double(after - before) / 1024 / Double(connections)))
        }
    }
}
