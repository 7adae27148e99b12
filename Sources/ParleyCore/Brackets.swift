/// Contested text, bracketed as negotiators do: `we [[shall // should]] open the border`.
///
/// A bracket opens with `[[` and closes with `]]`; inside, alternatives are separated by
/// ` // `. Brackets do not nest. A "clean text" has none and is ready for signature.
public enum Brackets {
    /// One bracket of a text: its alternatives as written, and where it starts (the
    /// character offset of its `[[`, from 0).
    public struct Bracket: Equatable, Sendable {
        public var alternatives: [String]
        public var offset: Int
    }

    /// The brackets of `text`, or `invalid` naming what is wrong and where (in characters,
    /// from 1). Marks are found among Unicode scalars, so a combining mark after a `[` does
    /// not hide a bracket from the parser while the reader still sees one.
    public static func parse(_ text: String) throws(Refusal) -> [Bracket] {
        let scalars = text.unicodeScalars
        func position(_ index: String.Index) -> Int { text[..<index].count + 1 }
        var brackets: [Bracket] = []
        var opened: String.Index?
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let next = scalars.index(after: index)
            let pair = next < scalars.endIndex ? (scalars[index], scalars[next]) : nil
            if let pair, pair.0 == "[", pair.1 == "[" {
                if let opened {
                    throw Refusal(
                        .invalid,
                        "brackets do not nest: the '[[' at character \(position(index)) is inside the bracket opened at \(position(opened))"
                    )
                }
                opened = index
                index = scalars.index(after: next)
            } else if let pair, pair.0 == "]", pair.1 == "]" {
                guard let start = opened else {
                    throw Refusal(.invalid, "the ']]' at character \(position(index)) closes no bracket")
                }
                let inside = String(scalars[scalars.index(start, offsetBy: 2)..<index])
                brackets.append(
                    Bracket(
                        alternatives: inside.split(separator: " // ", omittingEmptySubsequences: false).map {
                            String(String($0).trimmed)
                        },
                        offset: position(start) - 1))
                opened = nil
                index = scalars.index(after: next)
            } else {
                index = next
            }
        }
        if let opened {
            throw Refusal(.invalid, "the '[[' at character \(position(opened)) is never closed with ']]'")
        }
        return brackets
    }

    /// How many brackets a text holds; 0 for a text whose brackets do not parse (such a
    /// text is never accepted into the draft).
    public static func count(in text: String) -> Int {
        (try? parse(text).count) ?? 0
    }

    /// True when the text's brackets parse.
    static func areValid(in text: String) -> Bool {
        (try? parse(text)) != nil
    }
}
