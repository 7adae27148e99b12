/// What a participant may do in a session.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// Neutral moderator, with no side.
    case facilitator
    /// Chairs their side's delegation; at most one per side.
    case cochair
    /// Speaks for their side.
    case member
    /// Reads only; may belong to a side.
    case observer

    /// Co-chairs and members speak for a side.
    public var speaksForSide: Bool { self == .cochair || self == .member }
    /// The facilitator and co-chairs moderate.
    public var moderates: Bool { self == .facilitator || self == .cochair }
}

/// Someone taking part in a session. Never carries the participant's token.
public struct Participant: Codable, Equatable, Sendable {
    public var id: ParticipantID
    public var name: String
    public var role: Role
    public var side: SideID?

    public init(id: ParticipantID, name: String, role: Role, side: SideID?) {
        self.id = id
        self.name = name
        self.role = role
        self.side = side
    }
}

/// Who issues a command: the server's operator (the admin token) or a participant.
///
/// Encoded as a bare string: `"admin"` or the participant's id. Participant ids are
/// `p1`, `p2`, …, so they never collide with `"admin"`.
public enum Principal: Hashable, Sendable, Codable, CustomStringConvertible {
    case admin
    case participant(ParticipantID)

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = text == "admin" ? .admin : .participant(ParticipantID(rawValue: text))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String {
        switch self {
        case .admin: "admin"
        case .participant(let id): id.rawValue
        }
    }
}

/// A participant to add; `credential` is the hash of their invite token (never the token).
public struct NewParticipant: Codable, Equatable, Sendable {
    public var name: String
    public var role: Role
    public var side: SideID?
    public var credential: String

    public init(name: String, role: Role, side: SideID?, credential: String) {
        self.name = name
        self.role = role
        self.side = side
        self.credential = credential
    }
}
