import ParleyCore

/// Markdown: user text escaped so that it reads as written and never as markup.
struct MarkdownRenderer {
    func transcript(_ document: TranscriptDocument) -> String {
        var out = ["# \(escape(document.title)) — Transcript", ""]
        if !document.series.isEmpty { out += ["*\(escape(document.series))*", ""] }
        out += [Wording.attribution(document.attribution), ""]
        if !document.delegations.isEmpty {
            out += ["## Delegations", ""]
            out += delegations(document.delegations)
        }
        out += ["## Contributions", ""]
        for entry in document.entries {
            var head = "**[\(entry.id)] \(Wording.time(entry.at)) · \(escape(entry.item)) · \(entry.kind.rawValue) · "
            head += "\(escape(entry.author))**"
            let marks = Wording.entryMarks(entry)
            if !marks.isEmpty { head += " *(\(marks.map(escape).joined(separator: "; ")))*" }
            out += [head, "", paragraph(entry.text), ""]
            out += options(entry.options)
        }
        out += participation(document.participation)
        return out.joined(separator: "\n")
    }

    func report(_ document: ReportDocument) -> String {
        var out: [String] = []
        if !document.series.isEmpty { out += [escape(document.series), ""] }
        out += ["# \(escape(document.title))", "", "Report · \(document.date)", "", "## Authors", ""]
        out += delegations(document.delegations)
        for (number, item) in document.items.enumerated() {
            out += ["## \(number + 1). \(escape(item.title))", ""]
            for side in item.sides {
                for position in side.positions { out += [paragraph("\(side.perspectiveLead) \(position)"), ""] }
            }
            for side in item.sides {
                for comment in side.comments { out += [paragraph("\(side.sideLead) \(comment)"), ""] }
            }
            for agreement in item.agreements {
                out += [paragraph("\(ReportDocument.agreementLead) \(agreement)"), ""]
            }
            if !item.recommendations.isEmpty {
                out += ["### Recommendations", ""]
                for (index, recommendation) in item.recommendations.enumerated() {
                    out += ["\(index + 1)\\. " + paragraph(recommendation.text), ""]
                    out += options(recommendation.options)
                }
            }
            let notAdopted = item.sides.filter { !$0.notAdopted.isEmpty }
            if !notAdopted.isEmpty {
                out += ["### Proposed, not adopted", ""]
                for side in notAdopted {
                    out += ["#### \(escape(side.sideLead))", ""]
                    for entry in side.notAdopted {
                        out += ["*\(Wording.notAdopted(entry.kind))*: " + paragraph(entry.text), ""]
                        out += options(entry.options)
                    }
                }
            }
        }
        out += participation(document.participation)
        return out.joined(separator: "\n")
    }

    private func delegations(_ delegations: [Delegation]) -> [String] {
        var out: [String] = []
        for delegation in delegations {
            out += ["### Members from \(escape(delegation.side))", ""]
            out += delegation.members.map { "- \(escape($0.name))\($0.cochair ? " (Co-chair)" : "")" }
            out.append("")
        }
        return out
    }

    private func options(_ options: [String]) -> [String] {
        guard !options.isEmpty else { return [] }
        return options.enumerated().map { "- \(ReportDocument.letter($0.offset))) \(paragraph($0.element))" } + [""]
    }

    private func participation(_ participation: Participation) -> [String] {
        var out = ["## Participation", ""]
        let header = participation.sides.flatMap { ["\(escape($0)): contributions", "words"] }
        out.append("| Agenda item | " + header.joined(separator: " | ") + " |")
        out.append("|---|" + String(repeating: "---:|", count: header.count))
        for row in participation.rows + [Participation.Row(item: "Total", counts: participation.totals)] {
            let cells = row.counts.flatMap { [String($0.contributions), String($0.words)] }
            out.append("| \(escape(row.item)) | " + cells.joined(separator: " | ") + " |")
        }
        return out + [""]
    }

    /// A user text as one Markdown paragraph: escaped, each line break (LF, CRLF, CR or any
    /// other) kept as a hard break, so that no line can start a block of its own.
    func paragraph(_ text: String) -> String {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { escape(String($0)) }
            .joined(separator: "\\\n")
    }

    /// Escapes what Markdown could read as markup: emphasis, links, HTML, tables and code
    /// anywhere, and block markers (headings, lists, rules, setext underlines) as the first
    /// character after a line's leading white space.
    func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var atStart = true
        var digitsAtStart = false
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~": out.append("\\")
            case "#", "-", "+", "=": if atStart { out.append("\\") }
            case ".", ")": if digitsAtStart { out.append("\\") }
            default: break
            }
            out.append(character)
            let isIndent = character == " " || character == "\t"
            digitsAtStart = (atStart || digitsAtStart) && character.isNumber
            atStart = atStart && isIndent
        }
        return out
    }
}
