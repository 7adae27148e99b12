import ParleyCore

/// Builders for tests: a two-sided session with a facilitator, co-chairs, members and
/// observers, and a way to run commands against its state.
public enum Fixtures {
    public static let armenia = SideSpec(id: "am", name: "Armenia", adjective: "Armenian")
    public static let azerbaijan = SideSpec(id: "az", name: "Azerbaijan", adjective: "Azerbaijani")
    public static let start = Instant(iso8601: "2026-11-29T10:00:00.000Z")!

    public static func spec(rules: Rules = Rules()) -> SessionSpec {
        SessionSpec(
            title: "Thematic Group on Peace and Security",
            series: "Thematic Groups for a new Armenian–Azerbaijani Dialogue",
            sides: [armenia, azerbaijan],
            agenda: [
                AgendaItemSpec(id: "obstacles", title: "Obstacles to signing the treaty"),
                AgendaItemSpec(id: "regional", title: "Regional and international dimension"),
            ],
            rules: rules)
    }

    /// The cast of `Dialogue`, in the order they are added (ids p1…p7).
    public static let cast: [NewParticipant] = [
        NewParticipant(name: "Neutral Facilitator", role: .facilitator, side: nil, credential: "h1"),
        NewParticipant(name: "Leonid Nersisyan", role: .cochair, side: "am", credential: "h2"),
        NewParticipant(name: "Murad Muradov", role: .cochair, side: "az", credential: "h3"),
        NewParticipant(name: "Armine Margaryan", role: .member, side: "am", credential: "h4"),
        NewParticipant(name: "Eldar Hamzali", role: .member, side: "az", credential: "h5"),
        NewParticipant(name: "Observer of Armenia", role: .observer, side: "am", credential: "h6"),
        NewParticipant(name: "Independent Observer", role: .observer, side: nil, credential: "h7"),
    ]
}

/// A session driven command by command, as the engine would: decide, then apply.
public struct Dialogue {
    public private(set) var state: SessionState
    public private(set) var journal: [Event]
    public var now: Instant

    public static let facilitator: Principal = .participant("p1")
    public static let cochairAM: Principal = .participant("p2")
    public static let cochairAZ: Principal = .participant("p3")
    public static let memberAM: Principal = .participant("p4")
    public static let memberAZ: Principal = .participant("p5")
    public static let observerAM: Principal = .participant("p6")
    public static let observer: Principal = .participant("p7")

    /// A session with `Fixtures.cast` added by the operator.
    public init(rules: Rules = Rules(), cast: [NewParticipant] = Fixtures.cast) throws {
        try self.init(spec: Fixtures.spec(rules: rules), cast: cast)
    }

    /// A session of `spec` with `cast` added by the operator.
    public init(spec: SessionSpec, cast: [NewParticipant] = Fixtures.cast) throws {
        now = Fixtures.start
        let genesis = try SessionState.genesis(spec, id: "s1", at: now)
        state = SessionState(created: genesis.sessionCreated!, at: now)
        journal = [genesis]
        for person in cast { try run(.addParticipant(person), by: .admin) }
    }

    /// Decides and applies a command; throws its refusal.
    @discardableResult
    public mutating func run(_ command: Command, by principal: Principal) throws(Refusal) -> [Event] {
        let events = try state.execute(command, by: principal, at: now)
        journal += events
        return events
    }

    /// The refusal code a command gets, or nil when it succeeds (and is applied).
    public mutating func code(of command: Command, by principal: Principal) -> ErrorCode? {
        do {
            try run(command, by: principal)
            return nil
        } catch {
            return error.code
        }
    }

    /// Posts and returns the new contribution's id.
    @discardableResult
    public mutating func post(
        _ text: String, kind: ContributionKind = .position, item: ItemID = "obstacles", by principal: Principal,
        replyTo: ContributionID? = nil, options: [String]? = nil, channel: ChatChannel? = nil
    ) throws(Refusal) -> ContributionID {
        let events = try run(
            .post(Post(item: item, kind: kind, text: text, replyTo: replyTo, options: options, channel: channel)),
            by: principal)
        return events[0].seq
    }

    public mutating func advance(seconds: Int) { now = now.adding(seconds: seconds) }

    /// The current text version of a contribution, as a reader sees it (1 if unknown).
    public func version(of id: ContributionID) -> Int { state.contributions[id]?.version ?? 1 }
}

extension Event {
    /// The payload of a `sessionCreated` event.
    public var sessionCreated: EventBody.SessionCreated? {
        if case .sessionCreated(let created) = body { created } else { nil }
    }
}

extension Rules {
    /// Default rules changed by `change`.
    public static func with(_ change: (inout Rules) -> Void) -> Rules {
        var rules = Rules()
        change(&rules)
        return rules
    }
}
