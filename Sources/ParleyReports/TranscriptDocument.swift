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
        /// A private channel's name ("Armenia's caucus", "the chairs' channel"); nil for the main one.
        public var channel: String?
        /// The translation into the language asked for, shown after the original.
        public var translation: EntryTranslation?
    }

    /// A translation beside its original, with what the other side made of it.
    public struct EntryTranslation: Equatable, Sendable {
        public var language: String
        public var text: String
        /// "verified by Azerbaijan", "unverified" or "of an earlier version".
        public var status: String
    }

    /// A participant's acceptance of the ground rules (contract §6).
    public struct Acceptance: Equatable, Sendable {
        public var at: Instant
        /// "Name (Armenia)" with `names` attribution, else "a participant from Armenia".
        public var who: String
        public var version: Int
    }

    /// One key turned on a joint text, or its outcome: the audit trail of "both sides agree".
    public struct Key: Equatable, Sendable {
        public enum Action: String, Sendable {
            /// A side's co-chair endorsed this version.
            case endorsed
            /// A side's co-chair took the endorsement back before adoption.
            case withdrawn
            /// An amendment replaced the endorsed version, so the side's endorsement lapsed.
            case cleared
            /// Both sides endorsed this version: it is joint.
            case adopted
        }

        public var at: Instant
        public var contribution: ContributionID
        /// The version the key was turned on (for `cleared`, the version that lapsed).
        public var version: Int
        public var action: Action
        /// The side whose key it is; nil for `adopted` (both).
        public var side: String?
        /// Who turned it, with `names` attribution; nil with `sides` (Chatham House).
        public var by: String?
    }

    public var title: String
    public var series: String
    public var attribution: Attribution
    /// Delegations with names, for `names` attribution; empty for `sides`.
    public var delegations: [Delegation]
    public var entries: [Entry]
    /// Endorsements, withdrawals, clearings and adoptions of the public joint texts, in order.
    public var keys: [Key]
    /// Ground rules accepted, in order.
    public var acceptances: [Acceptance]
    public var participation: Participation

    public init(
        _ record: SessionRecord, attribution: Attribution, includePrivateChannels: Bool = false,
        language: LanguageTag? = nil
    ) {
        let spec = record.state.spec
        title = spec.title
        series = spec.series
        self.attribution = attribution
        delegations = attribution == .names ? Delegation.all(record) : []
        let shown =
            includePrivateChannels
            ? (record.publicContributions + record.heardPrivateContributions).sorted { $0.id < $1.id }
            : record.publicContributions
        entries = shown.map { contribution in
            let redaction = contribution.redaction
            return Entry(
                id: contribution.id, at: contribution.postedAt, item: record.itemTitle(contribution.item),
                kind: contribution.kind, author: record.author(of: contribution, attribution),
                text: redaction.map { SessionState.tombstone(reason: $0.reason) } ?? contribution.text,
                redacted: redaction != nil,
                options: redaction == nil ? contribution.options ?? [] : [], amended: contribution.version > 1,
                replyTo: contribution.replyTo, status: Self.status(contribution, spec),
                channel: Self.channelName(contribution, spec),
                translation: redaction == nil ? language.flatMap { Self.translation(contribution, $0, spec) } : nil)
        }
        keys = Self.keys(record, attribution)
        acceptances = record.visibleEvents.compactMap { event in
            guard case .rulesAccepted(let acceptance) = event.body else { return nil }
            let participant = record.state.participant(acceptance.participant)
            let side = record.side(participant?.side)?.name
            let who =
                attribution == .names
                ? "\(participant?.name ?? acceptance.participant.rawValue) (\(side ?? "Facilitator"))"
                : side.map { "a participant from \($0)" }
                    ?? (participant?.role == .facilitator ? "the facilitator" : "an observer")
            return Acceptance(at: event.at, who: who, version: acceptance.version)
        }
        participation = Participation(record)
    }

    private static func keys(_ record: SessionRecord, _ attribution: Attribution) -> [Key] {
        let shown = Set(record.publicContributions.map(\.id))
        let side = { (id: SideID) in record.side(id)?.name ?? id.rawValue }
        let by = { (principal: Principal) -> String? in
            guard attribution == .names else { return nil }
            guard case .participant(let id) = principal else { return "the operator" }
            return record.state.participant(id)?.name ?? id.rawValue
        }
        return record.visibleEvents.flatMap { event -> [Key] in
            switch event.body {
            case .endorsed(let key) where shown.contains(key.contribution):
                return [
                    Key(
                        at: event.at, contribution: key.contribution, version: key.version, action: .endorsed,
                        side: side(key.side), by: by(key.by))
                ]
            case .endorsementWithdrawn(let key) where shown.contains(key.contribution):
                return [
                    Key(
                        at: event.at, contribution: key.contribution, version: key.version, action: .withdrawn,
                        side: side(key.side), by: by(key.by))
                ]
            case .amended(let amendment) where shown.contains(amendment.contribution):
                return (amendment.cleared ?? []).map {
                    Key(
                        at: event.at, contribution: amendment.contribution, version: amendment.version - 1,
                        action: .cleared, side: side($0), by: by(.participant(amendment.author)))
                }
            case .adopted(let adoption) where shown.contains(adoption.contribution):
                return [
                    Key(
                        at: event.at, contribution: adoption.contribution, version: adoption.version,
                        action: .adopted, side: nil, by: nil)
                ]
            default:
                return []
            }
        }
    }

    private static func channelName(_ contribution: Contribution, _ spec: SessionSpec) -> String? {
        switch contribution.channel {
        case .main: nil
        case .caucus: "\(contribution.side.flatMap { spec.side($0)?.name } ?? "a side")'s caucus"
        case .chairs: "the chairs' channel"
        }
    }

    private static func translation(_ contribution: Contribution, _ language: LanguageTag, _ spec: SessionSpec)
        -> EntryTranslation?
    {
        guard let translation = contribution.translations[language] else { return nil }
        let status =
            if translation.version != contribution.version {
                "of an earlier version"
            } else if let side = translation.verifiedSide {
                "verified by \(spec.side(side)?.name ?? side.rawValue)"
            } else {
                "unverified"
            }
        return EntryTranslation(language: language.rawValue, text: translation.text, status: status)
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
