import ParleyCore

/// What the server sends over the live protocol, one JSON object per text frame
/// (contract §3).
public enum ServerFrame: Equatable, Sendable {
    case welcome(you: Participant?, session: SessionDocument, head: Seq)
    case event(Event)
    case ack(ref: String?, seq: Seq)
    /// `unconfirmed`: the command may have been saved (the store could not say), so the
    /// client reads the session before sending it again (an extension, `docs/protocol.md`).
    case error(ref: String?, refusal: Refusal, unconfirmed: Bool = false)
    /// Co-chairs, members and the facilitator by id; observers by count.
    case presence(online: [ParticipantID], observers: Int)
}

extension ServerFrame: Encodable {
    private enum CodingKeys: String, CodingKey {
        case type, you, session, head, seq, at, event, ref, code, message, unconfirmed, online, observers
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .welcome(let you, let session, let head):
            try container.encode("welcome", forKey: .type)
            try container.encode(you, forKey: .you)
            try container.encode(session, forKey: .session)
            try container.encode(head, forKey: .head)
        case .event(let event):
            try container.encode("event", forKey: .type)
            try container.encode(event.seq, forKey: .seq)
            try container.encode(event.at, forKey: .at)
            try container.encode(event.body, forKey: .event)
        case .ack(let ref, let seq):
            try container.encode("ack", forKey: .type)
            try container.encode(ref, forKey: .ref)
            try container.encode(seq, forKey: .seq)
        case .error(let ref, let refusal, let unconfirmed):
            try container.encode("error", forKey: .type)
            try container.encode(ref, forKey: .ref)
            try container.encode(refusal.code, forKey: .code)
            try container.encode(refusal.message, forKey: .message)
            if unconfirmed { try container.encode(true, forKey: .unconfirmed) }
        case .presence(let online, let observers):
            try container.encode("presence", forKey: .type)
            try container.encode(online, forKey: .online)
            try container.encode(observers, forKey: .observers)
        }
    }
}
