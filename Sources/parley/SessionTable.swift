import Foundation
import ParleyCore
import ParleyEngine

/// Renders a session listing for the terminal or for scripts.
enum SessionTable {
    static func table(_ summaries: [SessionSummary]) -> String {
        guard !summaries.isEmpty else { return "no sessions\n" }
        var lines = ["ID                STATE   EVENTS  CREATED                   TITLE"]
        for summary in summaries {
            let state = summary.closedAt == nil ? "open  " : "closed"
            let events = String(summary.head)
            lines.append(
                "\(summary.id.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0))  \(state)  "
                    + "\(String(repeating: " ", count: max(0, 6 - events.count)))\(events)  "
                    + "\(summary.createdAt.iso8601)  \(summary.title)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ summaries: [SessionSummary]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(summaries), as: UTF8.self)
    }
}
