/// A contribution as it stands after every event so far.
public struct Contribution: Equatable, Sendable {
    public enum Moderation: Equatable, Sendable {
        /// Seen by everyone who may see the session.
        case visible
        /// Matched a held term; seen by its author and moderators until approved.
        case held
        /// A held contribution a moderator rejected; its text never appears in exports.
        case rejected
    }

    public var id: ContributionID
    public var author: ParticipantID
    public var side: SideID?
    public var item: ItemID
    public var kind: ContributionKind
    public var text: String
    public var replyTo: ContributionID?
    public var options: [String]?
    public var postedAt: Instant
    /// 1 for the posted text, rising by one with each amendment.
    public var version: Int
    public var amendedAt: Instant?
    public var moderation: Moderation
    public var redaction: EventBody.Redacted?
    /// The text version each side's co-chair endorsed.
    public var endorsements: [SideID: Int]
    public var adopted: Bool
    /// Where it was said: private channels have their own audience (`Visibility`).
    public var channel: ChatChannel = .main
    /// Translations beside the original, one per language (contract §6).
    public var translations: [LanguageTag: Translation] = [:]

    /// True when both sides' co-chairs endorsed the current text.
    public func isEndorsedByBoth(sides: [SideSpec]) -> Bool {
        sides.allSatisfy { endorsements[$0.id] == version }
    }

    /// The `contributed` payload that shows this contribution as it now reads.
    var content: EventBody.Contributed {
        EventBody.Contributed(
            contribution: id, author: author, side: side, item: item, kind: kind, text: text,
            replyTo: replyTo, options: options, held: nil, channel: channel.isPrivate ? channel : nil)
    }
}

extension Contribution {
    /// An amendment: every translation now renders an earlier version, so none stays verified.
    mutating func clearVerifications() {
        for language in translations.keys {
            translations[language]?.verifiedBy = nil
            translations[language]?.verifiedSide = nil
        }
    }
}
