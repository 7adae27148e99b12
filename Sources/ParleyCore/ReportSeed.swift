/// The first draft of the joint report, written from the discussion in the reference
/// report's shape: an introduction, one section per agenda item, and the recommendations
/// grouped into themes. Pure: the same state always seeds the same text.
///
/// Only public, unredacted words are used. A contribution whose text holds a held term
/// (published after moderation) is left out, because a draft never holds one; so are
/// points not adopted, chat, and contributions of the facilitator.
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
            sections.append(Section(title: item.title, owner: .joint, text: Self.discussion(here, spec), item: item.id))
        }
        sections.append(
            Section(title: "Recommendations", owner: .joint, text: Self.recommendations(usable, spec), item: nil))
        self.sections = sections
    }

    static func introduction(_ spec: SessionSpec) -> String {
        let adjectives = spec.sides.map(\.adjective).joined(separator: " and ")
        let items = spec.agenda.map(\.title)
        let list =
            items.count <= 2
            ? items.joined(separator: " and ") : items.dropLast().joined(separator: "; ") + "; and " + items.last!
        return "This report is the outcome of the joint effort of \(adjectives) experts in the \(spec.title). "
            + "It sets out the \(adjectives) perspectives on \(list), and the recommendations both sides agreed."
    }

    /// Positions and adopted proposals in the order posted, each followed by what answers it.
    static func discussion(_ contributions: [Contribution], _ spec: SessionSpec) -> String {
        let included = contributions.filter { $0.kind == .position || $0.kind == .comment || isAgreement($0) }
        let ids = Set(included.map(\.id))
        var replies: [ContributionID: [Contribution]] = [:]
        var roots: [Contribution] = []
        for contribution in included {
            if let parent = contribution.replyTo, ids.contains(parent) {
                replies[parent, default: []].append(contribution)
            } else {
                roots.append(contribution)
            }
        }
        var paragraphs: [String] = []
        func visit(_ contribution: Contribution) {
            paragraphs.append(paragraph(contribution, spec))
            for reply in replies[contribution.id] ?? [] { visit(reply) }
        }
        roots.forEach(visit)
        return paragraphs.joined(separator: "\n\n")
    }

    static func recommendations(_ contributions: [Contribution], _ spec: SessionSpec) -> String {
        var themes: [String] = []
        for item in spec.agenda {
            let adopted = contributions.filter { $0.item == item.id && $0.kind == .recommendation && $0.adopted }
            guard !adopted.isEmpty else { continue }
            var theme = ["## \(themes.count + 1). \(item.title)"]
            for recommendation in adopted {
                let options = (recommendation.options ?? []).enumerated().map {
                    "- \(letter($0.offset))) \(clean(oneLine($0.element)))"
                }
                theme.append(([clean(recommendation.text)] + options).joined(separator: "\n"))
            }
            themes.append(theme.joined(separator: "\n\n"))
        }
        return themes.joined(separator: "\n\n")
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

    /// A contribution's words as one paragraph of a section: its own blank lines closed up
    /// (a statement stays one paragraph, after its lead), and bracket marks that do not
    /// pair up opened out (`[ [`), so that they cannot break the draft's bracket syntax.
    static func clean(_ text: String) -> String {
        var text = String(text.normalizedLineBreaks.trimmed)
        while text.contains("\n\n") { text = text.replacing("\n\n", with: "\n") }
        if !Brackets.areValid(in: text) { text = text.replacing("[[", with: "[ [").replacing("]]", with: "] ]") }
        return text
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

extension Contribution {
    /// The text and options, as held terms are matched.
    var fullText: String { ([text] + (options ?? [])).joined(separator: "\n") }
}
