/// Finds held terms in text, ignoring case in every script.
///
/// Matching folds both sides the same way: upper-casing then lower-casing maps each letter
/// to one canonical form (Armenian `Թ`/`թ`, Greek `Σ`/`σ`/`ς`, German `ß`/`SS`, the
/// ligature `և`/`եւ`). Turkish and Azerbaijani dotted and dotless i (`İ`, `I`, `ı`, `i`) are
/// all treated as `i`, so a term is found whichever keyboard typed it. A held term only
/// routes a post to moderation, so matching errs on the side of finding.
public struct HeldTermMatcher: Sendable {
    private let terms: [(original: String, folded: String)]

    public init(terms: [String]) {
        self.terms = terms.compactMap { term in
            let folded = Self.fold(term)
            return folded.isEmpty ? nil : (term, folded)
        }
    }

    /// The terms that occur in `text`, in the order the rules list them.
    public func matches(in text: String) -> [String] {
        guard !terms.isEmpty else { return [] }
        let folded = Self.fold(text)
        return terms.filter { folded.contains($0.folded) }.map(\.original)
    }

    /// The case-free form of `text`.
    public static func fold(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var previousWasI = false
        for scalar in text.trimmed.uppercased().lowercased().unicodeScalars {
            // Dotless ı upper-cases to I and so folds to i; dotted İ lower-cases to i plus
            // U+0307, whose dot is dropped here.
            if scalar == "\u{0307}" && previousWasI {
                previousWasI = false
                continue
            }
            scalars.append(scalar)
            previousWasI = scalar == "i"
        }
        return String(scalars)
    }
}
