import Foundation

/// Finds held terms in text however they are disguised.
///
/// Text and terms are folded the same way before they are compared, on code points:
/// compatibility decomposition (NFKD: fullwidth, mathematical and ligature letters become
/// plain ones), default-ignorable code points removed (zero-width spaces and joiners, soft
/// hyphens, word joiners, bidi controls, variation selectors), combining marks removed (an
/// accent after a letter), and case folded in every script: upper-casing then lower-casing
/// maps each letter to one form (Armenian `Թ`/`թ`, Greek `Σ`/`σ`/`ς`, German `ß`/`SS`, the
/// ligature `և`/`եւ`); Turkish and Azerbaijani `İ`, `I`, `ı`, `i` all become `i`. A second
/// comparison also maps the Cyrillic, Greek and Armenian letters that look like Latin ones
/// to those (after UTS #39's confusables: Cyrillic `е` in a Latin word, Armenian `օ`), in
/// text and terms alike. A term is held when either comparison finds it. A held term only
/// routes a post to moderation, so matching errs on the side of finding.
public struct HeldTermMatcher: Sendable {
    private struct Term: Sendable {
        var original: String
        var folded: [UInt8]
        var skeleton: [UInt8]
    }

    private let terms: [Term]

    public init(terms: [String]) {
        self.terms = terms.compactMap { term in
            let folded = Self.fold(term, skeleton: false)
            return folded.isEmpty
                ? nil : Term(original: term, folded: folded, skeleton: Self.fold(term, skeleton: true))
        }
    }

    /// The terms that occur in `text`, in the order the rules list them.
    public func matches(in text: String) -> [String] {
        guard !terms.isEmpty else { return [] }
        let folded = Self.fold(text, skeleton: false)
        let skeleton = Self.fold(text, skeleton: true)
        return terms.filter { Self.contains(folded, $0.folded) || Self.contains(skeleton, $0.skeleton) }.map(\.original)
    }

    /// The folded form of `text`, as UTF-8 (a byte match of UTF-8 is a code point match).
    static func fold(_ text: String, skeleton: Bool) -> [UInt8] {
        var scalars = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCompatibilityMapping.unicodeScalars where !isInvisible(scalar) {
            if skeleton, let latin = confusables[scalar] {
                scalars.append(latin)
            } else {
                scalars.append(scalar)
            }
        }
        // Case folding may bring marks back (`İ` lower-cases to `i` and U+0307).
        let cased = String(scalars).uppercased().lowercased().decomposedStringWithCompatibilityMapping
        let trimmed = cased.unicodeScalars.filter { !isInvisible($0) }
        return Array(String(String.UnicodeScalarView(trimmed)).trimmed.utf8)
    }

    /// The case-free form of `text`, for comparisons elsewhere (report leads).
    public static func fold(_ text: String) -> String {
        String(decoding: fold(text, skeleton: false), as: UTF8.self)
    }

    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return scalar.properties.isDefaultIgnorableCodePoint
        }
    }

    private static func contains(_ text: [UInt8], _ term: [UInt8]) -> Bool {
        guard !term.isEmpty, text.count >= term.count else { return false }
        let first = term[0]
        var index = 0
        let last = text.count - term.count
        while index <= last {
            if text[index] == first, text[index..<(index + term.count)].elementsEqual(term) { return true }
            index += 1
        }
        return false
    }

    /// Letters of Cyrillic, Greek and Armenian that look like Latin ones, after UTS #39.
    static let confusables: [Unicode.Scalar: Unicode.Scalar] = {
        let pairs: [(String, String)] = [
            // Cyrillic
            ("аАвВсСԁеЕһНіІјЈкКӏӀмМоОрРԛԚѕЅтТԝԜхХуУүҮ", "aabbccdeehhiijjkkllmmooppqqssttwwxxyyyy"),
            // Greek
            ("αΑβΒϲϹεΕζΖηΗιΙϳκΚμΜνΝοΟρΡτΤυΥχΧγω", "aabbcceezznhiijkkumvnoopptt" + "uyxxyw"),
            // Armenian
            ("օՕսՍոհզցաԼ", "oouunhqgwl"),
        ]
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (letters, latin) in pairs {
            for (letter, prototype) in zip(letters.unicodeScalars, latin.unicodeScalars) { table[letter] = prototype }
        }
        return table
    }()
}
