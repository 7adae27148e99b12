import Foundation
import ParleyCore
import ParleyDemo
import ParleyTestKit
import Testing

@testable import ParleyReports

/// The demo session, played through the pure core: its seeded draft and its final report
/// against the reference report.
@Suite("The demo's joint report")
struct DemoReportTests {
    static let reference = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/reference/peace-and-security-report.txt")

    /// The demo's journal, with the script cut before its drafting when `drafting` is false.
    static func journal(drafting: Bool) async throws -> [Event] {
        let genesis = try SessionState.genesis(DemoSession.spec, id: "demo", at: Fixtures.start)
        var state = try SessionState.fold([genesis])
        var journal = [genesis]
        func submit(_ command: Command, _ principal: Principal) throws -> Seq {
            let events = try state.execute(command, by: principal, at: Fixtures.start)
            journal += events
            return events[0].seq
        }
        for person in DemoSession.cast {
            _ = try submit(
                .addParticipant(
                    NewParticipant(name: person.name, role: person.role, side: person.side, credential: "h")), .admin)
        }
        try await DemoScript.play(drafting ? DemoScript.steps : DemoScript.discussion) { command, principal in
            try submit(command, principal)
        }
        return journal
    }

    static func render(_ journal: [Event], _ view: ExportView, _ format: ExportFormat) throws -> String {
        try Exporter.render(journal: journal, viewer: .admin, request: ExportRequest(view: view, format: format))
    }

    @Test("the seeded draft follows the reference's section order")
    func seededOrder() async throws {
        var state = try SessionState.fold(try await Self.journal(drafting: false))
        _ = try state.execute(.seedReport, by: .participant("p2"), at: Fixtures.start)
        #expect(
            state.report.sections.map(\.title) == [
                "Introduction", "Armenian and Azerbaijani perspectives", "Regional and International Dimension",
                "Peace education, trust-building and media", "Recommendations",
            ])
        let perspectives = state.report.sections[1].text
        // Each comment stands right after the position it answers.
        let order = [
            "From Armenia's perspective, the Azerbaijani demand",
            "From Azerbaijan's perspective, the current Constitution",
            "The Armenian side notes that both the initialed peace treaty",
            "From Armenia's perspective, the mistrust stems",
            "The Azerbaijani side agrees that the trust remains fragile",
            "Both sides agree that the Washington meeting", "Both sides agree that the initialing",
        ]
        var cursor = perspectives.startIndex
        for landmark in order {
            let found = try #require(
                perspectives.range(of: landmark, range: cursor..<perspectives.endIndex), "\(landmark)")
            cursor = found.upperBound
        }
        let recommendations = state.report.sections[4].text
        #expect(
            recommendations.hasPrefix(
                "## 1. Armenian and Azerbaijani perspectives\n\nTo reduce referendum-related risks"))
        #expect(recommendations.contains("\n- a) to sign the treaty before the referendum"))
        #expect(recommendations.contains("## 2. Regional and International Dimension"))
        #expect(recommendations.contains("## 3. Peace education, trust-building and media"))
        // Points not adopted are not in the draft.
        #expect(!state.report.sections.contains { $0.text.contains("EUMA") || $0.text.contains("Northern Ireland") })
    }

    @Test("the final demo report reads like the reference, paragraph by paragraph")
    func finalReport() async throws {
        let journal = try await Self.journal(drafting: true)
        let state = try SessionState.fold(journal)
        #expect(state.report.state == .final)
        let text = try Self.render(journal, .report, .txt)
        #expect(!text.contains("Draft"), "a final report is not marked as a draft")
        let reference = try String(contentsOf: Self.reference, encoding: .utf8)
        let body = reference.components(separatedBy: "\nIntroduction\n")[1].components(separatedBy: "\nAbout LINKS")[0]
        for paragraph in body.components(separatedBy: "\n\n") {
            let paragraph = paragraph.trimmingCharacters(in: .whitespacesAndNewlines)
            guard paragraph.count > 40, !paragraph.hasSuffix("Azerbaijan"), !paragraph.hasPrefix("route") else {
                continue  // headings, and the one paragraph the reference's page break cut in two
            }
            // A list is printed item by item.
            for line in paragraph.components(separatedBy: "\n") {
                let words = line.hasPrefix("- ") ? String(line.dropFirst(2)) : line
                #expect(text.contains(words), "the final report lacks: \(words.prefix(60))…")
            }
        }
        #expect(!(try Self.render(journal, .report, .html)).contains("@top-center"), "no draft mark on printed pages")
        let markdown = try Self.render(journal, .report, .md)
        let landmarks = [
            "Thematic Groups for a new Armenian–Azerbaijani Dialogue", "# Thematic Group on Peace and Security",
            "Report", "Leonid Nersisyan, Armenia (Co-chair)", "Murad Muradov, Azerbaijan (Co-chair)", "November 2025",
            "## Authors", "### Members from Armenia", "- Leonid Nersisyan (Co-chair)", "### Members from Azerbaijan",
            "## Introduction", "## Armenian and Azerbaijani perspectives", "## Regional and International Dimension",
            "## Recommendations", "### 1\\. Political dimension", "- a) to sign the treaty",
            "### 5\\. Media transformation", "### About LINKS Europe Foundation", "## Signatures",
        ]
        var cursor = markdown.startIndex
        for landmark in landmarks {
            let found = try #require(markdown.range(of: landmark, range: cursor..<markdown.endIndex), "\(landmark)")
            cursor = found.upperBound
        }
        for section in state.report.sections {
            #expect(markdown.contains("`\(SHA256Digest.hex(section.text))`"))
        }
    }
}

extension DemoReportTests {
    @Test("the demo asks for its Chatham House rules in the room's four languages, and its script accepts them")
    func demoGroundRules() async throws {
        let rules = try #require(try DemoSession.spec.validated().groundRules)
        for heading in ["English", "Հայերեն", "Azərbaycanca", "Русский"] {
            #expect(rules.text.contains("\n\n\(heading)\n\n") || rules.text.hasPrefix("\(heading)\n\n"), "\(heading)")
        }
        var commands: [Command] = []
        try await DemoScript.play { command, _ in
            commands.append(command)
            return Seq(commands.count)
        }
        #expect(commands.first == .acceptRules(version: rules.version), "the script's first act is to accept")
    }
}
