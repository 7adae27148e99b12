import Foundation
import ParleyCore
import ParleyServer
import ParleyTestKit
import Testing

/// Contract §6 over real sockets: ground rules at the door, a caucus, phases and a verified
/// translation, and the exports that must keep a caucus to its side.
@Suite("Facilitation over the live protocol", .timeLimit(.minutes(3)))
struct FacilitationLiveTests {
    static var spec: SessionSpec {
        var spec = Fixtures.spec()
        spec.groundRules = GroundRules(version: 1, text: "Chatham House.")
        spec.agenda[0].phase = .positions
        spec.agenda[0].minutes = 20
        return spec
    }

    @Test("the door, a caucus that stays on its side, phases and a verified translation")
    func dialogue() async throws {
        try await TestServer.run { server in
            let (session, tokens) = try await server.createDialogue(spec: Self.spec)
            let amChair = try await server.connect(session, token: tokens["p2"])
            let azChair = try await server.connect(session, token: tokens["p3"])
            let amMember = try await server.connect(session, token: tokens["p4"])
            let azMember = try await server.connect(session, token: tokens["p5"])
            let position: [String: Any] = [
                "type": "post", "item": "obstacles", "kind": "position", "text": "Հայաստանը պատրաստ է",
            ]
            let refused = try await amMember.command(position)
            #expect(
                refused["code"] as? String == "forbidden"
                    && refused["message"] as? String == "accept the ground rules first")
            #expect(try await amMember.command(["type": "acceptRules", "version": 2])["code"] as? String == "conflict")
            for client in [amChair, azChair, amMember, azMember] {
                #expect(try await client.command(["type": "acceptRules", "version": 1])["type"] as? String == "ack")
            }

            // A caucus line reaches its side only; its audience's export holds it when asked.
            let caucus = try await amMember.command(
                [
                    "type": "post", "item": "obstacles", "kind": "chat", "channel": "caucus",
                    "text": "Our red line stays.",
                ])
            #expect(caucus["type"] as? String == "ack", "\(caucus)")
            let posted = try await amMember.command(position)
            let original = try #require(posted["seq"] as? Int)
            let azSeen = try await azMember.events(5).compactMap { $0["event"] as? [String: Any] }
            #expect(
                azSeen.map { $0["kind"] as? String } == [
                    "rulesAccepted", "rulesAccepted", "rulesAccepted", "rulesAccepted", "contributed",
                ])
            #expect(azSeen.last?["contribution"] as? Int == original, "the caucus line never reached Azerbaijan")
            let amSeen = try await amChair.events(6).compactMap { $0["event"] as? [String: Any] }
            #expect(
                amSeen.contains {
                    $0["channel"] as? String == "caucus" && $0["text"] as? String == "Our red line stays."
                })
            func export(_ token: String?, _ query: String) async throws -> String {
                try await HTTP.request(
                    "GET", server.base + "/api/sessions/\(session.rawValue)/export\(query)", token: token
                ).body
            }
            #expect(try await export(tokens["p2"], "?channels=private").contains("Our red line stays."))
            #expect(try await !export(tokens["p2"], "").contains("Our red line stays."), "only when asked")
            #expect(try await !export(tokens["p3"], "?channels=private&format=json").contains("red line"))
            #expect(try await !export(TestServer.adminToken, "?channels=private&format=json").contains("red line"))

            // Phases: the position phase refuses a comment; both co-chairs move it on.
            let comment: [String: Any] = ["type": "post", "item": "obstacles", "kind": "comment", "text": "But…"]
            #expect(try await azMember.command(comment)["code"] as? String == "invalid")
            #expect(
                try await amChair.command(["type": "advancePhase", "item": "obstacles", "from": "positions"])["type"]
                    as? String == "ack")
            #expect(
                try await azChair.command(["type": "advancePhase", "item": "obstacles", "from": "positions"])["type"]
                    as? String == "ack")
            #expect(try await azMember.command(comment)["type"] as? String == "ack")
            let document = try await HTTP.request(
                "GET", server.base + "/api/sessions/\(session.rawValue)", token: tokens["p5"])
            let item = try #require((document.json?["agenda"] as? [[String: Any]])?.first)
            #expect(item["phase"] as? String == "comments" && item["minutes"] as? Int == 20 && item["startedAt"] != nil)

            // A translation by Azerbaijan, verified by Armenia, shown with the original.
            let translated = try await azMember.command(
                ["type": "translate", "contribution": original, "language": "RU", "text": "Армения готова"])
            let translation = try #require(translated["seq"] as? Int, "\(translated)")
            let verify: [String: Any] = [
                "type": "verifyTranslation", "contribution": original, "language": "ru", "translation": translation,
            ]
            #expect(try await azChair.command(verify)["code"] as? String == "forbidden")
            #expect(
                try await amMember.command(["type": "verifyTranslation", "contribution": original, "language": "ru!"])[
                    "code"] as? String == "invalid")
            #expect(try await amMember.command(verify)["type"] as? String == "ack")
            let transcript = try await export(tokens["p7"], "?language=ru&format=txt")
            #expect(
                transcript.contains(
                    "Հայաստանը պատրաստ է\n  Translation into ru (verified by Armenia):\n  Армения готова"))
            #expect(
                try await HTTP.request(
                    "GET", server.base + "/api/sessions/\(session.rawValue)/export?channels=everything",
                    token: tokens["p2"]
                ).status == 400)
            let kinds = try await export(TestServer.adminToken, "?format=json")
            for kind in [
                "rulesAccepted", "phaseAdvanceRequested", "phaseAdvanced", "translated", "translationVerified",
            ] {
                #expect(kinds.contains("\"kind\" : \"\(kind)\""), "\(kind) in the operator's event list")
            }
        }
    }
}
