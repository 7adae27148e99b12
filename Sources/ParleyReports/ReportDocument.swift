import ParleyCore

/// The joint report, shaped like the reference report of a thematic group: a cover with the
/// series, the title, both co-chairs with their sides and the report's date; the authors by
/// side; the sections; the organiser's `about`; and, once final, the digest of every signed
/// section. Statements are attributed by side only.
///
/// A session with a draft renders its sections; a session without one renders the seed
/// that `seedReport` would write, with the points not adopted under their item (contract
/// §4). Until the report is final, every page says it is a draft.
public struct ReportDocument: Equatable, Sendable {
    public enum Stage: Equatable, Sendable {
        /// No draft yet: the seed, generated from the discussion.
        case generated
        case drafting
        case final
    }

    public struct Cochair: Equatable, Sendable {
        public var name: String
        public var side: String
    }

    public struct Section: Equatable, Sendable {
        public var id: String?
        public var title: String
        public var blocks: [SectionBlock]
        /// For the draft view: "Joint" or the side's name, version, brackets, signatures.
        public var owner: String?
        public var version: Int?
        public var brackets: Int
        /// Each side's name and whether its co-chair signed the current version.
        public var signatures: [(side: String, signed: Bool)]
        public var sha256: String?
        /// Proposals and recommendations of this item that were not adopted (generated only).
        public var notAdopted: [NotAdopted]

        public static func == (lhs: Section, rhs: Section) -> Bool {
            lhs.id == rhs.id && lhs.title == rhs.title && lhs.blocks == rhs.blocks && lhs.owner == rhs.owner
                && lhs.version == rhs.version && lhs.brackets == rhs.brackets && lhs.sha256 == rhs.sha256
                && lhs.signatures.map(\.side) == rhs.signatures.map(\.side)
                && lhs.signatures.map(\.signed) == rhs.signatures.map(\.signed) && lhs.notAdopted == rhs.notAdopted
        }
    }

    public struct NotAdopted: Equatable, Sendable {
        public var side: String
        public var kind: ContributionKind
        public var text: String
        public var options: [String]
    }

    public var stage: Stage
    /// True for `view=draft`: each section shows its owner, version, brackets and signatures.
    public var annotated: Bool
    public var title: String
    public var series: String
    public var date: String
    public var cochairs: [Cochair]
    public var delegations: [Delegation]
    public var sections: [Section]
    public var about: [SectionBlock]

    public var isDraft: Bool { stage != .final }

    public init(_ record: SessionRecord, annotated: Bool = false) {
        let state = record.state
        let spec = state.spec
        let draft = state.report
        self.annotated = annotated
        title = spec.title
        series = spec.series
        delegations = Delegation.all(record)
        if let signatories = draft.finalization?.cochairs {
            cochairs = signatories.map { Cochair(name: $0.name, side: spec.side($0.side)?.name ?? $0.side.rawValue) }
        } else {
            cochairs = spec.sides.compactMap { side in
                let cochairs = state.participants.filter { $0.role == .cochair && $0.side == side.id }
                let current = cochairs.last { !state.removed.contains($0.id) } ?? cochairs.last
                return current.map { Cochair(name: $0.name, side: side.name) }
            }
        }
        about = SectionBlock.blocks(spec.report?.about ?? "")
        if draft.sections.isEmpty && draft.state == .drafting {
            stage = .generated
            date = spec.report?.date ?? state.createdAt.monthAndYear
            sections = Self.generated(record)
        } else {
            stage = draft.state == .final ? .final : .drafting
            date = draft.finalization?.date ?? spec.report?.date ?? state.createdAt.monthAndYear
            let digests = Dictionary(
                (draft.finalization?.sections ?? []).map { ($0.id, $0.sha256) }, uniquingKeysWith: { a, _ in a })
            sections = draft.sections.map { section in
                Section(
                    id: section.id.rawValue, title: section.title, blocks: SectionBlock.blocks(section.text),
                    owner: Self.ownerName(section.owner, spec), version: section.version, brackets: section.brackets,
                    signatures: spec.sides.map { ($0.name, section.signatures[$0.id]?.version == section.version) },
                    sha256: digests[section.id], notAdopted: [])
            }
        }
    }

    /// The seed's sections, each agenda item's followed by what was proposed there and not adopted.
    private static func generated(_ record: SessionRecord) -> [Section] {
        let spec = record.state.spec
        let seed = ReportSeed(record.state).sections
        let open = record.publicContributions.filter { $0.kind.needsEndorsement && !$0.adopted }
        return seed.map { seeded in
            let notAdopted = open.filter { $0.item == seeded.item }.map { contribution in
                NotAdopted(
                    side: contribution.side.flatMap(spec.side)?.name ?? "Facilitator", kind: contribution.kind,
                    text: record.state.tombstone(of: contribution.id) ?? contribution.text,
                    options: contribution.redaction == nil ? contribution.options ?? [] : [])
            }
            return Section(
                id: nil, title: seeded.title, blocks: SectionBlock.blocks(seeded.text), owner: nil, version: nil,
                brackets: Brackets.count(in: seeded.text), signatures: [], sha256: nil, notAdopted: notAdopted)
        }
    }

    static func ownerName(_ owner: SectionOwner, _ spec: SessionSpec) -> String {
        switch owner {
        case .joint: "Joint"
        case .side(let side): spec.side(side)?.name ?? side.rawValue
        }
    }
}
