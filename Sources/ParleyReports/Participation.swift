import ParleyCore

/// How much each side contributed to each agenda item: the parity a delegation checks.
public struct Participation: Equatable, Sendable {
    public struct Count: Equatable, Sendable {
        public var contributions = 0
        public var words = 0
    }

    public struct Row: Equatable, Sendable {
        public var item: String
        /// One count per side, in the session's side order.
        public var counts: [Count]
    }

    public var sides: [String]
    public var rows: [Row]
    public var totals: [Count]

    /// Counts every public contribution that is not redacted, chat included, by its author's side.
    init(_ record: SessionRecord) {
        let spec = record.state.spec
        sides = spec.sides.map(\.name)
        var counts: [ItemID: [SideID: Count]] = [:]
        for contribution in record.publicContributions where contribution.redaction == nil {
            guard let side = contribution.side else { continue }
            var count = counts[contribution.item, default: [:]][side, default: Count()]
            count.contributions += 1
            count.words += Self.words(in: contribution.text) + (contribution.options ?? []).map(Self.words).reduce(0, +)
            counts[contribution.item, default: [:]][side] = count
        }
        let rows = spec.agenda.map { item in
            let id = item.id ?? ItemID(rawValue: "")
            return Row(item: item.title, counts: spec.sides.map { counts[id]?[$0.id] ?? Count() })
        }
        self.rows = rows
        totals = spec.sides.indices.map { index in
            rows.reduce(into: Count()) { total, row in
                total.contributions += row.counts[index].contributions
                total.words += row.counts[index].words
            }
        }
    }

    /// Words as a reader counts them: runs of letters or digits in any script.
    static func words(in text: String) -> Int {
        var count = 0
        var inWord = false
        for character in text {
            let isWordCharacter = character.isLetter || character.isNumber
            if isWordCharacter && !inWord { count += 1 }
            inWord = isWordCharacter
        }
        return count
    }
}
