import ParleyCore

/// The transcript: every public contribution in order, with time, item, kind and author.
public struct TranscriptDocument: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var id: ContributionID
        public var at: Instant
        public var item: String
        public var kind: ContributionKind
        public var author: String
        /// The text as it now reads, or `[redacted: reason]`.
        public var text: String
        public var redacted: Bool
        public var options: [String]
        public var amended: Bool
        public var replyTo: ContributionID?
        /// For proposals and recommendations: "adopted", or which sides endorsed the current text.
        public var status: String?
    }

    public var title: String
    public var series: String
    public var attribution: Attribution
    /// Delegations with names, for `names` attribution; empty for `sides`.
    public var delegations: [Delegation]
    public var entries: [Entry]
    public var participation: Participation

    public init(_ record: SessionRecord, attribution: Attribution) {
        let spec = record.state.spec
        title = spec.title
        series = spec.series
        self.attribution = attribution
        delegations = attribution == .names ? Delegation.all(record) : []
        entries = record.publicContributions.map { contribution in
            let redaction = contribution.redaction
            return Entry(
                id: contribution.id, at: contribution.postedAt, item: record.itemTitle(contribution.item),
                kind: contribution.kind, author: record.author(of: contribution, attribution),
                text: redaction.map { SessionState.tombstone(reason: $0.reason) } ?? contribution.text,
                redacted: redaction != nil,
                options: redaction == nil ? contribution.options ?? [] : [], amended: contribution.version > 1,
                replyTo: contribution.replyTo, status: Self.status(contribution, spec))
        }
        participation = Participation(record)
    }

    private static func status(_ contribution: Contribution, _ spec: SessionSpec) -> String? {
        guard contribution.kind.needsEndorsement, contribution.redaction == nil else { return nil }
        if contribution.adopted { return "adopted" }
        return spec.sides.map { side in
            "\(side.name) \(contribution.endorsements[side.id] == contribution.version ? "✓" : "—")"
        }.joined(separator: " · ")
    }
}

/// A side's delegation: co-chair first, then members, as the report's "Authors" lists them.
public struct Delegation: Equatable, Sendable {
    public var side: String
    public var members: [(name: String, cochair: Bool)]

    public static func == (lhs: Delegation, rhs: Delegation) -> Bool {
        lhs.side == rhs.side && lhs.members.map(\.name) == rhs.members.map(\.name)
            && lhs.members.map(\.cochair) == rhs.members.map(\.cochair)
    }

    /// Co-chairs first, then members, of each side: the session's authors, or once the
    /// report is final the authors it froze.
    static func all(_ record: SessionRecord) -> [Delegation] {
        let state = record.state
        let frozen = state.report.finalization.map { Set($0.authors) }
        let authors = frozen.map { ids in state.participants.filter { ids.contains($0.id) } } ?? state.authors
        return state.spec.sides.map { side in
            let people = authors.filter { $0.side == side.id }
            let ordered = people.filter { $0.role == .cochair } + people.filter { $0.role == .member }
            return Delegation(side: side.name, members: ordered.map { ($0.name, $0.role == .cochair) })
        }
    }
}
