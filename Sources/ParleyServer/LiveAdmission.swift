import ParleyCore

/// What one participant (and one address) may hold and spend across all their live
/// sockets: a number of sockets, and one command budget, so that opening more sockets
/// buys no more commands.
actor LiveAdmission {
    let limits: LiveLimits
    private var socketsByParticipant: [String: Int] = [:]
    private var socketsByAddress: [String: Int] = [:]
    private var budgets: [String: RateWindow] = [:]

    init(limits: LiveLimits) { self.limits = limits }

    /// A participant of a session, as the budgets and socket counts know them.
    static func key(_ session: SessionID, _ caller: Caller) -> String { "\(session.rawValue)/\(caller.principal)" }

    /// Refuses, without reserving, when a new socket would pass a limit.
    func check(participant: String, address: String) throws(Refusal) {
        guard socketsByParticipant[participant, default: 0] < limits.socketsPerParticipant else {
            throw Refusal(
                .rateLimited,
                "at most \(limits.socketsPerParticipant) live connections per participant: close one first")
        }
        guard socketsByAddress[address, default: 0] < limits.socketsPerAddress else {
            throw Refusal(.rateLimited, "at most \(limits.socketsPerAddress) live connections from one address")
        }
    }

    /// Reserves a socket; pair with `close`.
    func open(participant: String, address: String) throws(Refusal) {
        try check(participant: participant, address: address)
        socketsByParticipant[participant, default: 0] += 1
        socketsByAddress[address, default: 0] += 1
    }

    func close(participant: String, address: String) {
        socketsByParticipant[participant] = socketsByParticipant[participant].flatMap { $0 > 1 ? $0 - 1 : nil }
        socketsByAddress[address] = socketsByAddress[address].flatMap { $0 > 1 ? $0 - 1 : nil }
        if socketsByParticipant[participant] == nil { budgets[participant] = nil }
    }

    /// Spends one command of the participant's budget; false when it is spent.
    func spend(participant: String, at now: Instant) -> Bool {
        var window = budgets[participant] ?? RateWindow(limit: limits.commands, seconds: limits.windowSeconds)
        defer { budgets[participant] = window }
        return window.record(at: now)
    }
}
