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
            if let translation = entry.translation {
                out += [
                    "> *\(escape(Wording.translationLabel(translation)))*", ">", "> " + paragraph(translation.text), "",
                ]
            }
        }
        if !document.keys.isEmpty {
            out += ["## \(Wording.keysHeading)", ""]
            out += document.keys.map { "- \(Wording.time($0.at)) · \(escape(Wording.key($0)))" } + [""]
        }
        if !document.acceptances.isEmpty {
            out += ["## \(Wording.acceptancesHeading)", ""]
            out += document.acceptances.map { "- \(Wording.time($0.at)) · \(escape(Wording.acceptance($0)))" } + [""]
        }
        out += participation(document.participation)
        return out.joined(separator: "\n")
    }

    func report(_ document: ReportDocument) -> String {
        var out: [String] = []
        if document.isDraft { out += ["> **\(Wording.draftMark(document))**", ""] }
        if !document.series.isEmpty { out += [escape(document.series), ""] }
        out += ["# \(escape(document.title))", "", "Report"]
        for cochair in document.cochairs { out += ["", "\(escape(cochair.name)), \(escape(cochair.side)) (Co-chair)"] }
        out += ["", escape(document.date), "", "## Authors", ""]
        out += delegations(document.delegations)
        for section in document.sections {
            out += ["## \(escape(section.title))", ""]
            if document.annotated { out += ["*\(escape(Wording.sectionMeta(section)))*", ""] }
            out += blocks(section.blocks)
            if !section.notAdopted.isEmpty {
                out += ["### Proposed, not adopted", ""]
                for entry in section.notAdopted {
                    out += [
                        "*\(escape(entry.side)) · \(Wording.notAdopted(entry.kind))*: " + paragraph(entry.text), "",
                    ]
                    out += options(entry.options)
                }
            }
        }
        if !document.about.isEmpty { out += ["---", ""] + blocks(document.about) }
        if document.stage == .final {
            out += ["## Signatures", "", escape(Wording.signatureNote(document)), ""]
            out += ["| Section | Version | SHA-256 of its text |", "|---|---:|---|"]
            for section in document.sections {
                out.append("| \(escape(section.title)) | \(section.version ?? 0) | `\(section.sha256 ?? "")` |")
            }
            out.append("")
        }
        if document.isDraft { out += ["> **\(Wording.draftMark(document))**", ""] }
        return out.joined(separator: "\n")
    }

    private func blocks(_ blocks: [SectionBlock]) -> [String] {
        blocks.flatMap { block -> [String] in
            switch block {
            case .heading(let text): ["### \(escape(text))", ""]
            case .paragraph(let lines): [lines.map(line).joined(separator: "\\\n"), ""]
            case .list(let items): items.map { "- \(line($0))" } + [""]
            }
        }
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
        return options.enumerated().map { "- \(ReportSeed.letter($0.offset))) \(paragraph($0.element))" } + [""]
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
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { line(String($0)) }
            .joined(separator: "\\\n")
    }

    /// One line of user text: escaped, its leading indentation dropped (four spaces would
    /// turn it into a code block, where the escapes would show).
    private func line(_ text: String) -> String {
        escape(String(text.drop { $0 == " " || $0 == "\t" }))
    }

    /// Escapes what Markdown could read as markup: emphasis, links, HTML, entities, tables
    /// and code anywhere, and block markers (headings, lists, rules, setext underlines) as the first
    /// character after a line's leading white space.
    func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var atStart = true
        var digitsAtStart = false
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&": out.append("\\")
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
