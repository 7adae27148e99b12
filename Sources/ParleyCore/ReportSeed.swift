/// The first draft of the joint report, written from the discussion in the reference
/// report's shape: an introduction, one section per agenda item, and the recommendations
/// grouped into themes. Pure: the same state always seeds the same text.
///
/// Only public, unredacted words are used. A contribution whose text holds a held term
/// (published after moderation) is left out, because a draft never holds one; so are
/// points not adopted, chat, contributions of the facilitator, and replies to anything left
/// out (a reply never stands under a statement it did not answer). A section longer than
/// a draft allows is continued in the next one ("Title (2)").
public struct ReportSeed: Sendable {
    public struct Section: Equatable, Sendable {
        public var title: String
        public var owner: SectionOwner
        public var text: String
        /// The agenda item the section reports on, if it is one item's.
        public var item: ItemID?
    }

    public let sections: [Section]

    public init(_ state: SessionState) {
        let spec = state.spec
        let matcher = HeldTermMatcher(terms: state.rules.heldTerms)
        let usable = state.orderedContributions.filter { contribution in
            contribution.moderation == .visible && contribution.redaction == nil && contribution.side != nil
                && contribution.kind != .chat && matcher.matches(in: contribution.fullText).isEmpty
        }
        var sections = [Section(title: "Introduction", owner: .joint, text: Self.introduction(spec), item: nil)]
        for item in spec.agenda {
            let here = usable.filter { $0.item == item.id }
            sections += Self.split(Self.clean(item.title), Self.discussion(here, spec), item: item.id)
        }
        sections += Self.split("Recommendations", Self.recommendations(usable, spec), item: nil)
        self.sections = sections
    }

    /// One section, or several when the paragraphs exceed what one section may hold.
    static func split(_ title: String, _ paragraphs: [String], item: ItemID?) -> [Section] {
        var parts: [[String]] = [[]]
        var bytes = 0
        for paragraph in paragraphs {
            let size = paragraph.utf8.count + 2
            if bytes + size > SessionState.maxSectionBytes, !parts[parts.count - 1].isEmpty {
                parts.append([])
                bytes = 0
            }
            // A single paragraph longer than a section is cut at the limit.
            parts[parts.count - 1].append(
                String(decoding: paragraph.utf8.prefix(SessionState.maxSectionBytes - 2), as: UTF8.self))
            bytes += size
        }
        return parts.enumerated().map { index, part in
            Section(
                title: index == 0 ? title : "\(title) (\(index + 1))", owner: .joint,
                text: part.joined(separator: "\n\n"),
                item: item)
        }
    }

    static func introduction(_ spec: SessionSpec) -> String {
        let adjectives = spec.sides.map(\.adjective).joined(separator: " and ")
        let items = spec.agenda.map(\.title)
        let list =
            items.count <= 2
            ? items.joined(separator: " and ") : items.dropLast().joined(separator: "; ") + "; and " + items.last!
        return clean(
            "This report is the outcome of the joint effort of \(adjectives) experts in the \(spec.title). "
                + "It sets out the \(adjectives) perspectives on \(list), and the recommendations both sides agreed.")
    }

    /// Positions and adopted proposals in the order posted, each followed by what answers
    /// it, depth first. Replies to anything not included are left out with their replies.
    static func discussion(_ contributions: [Contribution], _ spec: SessionSpec) -> [String] {
        let included = contributions.filter { $0.kind == .position || $0.kind == .comment || isAgreement($0) }
        let ids = Set(included.map(\.id))
        var replies: [ContributionID: [Contribution]] = [:]
        var roots: [Contribution] = []
        for contribution in included {
            if let parent = contribution.replyTo {
                if ids.contains(parent) { replies[parent, default: []].append(contribution) }
            } else {
                roots.append(contribution)
            }
        }
        var paragraphs: [String] = []
        var stack = Array(roots.reversed())
        while let contribution = stack.popLast() {
            paragraphs.append(paragraph(contribution, spec))
            stack += (replies[contribution.id] ?? []).reversed()
        }
        return paragraphs
    }

    /// The adopted recommendations, a numbered theme per agenda item, options lettered.
    static func recommendations(_ contributions: [Contribution], _ spec: SessionSpec) -> [String] {
        var paragraphs: [String] = []
        var theme = 0
        for item in spec.agenda {
            let adopted = contributions.filter { $0.item == item.id && $0.kind == .recommendation && $0.adopted }
            guard !adopted.isEmpty else { continue }
            theme += 1
            paragraphs.append("## \(theme). \(clean(item.title))")
            for recommendation in adopted {
                let options = (recommendation.options ?? []).enumerated().map {
                    "- \(letter($0.offset))) \(clean($0.element))"
                }
                paragraphs.append(([clean(recommendation.text)] + options).joined(separator: "\n"))
            }
        }
        return paragraphs
    }

    private static func isAgreement(_ contribution: Contribution) -> Bool {
        contribution.kind == .proposal && contribution.adopted
    }

    private static func paragraph(_ contribution: Contribution, _ spec: SessionSpec) -> String {
        let text = clean(contribution.text)
        if isAgreement(contribution) { return ReportLeads.agreement(text) }
        guard let side = contribution.side.flatMap(spec.side) else { return text }
        let leads = ReportLeads(side: side)
        return contribution.kind == .comment ? leads.comment(text) : leads.position(text)
    }

    /// a), b), … z), then aa), ab), …
    public static func letter(_ index: Int) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return index < 26 ? String(letters[index]) : String(letters[index / 26 - 1]) + String(letters[index % 26])
    }

    /// A contribution's words as one line of a section, so that a statement stays one
    /// paragraph after its lead and can neither end it nor start a heading or a list of
    /// its own: its line breaks become single spaces, block marks at its start are dropped,
    /// control characters and bidi controls are removed, and bracket marks that do not pair
    /// up are opened out (`[ [`), so that the draft's bracket syntax always parses.
    static func clean(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.normalizedLineBreaks.unicodeScalars {
            if scalar == "\n" || scalar == "\t" {
                scalars.append(" ")
            } else if scalar.properties.generalCategory != .control, !String(scalar).hasBidiControls {
                scalars.append(scalar)
            }
        }
        var line = String(scalars).split(separator: " ").joined(separator: " ")
        while line.hasPrefix("## ") || line.hasPrefix("- ") {
            line = String(String(line.dropFirst(line.hasPrefix("- ") ? 2 : 3)).trimmed)
        }
        if !Brackets.areValid(in: line) {
            while line.contains("[[") { line = line.replacing("[[", with: "[ [") }
            while line.contains("]]") { line = line.replacing("]]", with: "] ]") }
        }
        return line
    }
}

extension Contribution {
    /// The text and options, as held terms are matched.
    var fullText: String { ([text] + (options ?? [])).joined(separator: "\n") }
}
