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
            out += entry.options.enumerated().map { "  \(ReportDocument.letter($0.offset))) \($0.element)" }
            out.append("")
        }
        out += participation(document.participation)
        return out.joined(separator: "\n")
    }

    func report(_ document: ReportDocument) -> String {
        var out: [String] = []
        if !document.series.isEmpty { out += [document.series, ""] }
        out += heading(document.title, "=")
        out += ["Report · \(document.date)", ""]
        out += heading("Authors", "-")
        out += delegations(document.delegations)
        for (number, item) in document.items.enumerated() {
            out += heading("\(number + 1). \(item.title)", "-")
            for side in item.sides {
                for position in side.positions { out += ["\(side.perspectiveLead) \(position)", ""] }
            }
            for side in item.sides {
                for comment in side.comments { out += ["\(side.sideLead) \(comment)", ""] }
            }
            for agreement in item.agreements { out += ["\(ReportDocument.agreementLead) \(agreement)", ""] }
            if !item.recommendations.isEmpty {
                out += ["Recommendations", ""]
                for (index, recommendation) in item.recommendations.enumerated() {
                    out.append("\(index + 1). \(recommendation.text)")
                    out += recommendation.options.enumerated().map {
                        "  - \(ReportDocument.letter($0.offset))) \($0.element)"
                    }
                    out.append("")
                }
            }
            let notAdopted = item.sides.filter { !$0.notAdopted.isEmpty }
            if !notAdopted.isEmpty {
                out += ["Proposed, not adopted", ""]
                for side in notAdopted {
                    for entry in side.notAdopted {
                        out.append("\(side.sideLead) · \(Wording.notAdopted(entry.kind)): \(entry.text)")
                        out += entry.options.enumerated().map {
                            "  - \(ReportDocument.letter($0.offset))) \($0.element)"
                        }
                        out.append("")
                    }
                }
            }
        }
        out += participation(document.participation)
        return out.joined(separator: "\n")
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
