/// Identifies a section of the report draft: `s1`, `s2`, … in the order sections were
/// created, never reused. Derived from the journal alone, so every node names it alike.
public struct SectionID: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// Who writes a section: both sides together (`joint`), or one side.
public enum SectionOwner: Hashable, Sendable, Codable, CustomStringConvertible {
    case joint
    case side(SideID)

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = text == "joint" ? .joint : .side(SideID(rawValue: text))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String {
        switch self {
        case .joint: "joint"
        case .side(let side): side.rawValue
        }
    }
}

/// One section of the draft as it stands.
public struct ReportSection: Equatable, Sendable {
    public var id: SectionID
    public var title: String
    public var owner: SectionOwner
    public var text: String
    /// 1 when created, rising by one with each edit.
    public var version: Int
    /// How many `[[ … ]]` the text holds.
    public var brackets: Int
    /// Each side's signature. An edit (and a move) clears them, so a signature always
    /// names the current version.
    public var signatures: [SideID: Signature]
    /// The version each side's co-chair asked to remove; a request lapses when the section
    /// is edited, so no one's request applies to a text they did not read.
    public var removalRequests: [SideID: Int]

    /// A co-chair's key on one version of a section.
    public struct Signature: Equatable, Sendable {
        public var version: Int
        public var by: Principal
    }

    init(_ content: SectionContent) {
        id = content.id
        title = content.title
        owner = content.owner
        text = content.text
        version = 1
        brackets = Brackets.count(in: content.text)
        signatures = [:]
        removalRequests = [:]
    }

    /// The sides that signed the current version, in the session's side order.
    public func signedBy(_ sides: [SideSpec]) -> [SideID] {
        sides.map(\.id).filter { signatures[$0]?.version == version }
    }

    /// The sides whose co-chair asked to remove the current version, in side order.
    public func removalRequestedBy(_ sides: [SideSpec]) -> [SideID] {
        sides.map(\.id).filter { removalRequests[$0] == version }
    }

    public func isSignedByBoth(_ sides: [SideSpec]) -> Bool { signedBy(sides).count == sides.count }
}

/// A section as it is created (seeded or added).
public struct SectionContent: Codable, Equatable, Sendable {
    public var id: SectionID
    public var title: String
    public var owner: SectionOwner
    public var text: String

    public init(id: SectionID, title: String, owner: SectionOwner, text: String) {
        self.id = id
        self.title = title
        self.owner = owner
        self.text = text
    }
}

/// A proposed text for a section, made on one of its versions.
public struct Suggestion: Equatable, Sendable {
    public enum Status: Equatable, Sendable { case pending, applied, dismissed }

    /// The seq of its `suggested` event.
    public var id: Seq
    public var section: SectionID
    public var version: Int
    public var text: String
    public var note: String?
    public var by: ParticipantID
    public var side: SideID?
    public var at: Instant
    public var status: Status
}

/// The session's joint report draft (contract §5): ordered sections, suggestions, and
/// whether the report is final.
public struct ReportDraft: Equatable, Sendable {
    public enum State: String, Codable, Sendable { case drafting, final }

    public private(set) var sections: [ReportSection] = []
    /// Every suggestion ever made, by id.
    public private(set) var suggestions: [Seq: Suggestion] = [:]
    /// How many sections were ever created: the next one is `s(created + 1)`.
    public private(set) var created = 0
    public private(set) var finalization: EventBody.ReportFinalized?
    public private(set) var finalizedAt: Instant?

    public var state: State { finalization == nil ? .drafting : .final }
    public var brackets: Int { sections.reduce(0) { $0 + $1.brackets } }

    public func section(_ id: SectionID) -> ReportSection? { sections.first { $0.id == id } }

    /// Suggestions that can still be applied (pending, on their section's current version),
    /// in the order they were made. A suggestion on an older version is outdated: it stays
    /// in the journal but no longer waits for anyone.
    public var pendingSuggestions: [Suggestion] {
        suggestions.values.filter { isOpen($0) }.sorted { $0.id < $1.id }
    }

    func isOpen(_ suggestion: Suggestion) -> Bool {
        suggestion.status == .pending && section(suggestion.section)?.version == suggestion.version
    }

    func nextSectionID(offset: Int = 0) -> SectionID { SectionID(rawValue: "s\(created + 1 + offset)") }

    // MARK: Folding (called by `SessionState.apply` only)

    mutating func add(_ content: SectionContent, after: SectionID?) {
        created += 1
        let index = after.flatMap { id in sections.firstIndex { $0.id == id }.map { $0 + 1 } } ?? 0
        sections.insert(ReportSection(content), at: index)
    }

    mutating func append(_ content: SectionContent) {
        created += 1
        sections.append(ReportSection(content))
    }

    mutating func edit(_ edit: EventBody.SectionEdited) {
        update(edit.section) { section in
            section.text = edit.text
            section.title = edit.title
            section.version = edit.version
            section.brackets = Brackets.count(in: edit.text)
            section.signatures = [:]
            section.removalRequests = [:]
        }
        if let id = edit.suggestion { suggestions[id]?.status = .applied }
    }

    mutating func suggest(_ suggestion: Suggestion) { suggestions[suggestion.id] = suggestion }

    mutating func dismiss(_ id: Seq) { suggestions[id]?.status = .dismissed }

    mutating func sign(_ signature: EventBody.SectionSigned) {
        update(signature.section) {
            $0.signatures[signature.side] = ReportSection.Signature(version: signature.version, by: signature.by)
        }
    }

    mutating func withdraw(_ section: SectionID, side: SideID) {
        update(section) { $0.signatures[side] = nil }
    }

    /// Moves a section; its signatures are cleared, because its place is part of what was signed.
    mutating func move(_ id: SectionID, after: SectionID?) {
        guard let from = sections.firstIndex(where: { $0.id == id }) else { return }
        var section = sections.remove(at: from)
        section.signatures = [:]
        let index = after.flatMap { target in sections.firstIndex { $0.id == target }.map { $0 + 1 } } ?? 0
        sections.insert(section, at: index)
    }

    mutating func requestRemoval(_ request: EventBody.SectionRemovalRequested) {
        update(request.section) { $0.removalRequests[request.side] = request.version }
    }

    mutating func remove(_ id: SectionID) { sections.removeAll { $0.id == id } }

    mutating func finalize(_ finalization: EventBody.ReportFinalized, at: Instant) {
        self.finalization = finalization
        finalizedAt = at
    }

    private mutating func update(_ id: SectionID, _ change: (inout ReportSection) -> Void) {
        guard let index = sections.firstIndex(where: { $0.id == id }) else { return }
        change(&sections[index])
    }
}
