import Foundation
import ParleyCore
import ParleyTestKit
import Testing

@testable import ParleyReports

/// The report of a session with a draft: in progress (`view=draft`) and final.
@Suite("Draft and final report exports")
struct DraftExportTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var finalized: Bool
        var view: ExportView
        var format: ExportFormat
        var goldenFile: String { "\(finalized ? "final" : "drafting")-\(view.rawValue).\(format.fileExtension)" }
        var testDescription: String { goldenFile }
    }

    static let cases: [Case] = [false, true].flatMap { finalized in
        [ExportView.report, .draft].flatMap { view in
            [ExportFormat.md, .html, .txt].map { Case(finalized: finalized, view: view, format: $0) }
        }
    }

    @Test("drafting and final reports match their golden files", arguments: cases)
    func golden(_ test: Case) throws {
        let rendered = try Exporter.render(
            journal: try ReportFixture.draftedJournal(finalized: test.finalized), viewer: .admin,
            request: ExportRequest(view: test.view, format: test.format))
        let url = ExportTests.goldenDirectory.appendingPathComponent(test.goldenFile)
        if ProcessInfo.processInfo.environment["PARLEY_UPDATE_GOLDEN"] == "1" {
            try rendered.write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(rendered == (try String(contentsOf: url, encoding: .utf8)), "\(test.goldenFile)")
        #expect(rendered.contains("Draft") != test.finalized, "a draft says so, a final report does not")
        #expect(rendered.contains("Հայաստանի տեսակետը"))
    }

    @Test("the final report names both co-chairs, its date and every section's digest")
    func final() throws {
        let journal = try ReportFixture.draftedJournal(finalized: true)
        let state = try SessionState.fold(journal)
        let text = try Exporter.render(
            journal: journal, viewer: .admin, request: ExportRequest(view: .report, format: .txt))
        #expect(
            text.contains("Leonid Nersisyan, Armenia (Co-chair)")
                && text.contains("Murad Muradov, Azerbaijan (Co-chair)"))
        #expect(text.contains("\nNovember 2026\n"))
        for section in state.report.sections {
            #expect(
                text.contains(
                    "\(section.title) · version \(section.version) · SHA-256 \(SHA256Digest.hex(section.text))"))
        }
        #expect(!text.contains("[["), "a final report holds no bracket")
    }
}
