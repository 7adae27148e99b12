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
            body.append("</li>")
        }
        body += ["</ol>", "</section>"]
        body += participation(document.participation)
        return page(title: "\(document.title) — Transcript", body: body)
    }

    func report(_ document: ReportDocument) -> String {
        var body = ["<header class=\"cover\">"]
        if !document.series.isEmpty { body.append("<p class=\"series\">\(escape(document.series))</p>") }
        body += [
            "<p class=\"label\">Report</p>", "<h1>\(escape(document.title))</h1>",
            "<p class=\"date\">\(escape(document.date))</p>", "</header>",
            "<section class=\"authors\">", "<h2>Authors</h2>",
        ]
        body += delegations(document.delegations) + ["</section>"]
        for (number, item) in document.items.enumerated() {
            body += ["<section class=\"item\">", "<h2>\(number + 1). \(escape(item.title))</h2>"]
            for side in item.sides {
                body += side.positions.map { paragraph(side.perspectiveLead, $0) }
            }
            for side in item.sides {
                body += side.comments.map { paragraph(side.sideLead, $0) }
            }
            body += item.agreements.map {
                "<p class=\"agreed\" dir=\"auto\"><span class=\"lead\">\(ReportDocument.agreementLead)</span> "
                    + "\(escape($0))</p>"
            }
            if !item.recommendations.isEmpty {
                body += ["<h3>Recommendations</h3>", "<ol class=\"recommendations\">"]
                for recommendation in item.recommendations {
                    body.append("<li><p dir=\"auto\">\(escape(recommendation.text))</p>")
                    body += options(recommendation.options)
                    body.append("</li>")
                }
                body.append("</ol>")
            }
            let notAdopted = item.sides.filter { !$0.notAdopted.isEmpty }
            if !notAdopted.isEmpty {
                body.append("<h3>Proposed, not adopted</h3>")
                for side in notAdopted {
                    body.append("<h4>\(escape(side.sideLead))</h4>")
                    for entry in side.notAdopted {
                        body.append(
                            "<p class=\"not-adopted\"><em>\(Wording.notAdopted(entry.kind)):</em> "
                                + "<span dir=\"auto\">\(escape(entry.text))</span></p>")
                        body += options(entry.options)
                    }
                }
            }
            body.append("</section>")
        }
        body += participation(document.participation)
        return page(title: document.title, body: body)
    }

    private func paragraph(_ lead: String, _ text: String) -> String {
        "<p dir=\"auto\"><span class=\"lead\">\(escape(lead))</span> \(escape(text))</p>"
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
                "<li><span class=\"letter\">\(ReportDocument.letter($0.offset)))</span> "
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

    private func page(title: String, body: [String]) -> String {
        ([
            "<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>\(escape(title))</title>", "<style>", Self.stylesheet, "</style>", "</head>", "<body>",
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

    static let stylesheet = """
        :root { color: #1a1a1a; background: #fff; font: 11pt/1.5 "Noto Serif", "DejaVu Serif", Georgia, serif; }
        body { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
        h1 { font-size: 1.8rem; margin: 0.2rem 0; } h2 { font-size: 1.3rem; margin-top: 2rem; }
        h3 { font-size: 1.1rem; } h4 { font-size: 1rem; font-style: italic; }
        .series, .label, .date, .note { color: #444; margin: 0.2rem 0; }
        .cover { border-bottom: 2px solid #1f3a5f; padding-bottom: 1rem; }
        .lead { font-weight: bold; }
        .agreed { border-left: 4px solid #1f6f43; padding-left: 0.6rem; }
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
        @page { size: A4; margin: 20mm; }
        @media print {
          body { margin: 0; max-width: none; }
          .item, .participation { break-before: page; }
          a { color: inherit; text-decoration: none; }
        }
        """
}
