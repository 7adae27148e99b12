/// Where a chat line is said (contract §6): in the open, in a side's caucus, or among the
/// chairs. Every other kind of contribution is said in the open.
public enum ChatChannel: String, Codable, Sendable, CaseIterable {
    case main
    /// The poster's own side: its co-chair and members.
    case caucus
    /// The co-chairs and the facilitator.
    case chairs

    public var isPrivate: Bool { self != .main }
}

/// Where an agenda item's discussion stands, when it runs in phases (contract §6). The
/// co-chairs move it on together, or the facilitator does.
public enum Phase: String, Codable, Sendable, CaseIterable {
    case positions, comments, drafting, closed

    /// The kinds a phase takes besides chat, which an open item always takes.
    public var allowedKinds: [ContributionKind] {
        switch self {
        case .positions: [.position]
        case .comments: [.position, .comment]
        case .drafting: [.comment, .proposal, .recommendation]
        case .closed: []
        }
    }

    public func allows(_ kind: ContributionKind) -> Bool { kind == .chat || allowedKinds.contains(kind) }

    /// The phase that follows; nil after `closed`.
    public var next: Phase? {
        switch self {
        case .positions: .comments
        case .comments: .drafting
        case .drafting: .closed
        case .closed: nil
        }
    }
}

/// The text every participant accepts before taking part (contract §6, `groundRules`).
public struct GroundRules: Codable, Equatable, Sendable {
    public var version: Int
    public var text: String

    public init(version: Int = 1, text: String) {
        self.version = version
        self.text = text
    }

    private enum CodingKeys: String, CodingKey { case version, text }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        text = try container.decode(String.self, forKey: .text)
    }

    public static let maxLength = 20_000
    public static let maxVersion = 1_000_000

    /// Trimmed, or why not.
    func validated() throws(Refusal) -> GroundRules {
        let text = String(text.trimmed)
        guard (1...Self.maxVersion).contains(version) else {
            throw Refusal(.invalid, "groundRules.version is 1 to \(Self.maxVersion)")
        }
        guard !text.isEmpty else { throw Refusal(.invalid, "groundRules.text must not be empty") }
        guard text.count <= Self.maxLength, text.fits(Self.maxLength) else {
            throw Refusal(.invalid, "groundRules.text is longer than \(Self.maxLength) characters")
        }
        guard text.isMultilineText, !text.hasBidiControls else {
            throw Refusal(.invalid, "groundRules.text may hold line breaks but no other control or bidi characters")
        }
        return GroundRules(version: version, text: text)
    }
}

/// A translation of a contribution into one language, shown beside the original.
public struct Translation: Equatable, Sendable {
    public var language: LanguageTag
    public var text: String
    public var by: ParticipantID
    public var side: SideID
    /// The original's version that was translated.
    public var version: Int
    /// The seq of the `translated` event: what a verifier names.
    public var seq: Seq
    /// The other side's member or co-chair who verified it; cleared by an amendment.
    public var verifiedBy: ParticipantID?
    public var verifiedSide: SideID?
}

/// A BCP 47 language tag in its canonical case (`az-Latn`, `en-GB`, `hy`): letters, digits
/// and `-`, a first subtag of 2 to 8 letters, up to 35 characters.
public struct LanguageTag: StringIdentifier {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// The tag in canonical case, or nil when `text` is not a well-formed tag.
    public init?(parsing text: String) {
        guard (2...35).contains(text.utf8.count), text.utf8.allSatisfy({ $0 < 128 }) else { return nil }
        let subtags = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = subtags.first, (2...8).contains(first.count), first.allSatisfy(\.isLetter) else {
            return nil
        }
        var canonical = [first.lowercased()]
        for subtag in subtags.dropFirst() {
            guard (1...8).contains(subtag.count), subtag.allSatisfy({ $0.isLetter || $0.isNumber }) else { return nil }
            if subtag.count == 4, subtag.allSatisfy(\.isLetter) {
                canonical.append(subtag.prefix(1).uppercased() + subtag.dropFirst().lowercased())
            } else if subtag.count == 2, subtag.allSatisfy(\.isLetter) {
                canonical.append(subtag.uppercased())
            } else {
                canonical.append(subtag.lowercased())
            }
        }
        rawValue = canonical.joined(separator: "-")
    }

}
