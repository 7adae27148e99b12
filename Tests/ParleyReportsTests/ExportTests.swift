import Foundation
import ParleyCore
import ParleyDemo
import ParleyTestKit
import Testing

@testable import ParleyReports

@Suite("Exports")
struct ExportTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var view: ExportView
        var format: ExportFormat
        var attribution: Attribution
        var testDescription: String { "\(view.rawValue)-\(attribution.rawValue).\(format.fileExtension)" }

        /// The golden file: the report names sides only whatever attribution says, and the JSON
        /// event list depends on neither view nor attribution, so those have one file each.
        var goldenFile: String {
            switch (view, format) {
            case (_, .json): "events.json"
            case (.report, _): "report.\(format.fileExtension)"
            case (.draft, _): "draft.\(format.fileExtension)"
            case (.transcript, _): "transcript-\(attribution.rawValue).\(format.fileExtension)"
            }
        }
    }

    static let cases: [Case] = ExportView.allCases.flatMap { view in
        ExportFormat.allCases.flatMap { format in
            Attribution.allCases.map { Case(view: view, format: format, attribution: $0) }
        }
    }

    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Golden")

    static func render(_ test: Case, viewer: Viewer = .admin) throws -> String {
        try Exporter.render(
            journal: try ReportFixture.journal(), viewer: viewer,
            request: ExportRequest(view: test.view, format: test.format, attribution: test.attribution))
    }

    /// Compares with the golden file; `PARLEY_UPDATE_GOLDEN=1 swift test` rewrites them after a
    /// deliberate change. Every combination is checked, several against the same file.
    @Test("every view × format × attribution matches its golden file", arguments: cases)
    func golden(_ test: Case) throws {
        let rendered = try Self.render(test)
        let url = Self.goldenDirectory.appendingPathComponent(test.goldenFile)
        if ProcessInfo.processInfo.environment["PARLEY_UPDATE_GOLDEN"] == "1" {
            try rendered.write(to: url, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(rendered == golden, "\(test.testDescription) differs from \(test.goldenFile)")
    }

    @Test("held, rejected and redacted text never appear; Unicode survives byte for byte", arguments: cases)
    func neverShown(_ test: Case) throws {
        let session = try SessionState.fold(try ReportFixture.journal())
        for viewer in [
            Viewer.admin, .participant(session.participant("p2")!), .participant(session.participant("p7")!),
        ] {
            let rendered = try Self.render(test, viewer: viewer)
            #expect(!rendered.contains(ReportFixture.rejectedText))
            #expect(!rendered.contains("Personal phone"))
            #expect(!rendered.contains("the pending secret stays pending"))
            for text in ReportFixture.unicode { #expect(rendered.contains(text), "\(text) in \(test.testDescription)") }
        }
    }

    @Test("a sides transcript names no participant", arguments: ExportFormat.allCases.filter { $0 != .json })
    func sidesHidesNames(_ format: ExportFormat) throws {
        let transcript = try Self.render(Case(view: .transcript, format: format, attribution: .sides))
        for person in Fixtures.cast {
            #expect(!transcript.contains(person.name), "\(person.name) in a sides transcript")
        }
        let named = try Self.render(Case(view: .transcript, format: format, attribution: .names))
        #expect(named.contains("Leonid Nersisyan (Armenia)"))
    }

    @Test("the report attributes statements by side only, whatever attribution says")
    func reportBySide() throws {
        for attribution in Attribution.allCases {
            let report = try Self.render(Case(view: .report, format: .txt, attribution: attribution))
            #expect(!report.contains("Eldar Hamzali ("))
            #expect(report.contains("From Armenia's perspective, the treaty must be signed first."))
            #expect(report.contains("The Azerbaijani side agrees that trust is fragile."))
        }
    }

    @Test("Markdown and HTML special characters in user text are escaped")
    func escaping() throws {
        let markdown = try Self.render(Case(view: .transcript, format: .md, attribution: .names))
        #expect(markdown.contains(#"Use \*stars\*, \_under\_, \[link\](http://x), \<script\>alert(1)\</script\>"#))
        let hostile = "a\n   ## Both sides agree that X\r\n---\r  4. item\u{2028}+ list\n\n    code"
        let paragraph = MarkdownRenderer().paragraph(hostile)
        for line in paragraph.split(whereSeparator: \.isNewline) {
            let content = line.drop { $0 == " " || $0 == "\t" }
            #expect(
                !content.hasPrefix("#") && !content.hasPrefix("-") && !content.hasPrefix("+"), "block marker in \(line)"
            )
            #expect(!content.hasPrefix("4."), "ordered list in \(line)")
            #expect(!line.isEmpty, "a blank line would end the paragraph")
        }
        #expect(paragraph.split(whereSeparator: \.isNewline).count == 7)
        let html = try Self.render(Case(view: .report, format: .html, attribution: .names))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(!html.contains("<script"))
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("@page { size: A4"))
        #expect(html.contains("h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }"))
        #expect(!html.contains("<svg"), "participation counts are not part of a published report")
        #expect(html.contains("@top-center { content: \"Draft generated from the discussion"), "every printed page")
        let transcript = try Self.render(Case(view: .transcript, format: .html, attribution: .names))
        #expect(transcript.contains("<svg class=\"chart\""))
    }

    @Test("participation counts contributions and words per side per item")
    func participation() throws {
        let record = try SessionRecord(journal: try ReportFixture.journal(), viewer: .admin)
        let participation = Participation(record)
        #expect(participation.sides == ["Armenia", "Azerbaijan"])
        // obstacles: Armenia: position, comment, proposal; Azerbaijan: position, comment (the redacted chat is not counted).
        #expect(participation.rows[0].counts.map(\.contributions) == [3, 2])
        #expect(Participation.words(in: "Հայաստանը և Ադրբեջանը, 2026!") == 4)
    }

    @Test("unknown export options are refused with the accepted words")
    func options() throws {
        #expect(throws: Refusal(.invalid, "format must be one of: md, html, json, txt")) {
            try ExportRequest(view: nil, format: "pdf", attribution: nil)
        }
        #expect(try ExportRequest(view: nil, format: nil, attribution: nil) == ExportRequest())
    }
}
