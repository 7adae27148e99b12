/// The kinds of contribution a participant can post.
public enum ContributionKind: String, Codable, Sendable, CaseIterable {
    case chat
    case position
    case comment
    case proposal
    case recommendation

    /// Proposals and recommendations become joint text only when both co-chairs endorse them.
    public var needsEndorsement: Bool { self == .proposal || self == .recommendation }
}
