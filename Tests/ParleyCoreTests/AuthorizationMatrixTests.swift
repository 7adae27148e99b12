import ParleyCore
import ParleyTestKit
import Testing

/// Every command × every kind of caller × a target on the caller's own side or the other
/// side, against the rules of contract §3 and the parity rules.
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    enum Caller: String, CaseIterable, Sendable {
        case facilitator, cochairAM, cochairAZ, memberAM, memberAZ, observerAM, observer, admin

        var principal: Principal {
            switch self {
            case .facilitator: Dialogue.facilitator
            case .cochairAM: Dialogue.cochairAM
            case .cochairAZ: Dialogue.cochairAZ
            case .memberAM: Dialogue.memberAM
            case .memberAZ: Dialogue.memberAZ
            case .observerAM: Dialogue.observerAM
            case .observer: Dialogue.observer
            case .admin: .admin
            }
        }

        /// The caller's side; sideless callers take Armenia as "own" for the table's sake.
        var side: SideID {
            switch self {
            case .cochairAZ, .memberAZ: "az"
            default: "am"
            }
        }
    }

    enum Target: String, CaseIterable, Sendable { case own, other }

    enum Action: String, CaseIterable, Sendable {
        case postPosition, postChat, amend, endorse, withdrawEndorsement, redact, approve, reject, raiseHand, lowerHand
        case grantFloor, openItem, closeItem, mute, unmute, setRules, closeSession
        case addParticipant, removeParticipant
    }

    /// Who succeeds; everyone else is refused with `forbidden`.
    static func allowed(_ action: Action, _ caller: Caller, _ target: Target) -> Bool {
        let cochair = caller == .cochairAM || caller == .cochairAZ
        let speaker = cochair || caller == .memberAM || caller == .memberAZ
        let moderator = cochair || caller == .facilitator
        switch action {
        case .postPosition, .raiseHand, .lowerHand: return speaker
        case .postChat: return speaker || caller == .facilitator
        case .amend: return speaker && target == .own
        case .endorse, .withdrawEndorsement: return cochair
        case .approve, .grantFloor, .openItem, .closeItem: return moderator
        case .redact, .reject, .mute, .unmute: return caller == .facilitator || (cochair && target == .own)
        case .setRules: return caller == .facilitator
        case .closeSession: return moderator || caller == .admin
        case .addParticipant: return caller == .admin || caller == .facilitator || (cochair && target == .own)
        case .removeParticipant: return caller == .admin || caller == .facilitator
        }
    }

    /// One cell of a matrix: an action, a caller, and the side it is aimed at.
    struct Cell<Action: RawRepresentable & CaseIterable & Sendable>: Sendable, CustomTestStringConvertible
    where Action.RawValue == String {
        var action: Action
        var caller: Caller
        var target: Target
        var testDescription: String { "\(action.rawValue) by \(caller.rawValue) on \(target.rawValue) side" }

        /// Every action × every caller × own and other side.
        static var all: [Cell] {
            Action.allCases.flatMap { action in
                Caller.allCases.flatMap { caller in
                    Target.allCases.map { Cell(action: action, caller: caller, target: $0) }
                }
            }
        }
    }

    typealias Case = Cell<Action>

    static let cases = Case.all

    @Test("the matrix", arguments: cases)
    func matrix(_ test: Case) throws {
        var dialogue = try Dialogue(rules: Rules.with { $0.heldTerms = ["forbidden"] })
        let side: SideID = test.target == .own ? test.caller.side : (test.caller.side == "am" ? "az" : "am")
        let member: Principal = side == "am" ? Dialogue.memberAM : Dialogue.memberAZ
        let memberID: ParticipantID = side == "am" ? "p4" : "p5"
        let command: Command
        switch test.action {
        case .postPosition:
            command = .post(Post(item: "obstacles", kind: .position, text: "A position"))
        case .postChat:
            command = .post(Post(item: "obstacles", kind: .chat, text: "Hello"))
        case .amend:
            let speaks = [.cochairAM, .cochairAZ, .memberAM, .memberAZ].contains(test.caller)
            let author = test.target == .own && speaks ? test.caller.principal : member
            let id = try dialogue.post("First text", by: author)
            command = .amend(contribution: id, text: "Second text")
        case .endorse:
            command = .endorse(contribution: try dialogue.post("A proposal", kind: .proposal, by: member), version: 1)
        case .withdrawEndorsement:
            let id = try dialogue.post("A proposal", kind: .proposal, by: member)
            _ = dialogue.code(of: .endorse(contribution: id, version: 1), by: test.caller.principal)
            command = .withdrawEndorsement(contribution: id)
        case .redact:
            command = .redact(contribution: try dialogue.post("Words", by: member), reason: "personal data")
        case .approve:
            command = .approve(contribution: try dialogue.post("forbidden words", by: member), version: 1)
        case .reject:
            command = .reject(contribution: try dialogue.post("forbidden words", by: member), version: 1, reason: nil)
        case .raiseHand:
            command = .raiseHand
        case .lowerHand:
            _ = dialogue.code(of: .raiseHand, by: test.caller.principal)
            command = .lowerHand
        case .grantFloor:
            command = .grantFloor(participant: memberID)
        case .openItem:
            try dialogue.run(.closeItem("regional"), by: Dialogue.facilitator)
            command = .openItem("regional")
        case .closeItem:
            command = .closeItem("regional")
        case .mute:
            command = .mute(participant: memberID, seconds: 60, reason: nil)
        case .unmute:
            try dialogue.run(.mute(participant: memberID, seconds: 60, reason: nil), by: Dialogue.facilitator)
            command = .unmute(participant: memberID)
        case .setRules:
            command = .setRules(RulesPatch(slowModeSeconds: 10))
        case .closeSession:
            command = .closeSession
        case .addParticipant:
            command = .addParticipant(NewParticipant(name: "New Member", role: .member, side: side, credential: "h"))
        case .removeParticipant:
            command = .removeParticipant(memberID, reason: nil)
        }
        let expected: ErrorCode? = Self.allowed(test.action, test.caller, test.target) ? nil : .forbidden
        #expect(dialogue.code(of: command, by: test.caller.principal) == expected)
    }

    @Test("a removed participant is no longer recognised")
    func removedParticipant() throws {
        var dialogue = try Dialogue()
        try dialogue.run(.removeParticipant("p4", reason: "left"), by: .admin)
        #expect(dialogue.code(of: .raiseHand, by: Dialogue.memberAM) == .unauthorized)
    }
}
