import ArgumentParser

@main
struct ParleyBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley-bench", abstract: "Parley's benchmarks (build with -c release).",
        subcommands: [
            JournalBenchmark.self, RenderBenchmark.self, RenderOnce.self, FanoutBenchmark.self, RoomsBenchmark.self,
            CapacityBenchmark.self,
        ])
}
