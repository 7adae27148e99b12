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

    /// The brackets of `text`, or `invalid` naming what is wrong and where (from 1).
    public static func parse(_ text: String) throws(Refusal) -> [Bracket] {
        var brackets: [Bracket] = []
        var open: (offset: Int, start: String.Index)?
        var index = text.startIndex
        var offset = 0
        while index < text.endIndex {
            let rest = text[index...]
            if rest.hasPrefix("[[") {
                if let open {
                    throw Refusal(
                        .invalid,
                        "brackets do not nest: the '[[' at character \(offset + 1) is inside the bracket opened at \(open.offset + 1)"
                    )
                }
                open = (offset, text.index(index, offsetBy: 2))
                index = text.index(index, offsetBy: 2)
                offset += 2
            } else if rest.hasPrefix("]]") {
                guard let opened = open else {
                    throw Refusal(.invalid, "the ']]' at character \(offset + 1) closes no bracket")
                }
                let inside = String(text[opened.start..<index])
                brackets.append(
                    Bracket(
                        alternatives: inside.components(separatedBy: " // ").map { String($0.trimmed) },
                        offset: opened.offset))
                open = nil
                index = text.index(index, offsetBy: 2)
                offset += 2
            } else {
                index = text.index(after: index)
                offset += 1
            }
        }
        if let open {
            throw Refusal(.invalid, "the '[[' at character \(open.offset + 1) is never closed with ']]'")
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
