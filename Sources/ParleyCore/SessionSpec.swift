/// One of the two sides of a dialogue.
public struct SideSpec: Codable, Equatable, Sendable {
    public var id: SideID
    /// The side's name as a noun: "Armenia".
    public var name: String
    /// The side's name as an adjective: "Armenian". Defaults to `name`.
    public var adjective: String
    /// Extension: the stems of the side's names in other languages ("армени", "армянск",
    /// "Հայաստան"), by which the report's seed knows a statement that already names its
    /// own side. Optional; empty by default.
    public var aliases: [String]

    public init(id: SideID, name: String, adjective: String, aliases: [String] = []) {
        self.id = id
        self.name = name
        self.adjective = adjective
        self.aliases = aliases
    }

    private enum CodingKeys: String, CodingKey { case id, name, adjective, aliases }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(SideID.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        adjective = try container.decodeIfPresent(String.self, forKey: .adjective) ?? name
        aliases = try container.decodeIfPresent([String].self, forKey: .aliases) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(adjective, forKey: .adjective)
        if !aliases.isEmpty { try container.encode(aliases, forKey: .aliases) }
    }

    public static let maxAliases = 10
}

/// An agenda item. An item given without an `id` is named `item-N`, N its position from 1.
/// Extensions (contract §6): `minutes`, the item's time, and `phase`, the phase it starts
/// in when it runs in phases.
public struct AgendaItemSpec: Codable, Equatable, Sendable {
    public var id: ItemID?
    public var title: String
    public var minutes: Int?
    public var phase: Phase?

    public init(id: ItemID? = nil, title: String, minutes: Int? = nil, phase: Phase? = nil) {
        self.id = id
        self.title = title
        self.minutes = minutes
        self.phase = phase
    }

    public static let maxMinutes = 1440
}

/// What the published report prints beyond its sections (contract §2, `report`).
public struct ReportSpec: Codable, Equatable, Sendable {
    /// The text on the report's cover ("November 2025"); by default the month of finalisation.
    public var date: String?
    /// A paragraph (or a few) about the organiser, printed at the end of the report.
    public var about: String?

    public init(date: String? = nil, about: String? = nil) {
        self.date = date
        self.about = about
    }

    public static let maxDateLength = 100
    public static let maxAboutLength = 5000
}

/// What a session is about and how it runs: the contract's SessionSpec.
public struct SessionSpec: Codable, Equatable, Sendable {
    public var title: String
    public var series: String
    public var sides: [SideSpec]
    public var agenda: [AgendaItemSpec]
    public var rules: Rules
    public var report: ReportSpec?
    /// What every participant accepts before taking part (contract §6).
    public var groundRules: GroundRules?

    public init(
        title: String, series: String = "", sides: [SideSpec], agenda: [AgendaItemSpec],
        rules: Rules = Rules(), report: ReportSpec? = nil, groundRules: GroundRules? = nil
    ) {
        self.title = title
        self.series = series
        self.sides = sides
        self.agenda = agenda
        self.rules = rules
        self.report = report
        self.groundRules = groundRules
    }

    private enum CodingKeys: String, CodingKey { case title, series, sides, agenda, rules, report, groundRules }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decode(String.self, forKey: .title)
        series = try container.decodeIfPresent(String.self, forKey: .series) ?? ""
        sides = try container.decode([SideSpec].self, forKey: .sides)
        agenda = try container.decode([AgendaItemSpec].self, forKey: .agenda)
        rules = try container.decodeIfPresent(Rules.self, forKey: .rules) ?? Rules()
        report = try container.decodeIfPresent(ReportSpec.self, forKey: .report)
        groundRules = try container.decodeIfPresent(GroundRules.self, forKey: .groundRules)
    }

    public static let maxTitleLength = 300
    public static let maxAgendaItems = 100

    /// The spec with defaults filled in (item ids), or why it cannot make a session.
    public func validated() throws(Refusal) -> SessionSpec {
        var spec = self
        spec.title = String(title.trimmed)
        spec.series = String(series.trimmed)
        try Self.checkText(spec.title, "title", required: true)
        try Self.checkText(spec.series, "series", required: false)
        guard sides.count == 2 else {
            throw Refusal(.invalid, "a session has exactly two sides, not \(sides.count)")
        }
        for side in sides {
            guard side.id.rawValue.isSafeIdentifier else {
                throw Refusal(.invalid, "side id '\(side.id)' must be 1-64 letters, digits, '-' or '_'")
            }
            guard side.id.rawValue != SectionOwner.joint.description else {
                throw Refusal(.invalid, "side id 'joint' is reserved for the report's joint sections")
            }
            try Self.checkText(String(side.name.trimmed), "side name", required: true)
            try Self.checkText(String(side.adjective.trimmed), "side adjective", required: true)
            guard side.aliases.count <= SideSpec.maxAliases else {
                throw Refusal(.invalid, "a side has at most \(SideSpec.maxAliases) aliases")
            }
            for alias in side.aliases { try Self.checkText(String(alias.trimmed), "side alias", required: true) }
        }
        guard sides[0].id != sides[1].id else {
            throw Refusal(.invalid, "the two sides need different ids")
        }
        guard (1...Self.maxAgendaItems).contains(agenda.count) else {
            throw Refusal(.invalid, "the agenda needs 1 to \(Self.maxAgendaItems) items")
        }
        spec.agenda = agenda.enumerated().map { index, item in
            AgendaItemSpec(
                id: item.id ?? ItemID(rawValue: "item-\(index + 1)"), title: String(item.title.trimmed),
                minutes: item.minutes, phase: item.phase)
        }
        var seen = Set<ItemID>()
        for item in spec.agenda {
            let id = item.id!
            guard id.rawValue.isSafeIdentifier else {
                throw Refusal(.invalid, "agenda item id '\(id)' must be 1-64 letters, digits, '-' or '_'")
            }
            guard seen.insert(id).inserted else {
                throw Refusal(.invalid, "agenda item id '\(id)' is used twice")
            }
            try Self.checkText(item.title, "agenda item title", required: true)
            if item.phase == .closed {
                throw Refusal(.invalid, "agenda item '\(id)' cannot start in the closed phase")
            }
            if let minutes = item.minutes, !(1...AgendaItemSpec.maxMinutes).contains(minutes) {
                throw Refusal(.invalid, "agenda item '\(id)' has 1 to \(AgendaItemSpec.maxMinutes) minutes")
            }
        }
        spec.groundRules = try groundRules?.validated()
        try rules.validate()
        spec.report = try report?.validated()
        spec.rules = RulesPatch(heldTerms: rules.heldTerms).applied(to: rules)
        return spec
    }

    public func side(_ id: SideID) -> SideSpec? { sides.first { $0.id == id } }

    private static func checkText(_ text: String, _ field: String, required: Bool) throws(Refusal) {
        if required && text.isEmpty { throw Refusal(.invalid, "\(field) must not be empty") }
        guard text.isSingleLine, !text.hasBidiControls else {
            throw Refusal(.invalid, "\(field) must be one line without control characters or bidi controls")
        }
        guard text.fits(maxTitleLength) else {
            throw Refusal(
                .invalid,
                "\(field) is longer than \(maxTitleLength) characters (or \(maxTitleLength * 4) bytes of UTF-8)")
        }
    }
}

extension ReportSpec {
    /// Trimmed, with empty fields dropped, or why not.
    func validated() throws(Refusal) -> ReportSpec? {
        let date = date.map { String($0.trimmed) }.flatMap { $0.isEmpty ? nil : $0 }
        let about = about.map { String($0.trimmed) }.flatMap { $0.isEmpty ? nil : $0 }
        if let date {
            guard date.isSingleLine, date.count <= Self.maxDateLength else {
                throw Refusal(.invalid, "report.date is one line of at most \(Self.maxDateLength) characters")
            }
        }
        if let about {
            guard about.count <= Self.maxAboutLength else {
                throw Refusal(.invalid, "report.about is longer than \(Self.maxAboutLength) characters")
            }
            guard about.isMultilineText else {
                throw Refusal(.invalid, "report.about may hold line breaks but no other control characters")
            }
        }
        return date == nil && about == nil ? nil : ReportSpec(date: date, about: about)
    }
}
