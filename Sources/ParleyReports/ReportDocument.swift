import ParleyCore

/// The joint report, shaped like the reference report of a thematic group: title, series,
/// the delegations, then per agenda item each side's perspectives, its comments on the
/// other side's views, what both sides agree, the adopted recommendations, and what was
/// proposed but not adopted. Statements are attributed by side only.
public struct ReportDocument: Equatable, Sendable {
    public struct Recommendation: Equatable, Sendable {
        public var text: String
        public var options: [String]
    }

    public struct SideStatements: Equatable, Sendable {
        /// "From Armenia's perspective," — built from the side's name.
        public var perspectiveLead: String
        /// "The Armenian side" — built from the side's adjective.
        public var sideLead: String
        public var positions: [String]
        public var comments: [String]
        public var notAdopted: [NotAdopted]
    }

    public struct NotAdopted: Equatable, Sendable {
        public var kind: ContributionKind
        public var text: String
        public var options: [String]
    }

    public struct Item: Equatable, Sendable {
        public var title: String
        public var sides: [SideStatements]
        public var agreements: [String]
        public var recommendations: [Recommendation]
    }

    /// What precedes each adopted proposal, as in the reference report.
    public static let agreementLead = "Both sides agree that"

    public var title: String
    public var series: String
    /// "November 2025": the month the session began.
    public var date: String
    public var delegations: [Delegation]
    public var items: [Item]
    public var participation: Participation

    public init(_ record: SessionRecord) {
        let state = record.state
        let spec = state.spec
        title = spec.title
        series = spec.series
        date = Self.monthAndYear(state.createdAt)
        delegations = Delegation.all(record)
        let contributions = record.publicContributions
        items = spec.agenda.map { agendaItem in
            let id = agendaItem.id ?? ItemID(rawValue: "")
            let here = contributions.filter { $0.item == id }
            func text(_ contribution: Contribution) -> String {
                contribution.redaction.map { "[redacted: \($0.reason)]" } ?? contribution.text
            }
            let sides = spec.sides.map { side in
                let own = here.filter { $0.side == side.id }
                return SideStatements(
                    perspectiveLead: "From \(side.name)'s perspective,", sideLead: "The \(side.adjective) side",
                    positions: own.filter { $0.kind == .position }.map(text),
                    comments: own.filter { $0.kind == .comment }.map(text),
                    notAdopted: own.filter { $0.kind.needsEndorsement && !$0.adopted }.map {
                        NotAdopted(kind: $0.kind, text: text($0), options: $0.redaction == nil ? $0.options ?? [] : [])
                    })
            }
            let adopted = here.filter(\.adopted)
            return Item(
                title: agendaItem.title, sides: sides,
                agreements: adopted.filter { $0.kind == .proposal }.map(text),
                recommendations: adopted.filter { $0.kind == .recommendation }.map {
                    Recommendation(text: text($0), options: $0.redaction == nil ? $0.options ?? [] : [])
                })
        }
        participation = Participation(record)
    }

    /// a), b), … z), then aa), ab), …
    public static func letter(_ index: Int) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return index < 26 ? String(letters[index]) : String(letters[index / 26 - 1]) + String(letters[index % 26])
    }

    private static func monthAndYear(_ instant: Instant) -> String {
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        let iso = instant.iso8601
        let year = iso.prefix(4)
        let month = Int(iso.dropFirst(5).prefix(2)) ?? 1
        return "\(months[month - 1]) \(year)"
    }
}
