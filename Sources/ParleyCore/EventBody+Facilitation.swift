/// The events of facilitation (contract §6): ground rules accepted, phases moved on,
/// translations attached and verified.
extension EventBody {
    public struct RulesAccepted: Codable, Equatable, Sendable {
        public var participant: ParticipantID
        /// The version of the ground rules accepted.
        public var version: Int
    }

    /// One co-chair asked to move an item on from `phase`; the phase moves when both have.
    public struct PhaseAdvanceRequested: Codable, Equatable, Sendable {
        public var item: ItemID
        public var side: SideID
        public var phase: Phase
        public var by: Principal
    }

    public struct PhaseAdvanced: Codable, Equatable, Sendable {
        public var item: ItemID
        public var from: Phase
        public var to: Phase
        public var by: Principal
    }

    public struct Translated: Codable, Equatable, Sendable {
        public var contribution: ContributionID
        public var language: LanguageTag
        public var text: String
        public var by: ParticipantID
        public var side: SideID
        /// The original's version that was translated.
        public var version: Int
    }

    public struct TranslationVerified: Codable, Equatable, Sendable {
        public var contribution: ContributionID
        public var language: LanguageTag
        /// The seq of the `translated` event verified.
        public var translation: Seq
        public var by: ParticipantID
        public var side: SideID
    }
}
