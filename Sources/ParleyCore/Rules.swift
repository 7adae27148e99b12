/// How the floor works: `open` lets anyone with a voice post; `queue` lets only the
/// participant holding the floor post (chat excepted).
public enum FloorMode: String, Codable, Sendable, CaseIterable {
    case open
    case queue
}

/// How exports name the authors of statements.
public enum Attribution: String, Codable, Sendable, CaseIterable {
    /// "Name (Armenia)".
    case names
    /// "Armenia" only (Chatham House).
    case sides
}

/// A session's moderation rules (contract §2, `rules`); every field is optional on input.
public struct Rules: Codable, Equatable, Sendable {
    public var floor: FloorMode = .open
    public var slowModeSeconds: Int = 0
    public var maxLength: Int = 4000
    public var editWindowSeconds: Int = 300
    public var heldTerms: [String] = []
    public var attribution: Attribution = .sides
    /// Extension: whether observers may export the transcript and report.
    public var observersMayExport: Bool = true

    public init() {}

    public init(from decoder: any Decoder) throws {
        self = try RulesPatch(from: decoder).applied(to: Rules())
    }

    /// Limits that keep a hostile or mistaken setting from breaking a session.
    public enum Limits {
        public static let slowModeSeconds = 0...86_400
        public static let maxLength = 1...20_000
        public static let editWindowSeconds = 0...86_400
        public static let heldTermCount = 0...500
        public static let heldTermLength = 1...100
    }

    /// Checks every field against `Limits`.
    public func validate() throws(Refusal) {
        try check(Limits.slowModeSeconds.contains(slowModeSeconds), "slowModeSeconds", Limits.slowModeSeconds)
        try check(Limits.maxLength.contains(maxLength), "maxLength", Limits.maxLength)
        try check(
            Limits.editWindowSeconds.contains(editWindowSeconds), "editWindowSeconds",
            Limits.editWindowSeconds)
        guard Limits.heldTermCount.contains(heldTerms.count) else {
            throw Refusal(.invalid, "heldTerms: at most \(Limits.heldTermCount.upperBound) terms")
        }
        for term in heldTerms where !term.isSingleLine {
            throw Refusal(.invalid, "heldTerms: each term is one line without control characters")
        }
        for term in heldTerms
        where !Limits.heldTermLength.contains(term.trimmed.count) || !term.fits(Limits.heldTermLength.upperBound) {
            throw Refusal(
                .invalid,
                "heldTerms: each term must have 1 to \(Limits.heldTermLength.upperBound) characters")
        }
    }

    private func check(_ ok: Bool, _ field: String, _ range: ClosedRange<Int>) throws(Refusal) {
        guard ok else {
            throw Refusal(.invalid, "rules.\(field) must be from \(range.lowerBound) to \(range.upperBound)")
        }
    }
}

/// A partial change of `Rules`, as `setRules` carries it.
public struct RulesPatch: Codable, Equatable, Sendable {
    public var floor: FloorMode?
    public var slowModeSeconds: Int?
    public var maxLength: Int?
    public var editWindowSeconds: Int?
    public var heldTerms: [String]?
    public var attribution: Attribution?
    public var observersMayExport: Bool?

    public init(
        floor: FloorMode? = nil, slowModeSeconds: Int? = nil, maxLength: Int? = nil,
        editWindowSeconds: Int? = nil, heldTerms: [String]? = nil, attribution: Attribution? = nil,
        observersMayExport: Bool? = nil
    ) {
        self.floor = floor
        self.slowModeSeconds = slowModeSeconds
        self.maxLength = maxLength
        self.editWindowSeconds = editWindowSeconds
        self.heldTerms = heldTerms
        self.attribution = attribution
        self.observersMayExport = observersMayExport
    }

    public var isEmpty: Bool { self == RulesPatch() }

    public func applied(to rules: Rules) -> Rules {
        var result = rules
        if let floor { result.floor = floor }
        if let slowModeSeconds { result.slowModeSeconds = slowModeSeconds }
        if let maxLength { result.maxLength = maxLength }
        if let editWindowSeconds { result.editWindowSeconds = editWindowSeconds }
        if let heldTerms { result.heldTerms = heldTerms.map { String($0.trimmed) } }
        if let attribution { result.attribution = attribution }
        if let observersMayExport { result.observersMayExport = observersMayExport }
        return result
    }
}
