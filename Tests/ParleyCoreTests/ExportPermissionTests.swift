import ParleyCore
import ParleyTestKit
import Testing

/// Who may export, and by name (contract §2): Chatham House is enforced, not a label.
@Suite("Export permissions")
struct ExportPermissionTests {
    @Test(
        "by name only for the operator and the facilitator under Chatham House",
        arguments: [Role?.none, .facilitator, .cochair, .member, .observer], Attribution.allCases)
    func byName(role: Role?, sessionAttribution: Attribution) throws {
        let dialogue = try Dialogue(rules: .with { $0.attribution = sessionAttribution })
        let participant = role.flatMap { role in dialogue.state.participants.first { $0.role == role } }
        #expect(throws: Never.self) { try dialogue.state.checkExport(by: participant, attribution: .sides) }
        let mayName = sessionAttribution == .names || role == nil || role == .facilitator
        #expect(
            ((try? dialogue.state.checkExport(by: participant, attribution: .names)) != nil) == mayName,
            "\(role?.rawValue ?? "operator") asking for names while the session says \(sessionAttribution)")
    }

    @Test("observers export only while the session allows it")
    func observers() throws {
        let closed = try Dialogue(rules: .with { $0.observersMayExport = false })
        let observer = closed.state.participant("p7")
        #expect(throws: Refusal(.forbidden, "this session's exports are not open to observers")) {
            try closed.state.checkExport(by: observer, attribution: nil)
        }
        #expect(throws: Never.self) {
            try closed.state.checkExport(by: closed.state.participant("p4"), attribution: nil)
        }
    }
}
