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
        if request.format == .json {
            let events = ExportEvents.sanitize(record.visibleEvents, record.state)
            return try json(
                request.includePrivateChannels
                    ? events : events.filter { Visibility.privateChannel(of: $0, in: record.state) == nil })
        }
        let attribution = request.attribution ?? record.state.rules.attribution
        let transcript = {
            TranscriptDocument(
                record, attribution: attribution, includePrivateChannels: request.includePrivateChannels,
                language: request.language)
        }
        switch (request.view, request.format) {
        case (.transcript, .md): return MarkdownRenderer().transcript(transcript())
        case (.transcript, .html): return HTMLRenderer().transcript(transcript())
        case (.transcript, _): return TextRenderer().transcript(transcript())
        case (.report, _), (.draft, _):
            let document = ReportDocument(record, annotated: request.view == .draft)
            switch request.format {
            case .md: return MarkdownRenderer().report(document)
            case .html: return HTMLRenderer().report(document)
            default: return TextRenderer().report(document)
            }
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

    /// Printed on every page of a report that is not final.
    static func draftMark(_ document: ReportDocument) -> String {
        switch document.stage {
        case .generated: "Draft generated from the discussion: not agreed by the co-chairs."
        case .drafting, .final: "Draft: not yet signed and finalised by both co-chairs."
        }
    }

    /// "Joint · version 3 · 1 bracket · Armenia ✓ · Azerbaijan —"
    static func sectionMeta(_ section: ReportDocument.Section) -> String {
        var parts = [section.owner ?? "Joint", "version \(section.version ?? 1)"]
        parts.append(section.brackets == 1 ? "1 bracket" : "\(section.brackets) brackets")
        parts += section.signatures.map { "\($0.side) \($0.signed ? "✓" : "—")" }
        return parts.joined(separator: " · ")
    }

    static func signatureNote(_ document: ReportDocument) -> String {
        let cochairs = document.cochairs.map { "\($0.name) (\($0.side))" }.joined(separator: " and ")
        return "Every section was signed on the version shown by both co-chairs, \(cochairs). "
            + "The digest is the SHA-256 of the section's text in UTF-8."
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

    static let keysHeading = "Endorsements and adoptions"
    static let acceptancesHeading = "Ground rules accepted"

    /// "Translation into ru (verified by Azerbaijan)"
    static func translationLabel(_ translation: TranscriptDocument.EntryTranslation) -> String {
        "Translation into \(translation.language) (\(translation.status))"
    }

    /// "Anna Petrosyan (Armenia) accepted version 1", the time apart.
    static func acceptance(_ acceptance: TranscriptDocument.Acceptance) -> String {
        "\(acceptance.who) accepted version \(acceptance.version)"
    }

    /// "[13] version 1: endorsed for Armenia (Leonid Nersisyan)", the time apart.
    static func key(_ key: TranscriptDocument.Key) -> String {
        let who = key.by.map { " (\($0))" } ?? ""
        let side = key.side ?? ""
        let what =
            switch key.action {
            case .endorsed: "endorsed for \(side)\(who)"
            case .withdrawn: "\(side)'s endorsement withdrawn\(who)"
            case .cleared: "\(side)'s endorsement cleared by an amendment\(who)"
            case .adopted: "adopted: both sides endorsed this version"
            }
        return "[\(key.contribution)] version \(key.version): \(what)"
    }

    static func entryMarks(_ entry: TranscriptDocument.Entry) -> [String] {
        var marks: [String] = []
        if let channel = entry.channel { marks.append("in \(channel)") }
        if let replyTo = entry.replyTo { marks.append("reply to [\(replyTo)]") }
        if entry.amended { marks.append("amended") }
        if let status = entry.status { marks.append(status) }
        return marks
    }
}
