import ArgumentParser
import Foundation
import ParleyCore
import ParleyDemo
import ParleyReports

/// `parley-bench render`: time and peak memory to render a large session in each view and
/// format. Each rendering runs in a fresh process (`render-one`), so that its peak resident
/// memory is its own; the table compares them side by side in one run.
struct RenderBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render", abstract: "Render a large session in every view and format.")

    @Option(help: "Events in the session.")
    var events = 100_000

    func run() async throws {
        print("rendering a session of \(events) events; each line is a separate process")
        print("view        format   seconds    output MB   peak RSS MB")
        for view in ExportView.allCases {
            for format in ExportFormat.allCases {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
                process.arguments = [
                    "render-one", "--events", String(events), "--view", view.rawValue, "--format", format.rawValue,
                ]
                let pipe = Pipe()
                process.standardOutput = pipe
                try process.run()
                let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                print(output.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
    }
}

/// One rendering, measured: builds the session, then times `Exporter.render` alone.
struct RenderOnce: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render-one", shouldDisplay: false)

    @Option var events = 100_000
    @Option var view = "report"
    @Option var format = "md"

    func run() async throws {
        let request = try ExportRequest(view: view, format: format, attribution: "names")
        let journal = try LargeSession.journal(events: events)
        let record = try SessionRecord(journal: journal, viewer: .admin)
        let start = ContinuousClock.now
        let text = try Exporter.render(record, request)
        let elapsed = (ContinuousClock.now - start).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let numbers = String(
            format: "%8.3f  %11.1f  %12.1f", seconds, Double(text.utf8.count) / 1_048_576,
            Double(usage.ru_maxrss) / 1024)
        print(
            view.padding(toLength: 11, withPad: " ", startingAt: 0) + " "
                + format.padding(toLength: 7, withPad: " ", startingAt: 0) + " " + numbers)
    }
}

/// A long session decided by the real machine: the demo session's agenda, two delegations
/// posting positions, comments, chat and proposals that both co-chairs endorse.
enum LargeSession {
    static func journal(events count: Int) throws -> [Event] {
        var at = Instant(millisecondsSinceEpoch: 1_800_000_000_000)
        let genesis = try SessionState.genesis(DemoSession.spec, id: "bench", at: at)
        var state = try SessionState.fold([genesis])
        var journal = [genesis]
        func run(_ command: Command, _ principal: Principal) throws -> [Event] {
            at = at.adding(milliseconds: 1500)
            let events = try state.execute(command, by: principal, at: at)
            journal += events
            return events
        }
        let cast: [(String, Role, SideID)] = [
            ("Leonid Nersisyan", .cochair, "am"), ("Murad Muradov", .cochair, "az"),
            ("Armine Margaryan", .member, "am"),
            ("Eldar Hamzali", .member, "az"),
        ]
        for (name, role, side) in cast {
            _ = try run(.addParticipant(NewParticipant(name: name, role: role, side: side, credential: "h")), .admin)
        }
        let items = DemoSession.spec.agenda.compactMap(\.id)
        var index = 0
        while journal.count < count {
            let item = items[index % 3]
            let speaker: Principal = .participant(ParticipantID(rawValue: "p\(index % 4 + 1)"))
            let text = "Point \(index): the sides discussed the treaty, TRIPP and trust · Հայաստան · Azərbaycan"
            switch index % 10 {
            case 0:
                let proposal = try run(.post(Post(item: item, kind: .proposal, text: text)), .participant("p1"))[0].seq
                _ = try run(.endorse(contribution: proposal, version: 1), .participant("p2"))
            case 1, 2: _ = try run(.post(Post(item: item, kind: .comment, text: text)), speaker)
            case 3, 4, 5: _ = try run(.post(Post(item: item, kind: .chat, text: text)), speaker)
            default: _ = try run(.post(Post(item: item, kind: .position, text: text)), speaker)
            }
            index += 1
        }
        return Array(journal.prefix(count))
    }
}
