/// A string-backed identifier: encodes as a bare JSON string and sorts by its text.
public protocol StringIdentifier: RawRepresentable, Hashable, Comparable, Codable, Sendable,
    CustomStringConvertible, ExpressibleByStringLiteral
where RawValue == String {
    init(rawValue: String)
}

extension StringIdentifier {
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Identifies one dialogue session.
public struct SessionID: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// Identifies a participant within a session (`p1`, `p2`, … in order of addition).
public struct ParticipantID: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// Identifies one of the session's two sides (`am`, `az`).
public struct SideID: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// Identifies an agenda item.
public struct ItemID: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// The position of an event in its session's journal, rising by one per event from 1.
public typealias Seq = Int64

/// A contribution is identified by the `seq` of the event that created it.
public typealias ContributionID = Seq

extension String {
    /// True when the text is a short, URL-safe token: letters, digits, `-` and `_`, 1 to 64
    /// long. Ids of sides, items and sessions are.
    public var isSafeIdentifier: Bool { isURLSafe(length: 1...64) }

    /// True when the text is only ASCII letters, digits, `-` and `_` (base64url), with a
    /// UTF-8 length in `length`: the one check of identifiers and tokens.
    public func isURLSafe(length: ClosedRange<Int>) -> Bool {
        guard length.contains(utf8.count) else { return false }
        return utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
        }
    }

    /// True when the text is one line of printable characters: no line break, no tab, no
    /// control character. Names, titles and reasons must be; contributions may span lines.
    var isSingleLine: Bool {
        !contains { $0.isNewline } && !unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// True when the text holds no control character but line feeds and tabs: what a
    /// paragraph text may hold.
    var isMultilineText: Bool {
        !unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" }
    }

    /// True when the text is at most `limit` characters as a reader counts them, and at
    /// most four bytes of UTF-8 per character allowed: one "character" can carry
    /// thousands of combining marks, and the byte bound keeps what a limit promises.
    func fits(_ limit: Int) -> Bool { utf8.count <= limit * 4 && count <= limit }

    /// True when the text holds a bidi embedding, override or isolate (U+202A–202E,
    /// U+2066–2069), which can make text read in another order than it is stored.
    var hasBidiControls: Bool {
        unicodeScalars.contains { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) }
    }

    /// The text with CR LF and lone CR line breaks (and U+2028/U+2029) turned into LF.
    var normalizedLineBreaks: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        var previousWasCR = false
        for scalar in unicodeScalars {
            switch scalar {
            case "\r":
                out.unicodeScalars.append("\n")
                previousWasCR = true
                continue
            case "\n" where previousWasCR:
                break
            case "\u{2028}", "\u{2029}":
                out.unicodeScalars.append("\n")
            default:
                out.unicodeScalars.append(scalar)
            }
            previousWasCR = false
        }
        return out
    }

    /// The text with leading and trailing white space (including newlines) removed.
    var trimmed: Substring {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return self[first...last]
    }
}
