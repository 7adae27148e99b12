import Foundation
import ParleyCore

/// Renders a session's transcript or joint report: one neutral document model, a renderer
/// per format.
public enum Exporter {
    /// The rendered export for `viewer`, from the session's whole journal.
    public static func render(journal: [Event], viewer: Viewer, request: ExportRequest) throws -> String {
        let record = try SessionRecord(journal: journal, viewer: viewer)
        return try render(record, request)
    }

    public static func render(_ record: SessionRecord, _ request: ExportRequest) throws -> String {
        if request.format == .json { return try json(ExportEvents.sanitize(record.visibleEvents, record.state)) }
        let attribution = request.attribution ?? record.state.rules.attribution
        switch (request.view, request.format) {
        case (.transcript, .md):
            return MarkdownRenderer().transcript(TranscriptDocument(record, attribution: attribution))
        case (.transcript, .html):
            return HTMLRenderer().transcript(TranscriptDocument(record, attribution: attribution))
        case (.transcript, _): return TextRenderer().transcript(TranscriptDocument(record, attribution: attribution))
        case (.report, .md): return MarkdownRenderer().report(ReportDocument(record))
        case (.report, .html): return HTMLRenderer().report(ReportDocument(record))
        case (.report, _): return TextRenderer().report(ReportDocument(record))
        }
    }

    /// An event list, as the live protocol sends events.
    static func json(_ events: [Event]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(events), as: UTF8.self) + "\n"
    }

    /// A suggested file name: `report.html`, `transcript.md`.
    public static func fileName(_ request: ExportRequest) -> String {
        "\(request.view.rawValue).\(request.format.fileExtension)"
    }
}

/// Wording shared by the renderers.
enum Wording {
    static func notAdopted(_ kind: ContributionKind) -> String {
        kind == .proposal ? "Proposal (not adopted)" : "Recommendation (not adopted)"
    }

    static func time(_ instant: Instant) -> String {
        let iso = instant.iso8601
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(8)) + " UTC"
    }

    static func attribution(_ attribution: Attribution) -> String {
        switch attribution {
        case .names: "Attribution: by name and side."
        case .sides: "Attribution: by side only (Chatham House)."
        }
    }

    static func entryMarks(_ entry: TranscriptDocument.Entry) -> [String] {
        var marks: [String] = []
        if let replyTo = entry.replyTo { marks.append("reply to [\(replyTo)]") }
        if entry.amended { marks.append("amended") }
        if let status = entry.status { marks.append(status) }
        return marks
    }
}
