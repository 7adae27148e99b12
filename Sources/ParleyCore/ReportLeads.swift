/// The leads that attribute a statement in the joint report: "From Armenia's perspective,"
/// before a position, "The Azerbaijani side" before a comment, "Both sides agree that"
/// before an adopted proposal.
///
/// A lead is never doubled, and no side's words ever read as the other side's or as
/// both sides'. A side's statement is left as written only when it opens by naming its
/// own side ("The Armenian side…", "From Armenia's perspective…", "Armenia…"). One that
/// opens with words any side could use ("Both sides…", "We…", "Our…", "According to…")
/// is rephrased: the lead goes first and the opening word is lowered ("From Armenia's
/// perspective, both sides…"). A text written to follow the lead ("the treaty must be
/// signed first") follows it directly, one that opens with a common English word has that
/// word lowered, and any other (a proper noun, another script) follows after a colon,
/// unchanged. An adopted proposal is both sides' text: one that already speaks for both
/// ("Both…", "We…", "Обе стороны…") is left as written.
public struct ReportLeads: Sendable {
    public let side: SideSpec

    public init(side: SideSpec) { self.side = side }

    public static let agreement = "Both sides agree that"

    /// A side's position.
    public func position(_ text: String) -> String {
        attributed(text, lead: "From \(side.name)'s perspective,", colon: "From \(side.name)'s perspective:")
    }

    /// A side's comment on the other side's view.
    public func comment(_ text: String) -> String {
        attributed(
            text, lead: "The \(side.adjective) side", colon: "The \(side.adjective) side notes:",
            loweredLead: "The \(side.adjective) side notes that")
    }

    /// An adopted proposal: both sides' words.
    public static func agreement(_ text: String) -> String {
        let trimmed = String(text.trimmed)
        guard let first = trimmed.unicodeScalars.first else { return agreement }
        if Leads.joint.match(trimmed, capitalized: !first.properties.isLowercase) { return trimmed }
        return continued(trimmed, lead: agreement, colon: "Both sides agree:", loweredLead: agreement)
    }

    private func attributed(_ text: String, lead: String, colon: String, loweredLead: String? = nil) -> String {
        let trimmed = String(text.trimmed)
        guard let first = trimmed.unicodeScalars.first else { return lead }
        let capitalized = !first.properties.isLowercase
        if ownLeads.match(trimmed, capitalized: capitalized) { return trimmed }
        if capitalized, first.isLatinLetter, Leads.anySide.match(trimmed, capitalized: true) {
            return Self.lowered(trimmed, after: loweredLead ?? lead)
        }
        return Self.continued(trimmed, lead: lead, colon: colon, loweredLead: loweredLead ?? lead)
    }

    /// Openings that name this side: from its name and adjective in the spec, and from its
    /// aliases (stems in other languages), alone or after "с точки зрения", "по мнению".
    private var ownLeads: Leads {
        let stems = side.aliases.map { String($0.trimmed) }.filter { !$0.isEmpty }
        return Leads(
            phrases: [
                "the \(side.adjective) side", "from \(side.name)'s perspective",
                "from the \(side.adjective) perspective",
                "in \(side.name)'s view", "in the \(side.adjective) view",
            ] + stems.flatMap { [$0 + "*", "с точки зрения \($0)*", "по мнению \($0)*"] },
            openers: [side.name, side.adjective, "the \(side.adjective)", "from \(side.name)", "in \(side.name)"])
    }

    /// A text that carries no lead of its own, after `lead`.
    private static func continued(_ text: String, lead: String, colon: String, loweredLead: String) -> String {
        let first = text.unicodeScalars.first!
        guard first.isLatinLetter else { return "\(colon) \(text)" }
        if first.properties.isLowercase { return "\(lead) \(text)" }
        let word = text.prefix { $0.isLetter }
        return commonWords.contains(word.lowercased()) ? lowered(text, after: loweredLead) : "\(colon) \(text)"
    }

    /// "From Armenia's perspective, both sides…": the lead, then the text with its first word lowered.
    private static func lowered(_ text: String, after lead: String) -> String {
        let word = text.prefix { $0.isLetter }
        return "\(lead) \(word.lowercased())\(text.dropFirst(word.count))"
    }

    /// Common English words that may open a sentence and read lowered after a lead.
    static let commonWords: Set<String> = [
        "the", "a", "an", "this", "these", "that", "those", "it", "its", "there", "such", "any", "all", "every",
        "in", "on", "at", "for", "as", "while", "since", "if", "once", "although", "though", "because", "without",
        "with", "after", "before", "during", "no", "however", "moreover", "furthermore", "given", "despite",
        "current", "recent", "further", "more", "most", "some", "many", "much", "peace", "trust", "progress",
    ]

    /// Openings that attribute a text. A phrase is a lead however it is written; an opener
    /// only when the text starts with a capital, because a text that starts in lower case
    /// is written to follow the report's lead ("both delegations meet monthly" → "Both
    /// sides agree that both delegations…"). A trailing `*` marks a stem ("наш*": "наша").
    struct Leads {
        var phrases: [String]
        var openers: [String]

        /// Words that speak for both sides: an adopted proposal that opens with them stands as written.
        static let joint = Leads(
            phrases: ["both sides", "the two sides", "обе стороны", "стороны согласны"],
            openers: ["both", "the sides", "we", "our", "together", "мы", "наш*"])

        /// Words any side could open with: a side's statement that does is rephrased, never left bare.
        static let anySide = Leads(
            phrases: ["the two sides", "the sides", "each side", "neither side", "according to"],
            openers: ["both", "we", "our", "neither", "each", "according"])

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
}

extension Unicode.Scalar {
    /// A letter of the Latin script (ASCII letters and the Latin-1 to Latin Extended blocks).
    var isLatinLetter: Bool {
        properties.isAlphabetic && (value < 0x0250 || (0x1E00...0x1EFF).contains(value))
    }
}
