import ParleyCore

/// Why the engine did not carry out a command, apart from the core refusing it: the
/// command may be fine, but the server could not keep it. Clients are told `unavailable`
/// with `description`; what they may do next differs, so the cases stay apart.
public enum EngineFailure: Error, Equatable, Sendable {
    /// The server is shutting down; nothing of the command was kept.
    case shuttingDown
    /// The session is leaving memory (stopped, evicted or reloading after a storage fault);
    /// nothing of the command was kept.
    case sessionUnloaded
    /// The store refused the write and holds nothing of it: sending again is safe.
    case notSaved
    /// The store cannot say whether the write is on disk: sending again could post twice,
    /// so the client must read the session first.
    case unconfirmed

    /// Whether nothing of the command can have been kept, so that sending it again is safe.
    public var isSafeToRetry: Bool { self != .unconfirmed }
}

extension EngineFailure: CustomStringConvertible {
    /// What happened and what to do, for the person who sent the command.
    public var description: String {
        switch self {
        case .shuttingDown: "the server is shutting down; nothing changed, retry in a moment"
        case .sessionUnloaded: "the session is restarting; nothing changed, retry"
        case .notSaved: "could not save: storage unavailable; nothing changed, retry"
        case .unconfirmed: "could not confirm the save; reconnect and check before retrying"
        }
    }
}

/// Why `LiveSession.submit` did not take effect.
public enum CommandFailure: Error, Equatable, Sendable {
    /// The core refused the command (who may do this, the rules, the input).
    case refused(Refusal)
    /// The engine could not keep it.
    case failed(EngineFailure)
}

extension CommandFailure: CustomStringConvertible {
    public var description: String {
        switch self {
        case .refused(let refusal): "\(refusal.code.rawValue): \(refusal.message)"
        case .failed(let failure): "unavailable: \(failure)"
        }
    }
}
