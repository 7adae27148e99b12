import ParleyCore

/// HTML: one self-contained, print-ready page: escaped text, one stylesheet with A4 print
/// rules (a page break before each agenda item), an inline SVG participation chart, no scripts.
struct HTMLRenderer {
    func transcript(_ document: TranscriptDocument) -> String {
        var body = ["<header>", "<h1>\(escape(document.title)) — Transcript</h1>"]
        if !document.series.isEmpty { body.append("<p class=\"series\">\(escape(document.series))</p>") }
        body.append("<p class=\"note\">\(escape(Wording.attribution(document.attribution)))</p>")
        body.append("</header>")
        if !document.delegations.isEmpty {
            body += ["<section>", "<h2>Delegations</h2>"] + delegations(document.delegations) + ["</section>"]
        }
        body += ["<section>", "<h2>Contributions</h2>", "<ol class=\"transcript\">"]
        for entry in document.entries {
            var meta = "<span class=\"id\">[\(entry.id)]</span> <time>\(Wording.time(entry.at))</time> · "
            meta += "\(escape(entry.item)) · <span class=\"kind\">\(entry.kind.rawValue)</span> · "
            meta += "<strong>\(escape(entry.author))</strong>"
            let marks = Wording.entryMarks(entry)
            if !marks.isEmpty { meta += " <span class=\"marks\">(\(escape(marks.joined(separator: "; "))))</span>" }
            body.append("<li id=\"c\(entry.id)\"><p class=\"meta\">\(meta)</p>")
            body.append(
                "<p class=\"\(entry.redacted ? "text redacted" : "text")\" dir=\"auto\">\(escape(entry.text))</p>")
            body += options(entry.options)
            if let translation = entry.translation {
                body.append("<p class=\"translation-label\">\(escape(Wording.translationLabel(translation)))</p>")
                body.append(
                    "<p class=\"text translation\" lang=\"\(escape(translation.language))\" dir=\"auto\">\(escape(translation.text))</p>"
                )
            }
            body.append("</li>")
        }
        body += ["</ol>", "</section>"]
        if !document.keys.isEmpty {
            body += ["<section>", "<h2>\(Wording.keysHeading)</h2>", "<ul class=\"keys\">"]
            body += document.keys.map {
                "<li><time>\(Wording.time($0.at))</time> · <a href=\"#c\($0.contribution)\">\(escape(Wording.key($0)))</a></li>"
            }
            body += ["</ul>", "</section>"]
        }
        if !document.acceptances.isEmpty {
            body += ["<section>", "<h2>\(Wording.acceptancesHeading)</h2>", "<ul class=\"acceptances\">"]
            body += document.acceptances.map {
                "<li><time>\(Wording.time($0.at))</time> · \(escape(Wording.acceptance($0)))</li>"
            }
            body += ["</ul>", "</section>"]
        }
        body += participation(document.participation)
        return page(title: "\(document.title) — Transcript", body: body)
    }

    func report(_ document: ReportDocument) -> String {
        var body: [String] = []
        if document.isDraft {
            body.append("<p class=\"draft-mark\" role=\"note\">\(escape(Wording.draftMark(document)))</p>")
        }
        body.append("<header class=\"cover\">")
        if !document.series.isEmpty { body.append("<p class=\"series\">\(escape(document.series))</p>") }
        body += ["<p class=\"label\">Report</p>", "<h1>\(escape(document.title))</h1>", "<ul class=\"cochairs\">"]
        body += document.cochairs.map {
            "<li><span class=\"name\">\(escape($0.name))</span> <span class=\"side\">\(escape($0.side))</span> "
                + "<span class=\"role\">(Co-chair)</span></li>"
        }
        body += ["</ul>", "<p class=\"date\">\(escape(document.date))</p>", "</header>"]
        body +=
            ["<section class=\"authors\">", "<h2>Authors</h2>"] + delegations(document.delegations) + ["</section>"]
        body.append("<main class=\"report\">")
        body.append("<p class=\"running-title\">Report of the \(escape(document.title))</p>")
        for section in document.sections {
            let id = section.id.map { " id=\"\(escape($0))\"" } ?? ""
            body += ["<section class=\"section\"\(id)>", "<h2>\(escape(section.title))</h2>"]
            if document.annotated {
                body.append("<p class=\"section-meta\">\(escape(Wording.sectionMeta(section)))</p>")
            }
            body += blocks(section.blocks)
            if !section.notAdopted.isEmpty {
                body.append("<h3>Proposed, not adopted</h3>")
                for entry in section.notAdopted {
                    body.append(
                        "<p class=\"not-adopted\"><em>\(escape(entry.side)) · \(Wording.notAdopted(entry.kind)):</em> "
                            + "<span dir=\"auto\">\(escape(entry.text))</span></p>")
                    body += options(entry.options)
                }
            }
            body.append("</section>")
        }
        body.append("</main>")
        if !document.about.isEmpty { body += ["<footer class=\"about\">"] + blocks(document.about) + ["</footer>"] }
        if document.stage == .final {
            body += [
                "<section class=\"signatures\">", "<h2>Signatures</h2>",
                "<p>\(escape(Wording.signatureNote(document)))</p>", "<table>",
                "<thead><tr><th>Section</th><th>Version</th><th>SHA-256 of its text</th></tr></thead>", "<tbody>",
            ]
            body += document.sections.map {
                "<tr><th scope=\"row\" dir=\"auto\">\(escape($0.title))</th><td>\($0.version ?? 0)</td>"
                    + "<td class=\"digest\">\(escape($0.sha256 ?? ""))</td></tr>"
            }
            body += ["</tbody>", "</table>", "</section>"]
        }
        return page(
            title: document.title, body: body, classes: document.isDraft ? "report is-draft" : "report",
            style: document.isDraft ? Self.draftPageStyle(Wording.draftMark(document)) : nil)
    }

    private func blocks(_ blocks: [SectionBlock]) -> [String] {
        blocks.map { block in
            switch block {
            case .heading(let text): "<h3 dir=\"auto\">\(highlighted(text))</h3>"
            case .paragraph(let lines): "<p dir=\"auto\">\(lines.map(highlighted).joined(separator: "<br>"))</p>"
            case .list(let items):
                "<ul class=\"list\">" + items.map { "<li dir=\"auto\">\(highlighted($0))</li>" }.joined() + "</ul>"
            }
        }
    }

    /// Escaped text with each `[[ … ]]` of a line marked, its alternatives set apart.
    private func highlighted(_ text: String) -> String {
        var out = ""
        var rest = text[...]
        while let open = rest.firstRange(of: "[["), let close = rest[open.upperBound...].firstRange(of: "]]") {
            out += escape(String(rest[..<open.lowerBound]))
            let alternatives = rest[open.upperBound..<close.lowerBound].split(
                separator: " // ", omittingEmptySubsequences: false)
            out +=
                "<mark class=\"bracket\">[["
                + alternatives.map { escape(String($0)) }.joined(separator: " <span class=\"or\">//</span> ")
                + "]]</mark>"
            rest = rest[close.upperBound...]
        }
        return out + escape(String(rest))
    }

    private func delegations(_ delegations: [Delegation]) -> [String] {
        delegations.flatMap { delegation in
            ["<h3>Members from \(escape(delegation.side))</h3>", "<ul class=\"members\">"]
                + delegation.members.map { "<li>\(escape($0.name))\($0.cochair ? " <em>(Co-chair)</em>" : "")</li>" }
                + ["</ul>"]
        }
    }

    private func options(_ options: [String]) -> [String] {
        guard !options.isEmpty else { return [] }
        return ["<ul class=\"options\">"]
            + options.enumerated().map {
                "<li><span class=\"letter\">\(ReportSeed.letter($0.offset)))</span> "
                    + "<span dir=\"auto\">\(escape($0.element))</span></li>"
            } + ["</ul>"]
    }

    /// A table of counts and a bar chart of words per side per item.
    private func participation(_ participation: Participation) -> [String] {
        var out = [
            "<section class=\"participation\">", "<h2>Participation</h2>", "<table>", "<thead><tr><th>Agenda item</th>",
        ]
        out += participation.sides.map { "<th>\(escape($0)): contributions</th><th>words</th>" }
        out += ["</tr></thead>", "<tbody>"]
        for row in participation.rows + [Participation.Row(item: "Total", counts: participation.totals)] {
            let cells = row.counts.map { "<td>\($0.contributions)</td><td>\($0.words)</td>" }.joined()
            out.append("<tr><th scope=\"row\">\(escape(row.item))</th>\(cells)</tr>")
        }
        out += ["</tbody>", "</table>"]
        out += chart(participation)
        return out + ["</section>"]
    }

    private func chart(_ participation: Participation) -> [String] {
        let barHeight = 14
        let rowHeight = barHeight * participation.sides.count + 16
        let labelWidth = 220
        let barWidth = 360
        let most = max(1, participation.rows.flatMap { $0.counts.map(\.words) }.max() ?? 1)
        let height = rowHeight * participation.rows.count + 24
        var svg = [
            "<svg class=\"chart\" role=\"img\" aria-label=\"Words per side per agenda item\" "
                + "xmlns=\"http://www.w3.org/2000/svg\" width=\"\(labelWidth + barWidth + 60)\" height=\"\(height)\" "
                + "viewBox=\"0 0 \(labelWidth + barWidth + 60) \(height)\">"
        ]
        for (index, side) in participation.sides.enumerated() {
            svg.append(
                "<rect x=\"\(labelWidth + index * 140)\" y=\"2\" width=\"10\" height=\"10\" class=\"side\(index % 2)\"/>"
                    + "<text x=\"\(labelWidth + index * 140 + 14)\" y=\"11\">\(escape(side))</text>")
        }
        for (rowIndex, row) in participation.rows.enumerated() {
            let top = 24 + rowIndex * rowHeight
            svg.append("<text x=\"0\" y=\"\(top + barHeight)\">\(escape(truncated(row.item, 34)))</text>")
            for (sideIndex, count) in row.counts.enumerated() {
                let y = top + sideIndex * barHeight
                let width = count.words * barWidth / most
                svg.append(
                    "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(width)\" height=\"\(barHeight - 2)\" class=\"side\(sideIndex % 2)\"/>"
                        + "<text x=\"\(labelWidth + width + 4)\" y=\"\(y + barHeight - 3)\">\(count.words)</text>")
            }
        }
        return svg + ["</svg>"]
    }

    private func truncated(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    private func page(title: String, body: [String], classes: String = "transcript-page", style: String? = nil)
        -> String
    {
        ([
            "<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>\(escape(title))</title>", "<style>", Self.stylesheet + (style.map { "\n" + $0 } ?? ""), "</style>",
            "</head>",
            "<body class=\"\(classes)\">",
        ]
            + body + ["</body>", "</html>", ""]).joined(separator: "\n")
    }

    /// Escapes the characters HTML gives meaning to, in text and attribute values.
    func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Prints the draft mark in the top margin of every page (CSS page-margin boxes; a
    /// browser without them prints the mark at the top of the first page only). `mark` is
    /// Parley's own wording, never user text (it becomes CSS).
    static func draftPageStyle(_ mark: String) -> String {
        "@page { @top-center { content: \"\(mark)\"; font: bold 9pt sans-serif; color: #7a1010; } }"
    }

    static let stylesheet = """
        :root { color: #1a1a1a; background: #fff; font: 11pt/1.5 "Noto Serif", "DejaVu Serif", Georgia, serif; }
        body { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
        h1 { font-size: 1.8rem; margin: 0.2rem 0; } h2 { font-size: 1.3rem; margin-top: 2rem; }
        h3 { font-size: 1.1rem; } h4 { font-size: 1rem; font-style: italic; }
        h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
        h2 + p, h3 + p, h3 + ul, .section-meta + p { break-before: avoid; page-break-before: avoid; }
        p, li { orphans: 3; widows: 3; }
        tr { break-inside: avoid; }
        .series, .label, .date, .note { color: #444; margin: 0.2rem 0; }
        .cover { border-bottom: 2px solid #1f3a5f; padding-bottom: 1rem; }
        .report .cover { text-align: center; border: 0; padding: 4rem 0 2rem; }
        .report .cover .label { text-transform: uppercase; letter-spacing: 0.2em; margin-top: 3rem; }
        .report .cover h1 { font-size: 2.2rem; margin: 0.5rem 0 3rem; }
        .cochairs { list-style: none; padding: 0; display: flex; justify-content: center; gap: 3rem; }
        .cochairs li { display: flex; flex-direction: column; } .cochairs .name { font-weight: bold; }
        .report .cover .date { margin-top: 3rem; font-size: 1.1rem; }
        .running-title { font-size: 1.5rem; font-weight: bold; margin-top: 2rem; }
        .section-meta { color: #444; font: 0.85rem/1.4 sans-serif; margin-top: -0.4rem; }
        mark.bracket { background: #fff1b8; outline: 1px solid #b08800; padding: 0 0.1em; }
        mark.bracket .or { color: #7a5c00; font-weight: bold; }
        .list { padding-left: 1.6rem; } .list li { margin: 0.2rem 0; } .list li::marker { content: "– "; }
        .draft-mark { background: #fde8e8; color: #7a1010; border: 1px solid #7a1010; padding: 0.3rem 0.6rem;
          font: bold 0.85rem sans-serif; text-align: center; }
        .about { border-top: 1px solid #999; margin-top: 3rem; padding-top: 1rem; color: #333; }
        .signatures table { font-size: 0.85rem; } .digest { font: 0.7rem/1.3 "DejaVu Sans Mono", monospace; word-break: break-all; text-align: left; }
        .lead { font-weight: bold; }
        .not-adopted { color: #333; }
        .redacted { color: #555; font-style: italic; }
        .meta { color: #333; font-size: 0.9rem; margin-bottom: 0; }
        .text { margin-top: 0.2rem; white-space: pre-wrap; }
        .options { list-style: none; padding-left: 1.2rem; } .letter { font-weight: bold; }
        ol.transcript { list-style: none; padding: 0; } ol.transcript > li { margin-bottom: 0.8rem; }
        table { border-collapse: collapse; margin: 1rem 0; } th, td { border: 1px solid #999; padding: 0.2rem 0.5rem; }
        td { text-align: right; } thead th { background: #eef1f5; }
        .chart text { font: 10px sans-serif; fill: #1a1a1a; }
        .chart .side0 { fill: #1f3a5f; } .chart .side1 { fill: #b5651d; }
        @page { size: A4; margin: 20mm 20mm 22mm; }
        @media print {
          body { margin: 0; max-width: none; }
          .transcript-page .participation { break-before: page; }
          .report .cover, .report .authors { break-after: page; }
          .report .cover { padding-top: 30mm; }
          .signatures { break-before: page; }
          a { color: inherit; text-decoration: none; }
        }
        """
}
