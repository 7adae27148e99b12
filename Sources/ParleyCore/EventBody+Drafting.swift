/// The events of the joint report draft (contract §5).
extension EventBody {
    /// The first draft, written from the discussion by `seedReport`.
    public struct ReportSeeded: Codable, Equatable, Sendable {
        public var sections: [SectionContent]
        public var by: Principal
    }

    public struct SectionAdded: Codable, Equatable, Sendable {
        public var section: SectionContent
        /// The section it follows; absent: it comes first.
        public var after: SectionID?
        public var by: Principal
    }

    public struct SectionEdited: Codable, Equatable, Sendable {
        public var section: SectionID
        /// The new version; `replaced` is the one the editor read.
        public var version: Int
        public var replaced: Int
        public var title: String
        public var text: String
        public var by: Principal
        /// The sides whose signatures this edit cleared.
        public var cleared: [SideID]
        /// The suggestion this edit applies, if any.
        public var suggestion: Seq?
    }

    /// A suggestion; its id is this event's seq.
    public struct Suggested: Codable, Equatable, Sendable {
        public var suggestion: Seq
        public var section: SectionID
        public var version: Int
        public var text: String
        public var note: String?
        public var by: ParticipantID
        public var side: SideID?
    }

    public struct SuggestionApplied: Codable, Equatable, Sendable {
        public var suggestion: Seq
        public var section: SectionID
        public var by: Principal
    }

    public struct SuggestionDismissed: Codable, Equatable, Sendable {
        public var suggestion: Seq
        public var section: SectionID
        public var by: Principal
        public var reason: String?
    }

    /// A signature given (`sectionSigned`) or taken back (`signatureWithdrawn`).
    public struct SectionSigned: Codable, Equatable, Sendable {
        public var section: SectionID
        public var version: Int
        public var side: SideID
        public var by: Principal
    }

    public struct SectionMoved: Codable, Equatable, Sendable {
        public var section: SectionID
        /// The section it now follows; absent: it comes first.
        public var after: SectionID?
        public var by: Principal
        /// The sides whose signatures on the moved section the move cleared.
        public var cleared: [SideID]
    }

    /// One co-chair asked to remove a section at `version`; it goes once both sides have
    /// asked for the current version, as sessions close.
    public struct SectionRemovalRequested: Codable, Equatable, Sendable {
        public var section: SectionID
        public var version: Int
        public var side: SideID
        public var by: Principal
    }

    public struct SectionRemoved: Codable, Equatable, Sendable {
        public var section: SectionID
        public var by: Principal
    }

    /// The report is final: the cover date, the digest of every signed section, and who the
    /// report names, so that later changes to the participants change nothing printed.
    public struct ReportFinalized: Codable, Equatable, Sendable {
        public struct SignedSection: Codable, Equatable, Sendable {
            public var id: SectionID
            public var version: Int
            /// Lowercase hex SHA-256 of the section's text in UTF-8.
            public var sha256: String
        }

        /// A co-chair as the final report names them: who signed, frozen at finalisation.
        public struct Signatory: Codable, Equatable, Sendable {
            public var participant: ParticipantID
            public var name: String
            public var side: SideID
        }

        public var by: Principal
        public var date: String
        public var sections: [SignedSection]
        /// The co-chairs whose signatures the report carries, in side order.
        public var cochairs: [Signatory]
        /// The delegations' members as the report lists them, frozen at finalisation.
        public var authors: [ParticipantID]
    }
}
