/// The leads that attribute a statement in the joint report: "From Armenia's perspective,"
/// before a position, "The Azerbaijani side" before a comment, "Both sides agree that"
/// before an adopted proposal.
///
/// A lead is never doubled: a text that already begins with one (in English or Russian,
/// or naming its own side) is left as written. Otherwise a text written as a continuation
/// ("the treaty must be signed first") follows the lead directly; a text that opens with
/// a common English word has that word lowered ("The treaty…" → "…, the treaty…"); any
/// other text (a proper noun, another script) follows the lead after a colon, unchanged.
public struct ReportLeads: Sendable {
    public let side: SideSpec

    public init(side: SideSpec) { self.side = side }

    public static let agreement = "Both sides agree that"

    /// A side's position.
    public func position(_ text: String) -> String {
        Self.lead(text, "From \(side.name)'s perspective,", colon: "From \(side.name)'s perspective:", own: ownLeads)
    }

    /// A side's comment on the other side's view.
    public func comment(_ text: String) -> String {
        Self.lead(
            text, "The \(side.adjective) side", colon: "The \(side.adjective) side notes:", own: ownLeads,
            loweredLead: "The \(side.adjective) side notes that")
    }

    /// An adopted proposal: both sides' words.
    public static func agreement(_ text: String) -> String {
        lead(text, agreement, colon: "Both sides agree:", own: nil)
    }

    /// Openings that already name this side: whole phrases, and openers (below).
    private var ownLeads: Leads {
        Leads(
            phrases: [
                "the \(side.adjective) side", "from \(side.name)'s perspective",
                "from the \(side.adjective) perspective",
                "in \(side.name)'s view", "in the \(side.adjective) view",
            ],
            openers: [side.name, side.adjective, "the \(side.adjective)", "from \(side.name)", "in \(side.name)"])
    }

    /// Leads that attribute a text whichever side wrote it, in English and Russian.
    ///
    /// A phrase is a lead however it is written; an opener only when the text starts with a
    /// capital, because a text that starts in lower case is written to follow the report's
    /// lead ("both delegations meet monthly" → "Both sides agree that both delegations…").
    /// A trailing `*` marks a stem, which may end inside a word ("армянск*": "армянская").
    struct Leads {
        var phrases: [String]
        var openers: [String]

        static let common = Leads(
            phrases: [
                "both sides", "the two sides", "from both sides", "обе стороны", "с точки зрения", "по мнению",
                "армянская сторона", "азербайджанская сторона",
            ],
            openers: [
                "both", "the sides", "each side", "neither side", "from each", "we", "our", "according to", "мы",
                "наш*", "стороны", "каждая сторона", "армянск*", "азербайджанск*", "армени*", "азербайджан*",
            ])

        func match(_ text: String, capitalized: Bool) -> Bool {
            let folded = HeldTermMatcher.fold(String(text.prefix(60)))
            return phrases.contains { opens(folded, $0) } || (capitalized && openers.contains { opens(folded, $0) })
        }

        /// True when `text` opens with `lead` as a whole word (or with the stem `lead*`).
        private func opens(_ text: String, _ lead: String) -> Bool {
            if lead.hasSuffix("*") { return text.hasPrefix(HeldTermMatcher.fold(String(lead.dropLast()))) }
            let lead = HeldTermMatcher.fold(lead)
            guard text.hasPrefix(lead) else { return false }
            return text.dropFirst(lead.count).first.map { !$0.isLetter } ?? true
        }
    }

    /// Common English words that may open a sentence and read lowered after a lead.
    static let commonWords: Set<String> = [
        "the", "a", "an", "this", "these", "that", "those", "it", "its", "there", "such", "any", "all", "every",
        "in", "on", "at", "for", "as", "while", "since", "if", "once", "although", "though", "because", "without",
        "with", "after", "before", "during", "no", "however", "moreover", "furthermore", "given", "despite",
        "current", "recent", "further", "more", "most", "some", "many", "much", "peace", "trust", "progress",
    ]

    static func lead(_ text: String, _ lead: String, colon: String, own: Leads?, loweredLead: String? = nil)
        -> String
    {
        let trimmed = String(text.trimmed)
        guard let first = trimmed.unicodeScalars.first else { return lead }
        let capitalized = !first.properties.isLowercase
        if Leads.common.match(trimmed, capitalized: capitalized)
            || own?.match(trimmed, capitalized: capitalized) == true
        {
            return trimmed
        }
        guard first.isLatinLetter else { return "\(colon) \(trimmed)" }
        if first.properties.isLowercase { return "\(lead) \(trimmed)" }
        let word = trimmed.prefix { $0.isLetter }
        if commonWords.contains(word.lowercased()) {
            return "\(loweredLead ?? lead) \(word.lowercased())\(trimmed.dropFirst(word.count))"
        }
        return "\(colon) \(trimmed)"
    }
}

extension Unicode.Scalar {
    /// A letter of the Latin script (ASCII letters and the Latin-1 to Latin Extended blocks).
    var isLatinLetter: Bool {
        properties.isAlphabetic && (value < 0x0250 || (0x1E00...0x1EFF).contains(value))
    }
}
