/// A new contribution, as the `post` command carries it.
public struct Post: Codable, Equatable, Sendable {
    public var item: ItemID
    public var kind: ContributionKind
    public var text: String
    public var replyTo: ContributionID?
    public var options: [String]?
    /// Contract §6: `main` (nil), `caucus` or `chairs`; chat only.
    public var channel: ChatChannel?

    public init(
        item: ItemID, kind: ContributionKind, text: String, replyTo: ContributionID? = nil,
        options: [String]? = nil, channel: ChatChannel? = nil
    ) {
        self.item = item
        self.kind = kind
        self.text = text
        self.replyTo = replyTo
        self.options = options
        self.channel = channel
    }
}
