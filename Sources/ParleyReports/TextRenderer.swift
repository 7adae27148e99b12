import ParleyCore

/// Plain text: user text exactly as written, headings underlined.
struct TextRenderer {
    func transcript(_ document: TranscriptDocument) -> String {
        var out = heading(document.title + " — Transcript", "=")
        if !document.series.isEmpty { out += [document.series, ""] }
        out += [Wording.attribution(document.attribution), ""]
        if !document.delegations.isEmpty {
            out += heading("Delegations", "-")
            out += delegations(document.delegations)
        }
        out += heading("Contributions", "-")
        for entry in document.entries {
            var head =
                "[\(entry.id)] \(Wording.time(entry.at)) · \(entry.item) · \(entry.kind.rawValue) · \(entry.author)"
            let marks = Wording.entryMarks(entry)
            if !marks.isEmpty { head += " (\(marks.joined(separator: "; ")))" }
            out += [head, entry.text]
            out += entry.options.enumerated().map { "  \(ReportSeed.letter($0.offset))) \($0.element)" }
            if let translation = entry.translation {
                out.append("  \(Wording.translationLabel(translation)):")
                out += translation.text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map {
                    "  " + $0
                }
            }
            out.append("")
        }
        if !document.keys.isEmpty {
            out += heading(Wording.keysHeading, "-")
            out += document.keys.map { "\(Wording.time($0.at)) · \(Wording.key($0))" } + [""]
        }
        if !document.acceptances.isEmpty {
            out += heading(Wording.acceptancesHeading, "-")
            out += document.acceptances.map { "\(Wording.time($0.at)) · \(Wording.acceptance($0))" } + [""]
        }
        out += participation(document.participation)
        return out.joined(separator: "\n")
    }

    func report(_ document: ReportDocument) -> String {
        var out: [String] = []
        if document.isDraft { out += ["*** \(Wording.draftMark(document)) ***", ""] }
        if !document.series.isEmpty { out += [document.series, ""] }
        out += heading(document.title, "=")
        out.append("Report")
        for cochair in document.cochairs { out += ["", "\(cochair.name), \(cochair.side) (Co-chair)"] }
        out += ["", document.date, ""]
        out += heading("Authors", "-")
        out += delegations(document.delegations)
        for section in document.sections {
            out += heading(section.title, "-")
            if document.annotated {
                // Section text is indented under its marks, so that no text can pass for a mark.
                out += ["[\(Wording.sectionMeta(section))]", ""]
                out += blocks(section.blocks).map { $0.isEmpty ? $0 : "    " + $0 }
            } else {
                out += blocks(section.blocks)
            }
            if !section.notAdopted.isEmpty {
                out += ["Proposed, not adopted", ""]
                for entry in section.notAdopted {
                    out.append("\(entry.side) · \(Wording.notAdopted(entry.kind)): \(entry.text)")
                    out += entry.options.enumerated().map { "  - \(ReportSeed.letter($0.offset))) \($0.element)" }
                    out.append("")
                }
            }
        }
        if !document.about.isEmpty { out += ["", String(repeating: "-", count: 40), ""] + blocks(document.about) }
        if document.stage == .final {
            out += heading("Signatures", "-")
            out += [Wording.signatureNote(document), ""]
            for section in document.sections {
                out.append("\(section.title) · version \(section.version ?? 0) · SHA-256 \(section.sha256 ?? "")")
            }
            out.append("")
        }
        if document.isDraft { out += ["*** \(Wording.draftMark(document)) ***", ""] }
        return out.joined(separator: "\n")
    }

    private func blocks(_ blocks: [SectionBlock]) -> [String] {
        blocks.flatMap { block -> [String] in
            switch block {
            case .heading(let text): [text, ""]
            case .paragraph(let lines): lines + [""]
            case .list(let items): items.map { "  - \($0)" } + [""]
            }
        }
    }

    private func heading(_ text: String, _ underline: Character) -> [String] {
        [text, String(repeating: underline, count: max(3, text.count)), ""]
    }

    private func delegations(_ delegations: [Delegation]) -> [String] {
        delegations.flatMap { delegation in
            ["Members from \(delegation.side)"]
                + delegation.members.map { "  \($0.name)\($0.cochair ? " (Co-chair)" : "")" }
                + [""]
        }
    }

    private func participation(_ participation: Participation) -> [String] {
        var out = heading("Participation", "-")
        for row in participation.rows + [Participation.Row(item: "Total", counts: participation.totals)] {
            let counts = zip(participation.sides, row.counts).map { side, count in
                "\(side) \(count.contributions) contributions, \(count.words) words"
            }
            out.append("\(row.item): " + counts.joined(separator: "; "))
        }
        return out + [""]
    }
}
