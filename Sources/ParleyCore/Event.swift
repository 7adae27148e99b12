import Foundation

/// One entry of a session's journal: what happened, when, and its place in the order.
///
/// Encoded as `{"seq":S,"at":TIME,"event":{"kind":K, ...}}`, the contract's event frame
/// without its `type`.
public struct Event: Codable, Equatable, Sendable {
    public var seq: Seq
    public var at: Instant
    public var body: EventBody

    public init(seq: Seq, at: Instant, body: EventBody) {
        self.seq = seq
        self.at = at
        self.body = body
    }

    private enum CodingKeys: String, CodingKey {
        case seq, at
        case body = "event"
    }
}

/// The stable names of event kinds (contract §3, plus documented extensions).
public enum EventKind: String, Codable, Sendable, CaseIterable {
    case sessionCreated, participantAdded, participantRemoved, itemOpened, itemClosed
    case contributed, amended, held, approved, rejected, redacted, endorsed, adopted
    case handRaised, handLowered, floorGranted, muted, unmuted, rulesChanged
    case closeRequested, sessionClosed
    case reportSeeded, sectionAdded, sectionEdited, suggested, suggestionApplied, suggestionDismissed
    case sectionSigned, signatureWithdrawn, sectionMoved, sectionRemovalRequested, sectionRemoved
    case reportFinalized
    case endorsementWithdrawn
    case rulesAccepted, phaseAdvanceRequested, phaseAdvanced, translated, translationVerified
}

/// A journaled event of a schema version this build cannot read.
public struct UnknownSchemaVersion: Error, Equatable, CustomStringConvertible {
    public let version: Int

    public init(version: Int) { self.version = version }

    public var description: String {
        "an event of schema version \(version) was written by a newer Parley (this one reads up to \(EventBody.version))"
    }
}

/// What happened. Each case's payload is flattened beside `kind` in JSON.
///
/// The journal stores bodies in this form with a schema version (`EventBody.version`), and
/// reads them back through `decode(_:version:with:)`: bodies of a version this build does
/// not know are refused rather than misread. Decoding ignores fields it does not know and
/// new fields are optional, so a version only changes when a field changes meaning.
public enum EventBody: Equatable, Sendable {
    case sessionCreated(SessionCreated)
    case participantAdded(ParticipantAdded)
    case participantRemoved(ParticipantRemoved)
    case itemOpened(ItemChanged)
    case itemClosed(ItemChanged)
    case contributed(Contributed)
    case amended(Amended)
    case held(Held)
    case approved(Approved)
    case rejected(Rejected)
    case redacted(Redacted)
    case endorsed(Endorsed)
    case adopted(Adopted)
    case handRaised(HandChanged)
    case handLowered(HandChanged)
    case floorGranted(FloorGranted)
    case muted(Muted)
    case unmuted(Unmuted)
    case rulesChanged(RulesChanged)
    case closeRequested(CloseRequested)
    case sessionClosed(SessionClosed)
    case reportSeeded(ReportSeeded)
    case sectionAdded(SectionAdded)
    case sectionEdited(SectionEdited)
    case suggested(Suggested)
    case suggestionApplied(SuggestionApplied)
    case suggestionDismissed(SuggestionDismissed)
    case sectionSigned(SectionSigned)
    case signatureWithdrawn(SectionSigned)
    case sectionMoved(SectionMoved)
    case sectionRemovalRequested(SectionRemovalRequested)
    case sectionRemoved(SectionRemoved)
    case reportFinalized(ReportFinalized)
    case endorsementWithdrawn(Endorsed)
    case rulesAccepted(RulesAccepted)
    case phaseAdvanceRequested(PhaseAdvanceRequested)
    case phaseAdvanced(PhaseAdvanced)
    case translated(Translated)
    case translationVerified(TranslationVerified)

    /// The schema version of bodies written by this build.
    public static let version = 1

    /// A journaled body written at schema `version`. Version 1 is today's form; a body of a
    /// later version was written by a newer Parley and is refused, as what it means is not
    /// known here. (A version 2 would be read here and migrated to today's form.)
    public static func decode(_ data: Data, version: Int, with decoder: JSONDecoder) throws -> EventBody {
        guard (1...Self.version).contains(version) else { throw UnknownSchemaVersion(version: version) }
        return try decoder.decode(EventBody.self, from: data)
    }

    public var kind: EventKind {
        switch self {
        case .sessionCreated: .sessionCreated
        case .participantAdded: .participantAdded
        case .participantRemoved: .participantRemoved
        case .itemOpened: .itemOpened
        case .itemClosed: .itemClosed
        case .contributed: .contributed
        case .amended: .amended
        case .held: .held
        case .approved: .approved
        case .rejected: .rejected
        case .redacted: .redacted
        case .endorsed: .endorsed
        case .adopted: .adopted
        case .handRaised: .handRaised
        case .handLowered: .handLowered
        case .floorGranted: .floorGranted
        case .muted: .muted
        case .unmuted: .unmuted
        case .rulesChanged: .rulesChanged
        case .closeRequested: .closeRequested
        case .sessionClosed: .sessionClosed
        case .reportSeeded: .reportSeeded
        case .sectionAdded: .sectionAdded
        case .sectionEdited: .sectionEdited
        case .suggested: .suggested
        case .suggestionApplied: .suggestionApplied
        case .suggestionDismissed: .suggestionDismissed
        case .sectionSigned: .sectionSigned
        case .signatureWithdrawn: .signatureWithdrawn
        case .sectionMoved: .sectionMoved
        case .sectionRemovalRequested: .sectionRemovalRequested
        case .sectionRemoved: .sectionRemoved
        case .reportFinalized: .reportFinalized
        case .endorsementWithdrawn: .endorsementWithdrawn
        case .rulesAccepted: .rulesAccepted
        case .phaseAdvanceRequested: .phaseAdvanceRequested
        case .phaseAdvanced: .phaseAdvanced
        case .translated: .translated
        case .translationVerified: .translationVerified
        }
    }
}

extension EventBody {
    public struct SessionCreated: Codable, Equatable, Sendable {
        public var session: SessionID
        public var spec: SessionSpec
    }

    public struct ParticipantAdded: Codable, Equatable, Sendable {
        public var participant: Participant
        public var by: Principal
        /// The hash of the participant's token. Journal only: `Visibility` strips it.
        public var credential: String?
    }

    public struct ParticipantRemoved: Codable, Equatable, Sendable {
        public var participant: ParticipantID
        public var by: Principal
        public var reason: String?
    }

    public struct ItemChanged: Codable, Equatable, Sendable {
        public var item: ItemID
        public var by: Principal
    }

    /// A new contribution; its id is this event's `seq`.
    ///
    /// The contribution's kind travels as `contributionKind`, because `kind` names the
    /// event's own kind in every event object.
    public struct Contributed: Codable, Equatable, Sendable {
        public var contribution: ContributionID
        public var author: ParticipantID
        public var side: SideID?
        public var item: ItemID
        public var kind: ContributionKind
        public var text: String
        public var replyTo: ContributionID?
        public var options: [String]?
        /// True when the text matched a held term: only its author and moderators see it.
        public var held: Bool?
        /// A private channel (contract §6); nil for the main one.
        public var channel: ChatChannel?

        /// Where the contribution was said.
        public var saidIn: ChatChannel { channel ?? .main }

        private enum CodingKeys: String, CodingKey {
            case contribution, author, side, item, text, replyTo, options, held, channel
            case kind = "contributionKind"
        }
    }

    public struct Amended: Codable, Equatable, Sendable {
        public var contribution: ContributionID
        public var author: ParticipantID
        public var text: String
        /// The contribution's text version after this amendment (the first text is 1).
        public var version: Int
        /// True while the contribution awaits approval: only its author and moderators see it.
        public var held: Bool?
        /// The sides whose endorsement of the replaced version this amendment cleared.
        public var cleared: [SideID]?
    }

    public struct Held: Codable, Equatable, Sendable {
        public var contribution: ContributionID
        public var author: ParticipantID
        public var terms: [String]
    }

    /// A held contribution made visible. Carries the content, because most viewers never
    /// saw the `contributed` event.
    public struct Approved: Codable, Equatable, Sendable {
        public var contribution: ContributionID
        public var by: Principal
        public var content: Contributed
        public var version: Int
    }

    public struct Rejected: Codable, Equatable, Sendable {
        public var contribution: ContributionID
        public var author: ParticipantID
        public var by: Principal
        public var reason: String?
    }

    public struct Redacted: Codable, Equatable, Sendable {
        public var contribution: ContributionID
        public var by: Principal
        public var reason: String
    }

    /// An endorsement given (`endorsed`) or taken back before adoption (`endorsementWithdrawn`).
    public struct Endorsed: Codable, Equatable, Sendable {
        public var contribution: ContributionID
        public var side: SideID
        public var by: Principal
        /// The text version endorsed; an amendment needs fresh endorsements.
        public var version: Int
    }

    public struct Adopted: Codable, Equatable, Sendable {
        public var contribution: ContributionID
        public var version: Int
    }

    public struct HandChanged: Codable, Equatable, Sendable {
        public var participant: ParticipantID
    }

    public struct FloorGranted: Codable, Equatable, Sendable {
        public var participant: ParticipantID
        /// Who granted it; absent when the floor passed on by itself to the next speaker.
        public var by: Principal?
    }

    public struct Muted: Codable, Equatable, Sendable {
        public var participant: ParticipantID
        public var by: Principal
        public var seconds: Int
        public var until: Instant
        public var reason: String?
    }

    public struct Unmuted: Codable, Equatable, Sendable {
        public var participant: ParticipantID
        public var by: Principal
    }

    public struct RulesChanged: Codable, Equatable, Sendable {
        /// The complete rules after the change.
        public var rules: Rules
        public var by: Principal
    }

    public struct CloseRequested: Codable, Equatable, Sendable {
        public var side: SideID
        public var by: Principal
    }

    public struct SessionClosed: Codable, Equatable, Sendable {
        public var by: Principal
    }
}

extension EventBody: Codable {
    private enum KindKey: String, CodingKey { case kind }

    public init(from decoder: any Decoder) throws {
        let kind = try decoder.container(keyedBy: KindKey.self).decode(EventKind.self, forKey: .kind)
        switch kind {
        case .sessionCreated: self = .sessionCreated(try .init(from: decoder))
        case .participantAdded: self = .participantAdded(try .init(from: decoder))
        case .participantRemoved: self = .participantRemoved(try .init(from: decoder))
        case .itemOpened: self = .itemOpened(try .init(from: decoder))
        case .itemClosed: self = .itemClosed(try .init(from: decoder))
        case .contributed: self = .contributed(try .init(from: decoder))
        case .amended: self = .amended(try .init(from: decoder))
        case .held: self = .held(try .init(from: decoder))
        case .approved: self = .approved(try .init(from: decoder))
        case .rejected: self = .rejected(try .init(from: decoder))
        case .redacted: self = .redacted(try .init(from: decoder))
        case .endorsed: self = .endorsed(try .init(from: decoder))
        case .adopted: self = .adopted(try .init(from: decoder))
        case .handRaised: self = .handRaised(try .init(from: decoder))
        case .handLowered: self = .handLowered(try .init(from: decoder))
        case .floorGranted: self = .floorGranted(try .init(from: decoder))
        case .muted: self = .muted(try .init(from: decoder))
        case .unmuted: self = .unmuted(try .init(from: decoder))
        case .rulesChanged: self = .rulesChanged(try .init(from: decoder))
        case .closeRequested: self = .closeRequested(try .init(from: decoder))
        case .sessionClosed: self = .sessionClosed(try .init(from: decoder))
        case .reportSeeded: self = .reportSeeded(try .init(from: decoder))
        case .sectionAdded: self = .sectionAdded(try .init(from: decoder))
        case .sectionEdited: self = .sectionEdited(try .init(from: decoder))
        case .suggested: self = .suggested(try .init(from: decoder))
        case .suggestionApplied: self = .suggestionApplied(try .init(from: decoder))
        case .suggestionDismissed: self = .suggestionDismissed(try .init(from: decoder))
        case .sectionSigned: self = .sectionSigned(try .init(from: decoder))
        case .signatureWithdrawn: self = .signatureWithdrawn(try .init(from: decoder))
        case .sectionMoved: self = .sectionMoved(try .init(from: decoder))
        case .sectionRemovalRequested: self = .sectionRemovalRequested(try .init(from: decoder))
        case .sectionRemoved: self = .sectionRemoved(try .init(from: decoder))
        case .reportFinalized: self = .reportFinalized(try .init(from: decoder))
        case .endorsementWithdrawn: self = .endorsementWithdrawn(try .init(from: decoder))
        case .rulesAccepted: self = .rulesAccepted(try .init(from: decoder))
        case .phaseAdvanceRequested: self = .phaseAdvanceRequested(try .init(from: decoder))
        case .phaseAdvanced: self = .phaseAdvanced(try .init(from: decoder))
        case .translated: self = .translated(try .init(from: decoder))
        case .translationVerified: self = .translationVerified(try .init(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: KindKey.self)
        try container.encode(kind, forKey: .kind)
        try payload.encode(to: encoder)
    }

    private var payload: any Encodable {
        switch self {
        case .sessionCreated(let p): p
        case .participantAdded(let p): p
        case .participantRemoved(let p): p
        case .itemOpened(let p), .itemClosed(let p): p
        case .contributed(let p): p
        case .amended(let p): p
        case .held(let p): p
        case .approved(let p): p
        case .rejected(let p): p
        case .redacted(let p): p
        case .endorsed(let p), .endorsementWithdrawn(let p): p
        case .adopted(let p): p
        case .handRaised(let p), .handLowered(let p): p
        case .floorGranted(let p): p
        case .muted(let p): p
        case .unmuted(let p): p
        case .rulesChanged(let p): p
        case .closeRequested(let p): p
        case .sessionClosed(let p): p
        case .reportSeeded(let p): p
        case .sectionAdded(let p): p
        case .sectionEdited(let p): p
        case .suggested(let p): p
        case .suggestionApplied(let p): p
        case .suggestionDismissed(let p): p
        case .sectionMoved(let p): p
        case .sectionRemovalRequested(let p): p
        case .sectionRemoved(let p): p
        case .reportFinalized(let p): p
        case .sectionSigned(let p), .signatureWithdrawn(let p): p
        case .rulesAccepted(let p): p
        case .phaseAdvanceRequested(let p): p
        case .phaseAdvanced(let p): p
        case .translated(let p): p
        case .translationVerified(let p): p
        }
    }
}
