import Foundation
import ParleyCore
import ParleyTestKit
import Testing

@Suite("Session spec, instants and wire forms")
struct SpecAndCodecTests {
    @Test("the contract's SessionSpec decodes with defaults, and items get ids")
    func specDefaults() throws {
        let json = """
            {"title":"T","sides":[{"id":"am","name":"Armenia","adjective":"Armenian"},{"id":"az","name":"Azerbaijan"}],
             "agenda":[{"title":"First"},{"id":"x","title":"Second"},{"title":"Third"}]}
            """
        let spec = try JSONDecoder().decode(SessionSpec.self, from: Data(json.utf8)).validated()
        #expect(spec.agenda.map(\.id) == ["item-1", "x", "item-3"])
        #expect(spec.rules == Rules())
        #expect(spec.sides[1].adjective == "Azerbaijan")
        #expect(spec.series == "")
    }

    @Test("invalid specs are refused with a reason")
    func invalidSpecs() {
        var spec = Fixtures.spec()
        spec.sides.append(SideSpec(id: "ge", name: "Georgia", adjective: "Georgian"))
        #expect(throws: Refusal.self) { try spec.validated() }
        spec = Fixtures.spec()
        spec.sides[1].id = "am"
        #expect(throws: Refusal.self) { try spec.validated() }
        spec = Fixtures.spec()
        spec.agenda = [AgendaItemSpec(id: "item-2", title: "A"), AgendaItemSpec(title: "B")]
        #expect(throws: Refusal(.invalid, "agenda item id 'item-2' is used twice")) { try spec.validated() }
        spec = Fixtures.spec()
        spec.title = "  "
        #expect(throws: Refusal.self) { try spec.validated() }
        spec = Fixtures.spec()
        spec.rules.slowModeSeconds = -1
        #expect(throws: Refusal.self) { try spec.validated() }
        spec = Fixtures.spec()
        spec.agenda = []
        #expect(throws: Refusal.self) { try spec.validated() }
    }

    @Test("instants format and parse ISO 8601 UTC to the millisecond")
    func instants() {
        let instant = Instant(iso8601: "2026-11-29T10:00:00.123Z")!
        #expect(instant.iso8601 == "2026-11-29T10:00:00.123Z")
        #expect(Instant(millisecondsSinceEpoch: 0).iso8601 == "1970-01-01T00:00:00.000Z")
        #expect(Instant(iso8601: "2024-02-29T23:59:59Z")?.iso8601 == "2024-02-29T23:59:59.000Z")
        #expect(Instant(iso8601: "2026-11-29T10:00:00.123456Z")?.iso8601 == "2026-11-29T10:00:00.123Z")
        #expect(Instant(millisecondsSinceEpoch: -1).iso8601 == "1969-12-31T23:59:59.999Z")
        #expect(Instant(iso8601: "2026-13-01T00:00:00Z") == nil)
        #expect(Instant(iso8601: "yesterday") == nil)
        for ms in stride(from: Int64(-10_000_000_000_000), to: 10_000_000_000_000, by: 123_456_789_017) {
            #expect(Instant(iso8601: Instant(millisecondsSinceEpoch: ms).iso8601)?.millisecondsSinceEpoch == ms)
        }
    }

    @Test("journaled bodies are read by their schema version; a newer one is refused, not misread")
    func schemaVersions() throws {
        let body = Data(#"{"kind":"handRaised","participant":"p4"}"#.utf8)
        #expect(try EventBody.decode(body, version: 1, with: JSONDecoder()).kind == .handRaised)
        #expect(throws: UnknownSchemaVersion(version: 2)) {
            try EventBody.decode(body, version: 2, with: JSONDecoder())
        }
        #expect(throws: UnknownSchemaVersion(version: 0)) {
            try EventBody.decode(body, version: 0, with: JSONDecoder())
        }
    }

    @Test("events keep the contract's wire shape and survive a round trip")
    func eventCodec() throws {
        var dialogue = try Dialogue(rules: .with { $0.heldTerms = ["x"] })
        let id = try dialogue.post("Հայաստան · Azərbaycan · Ελλάδα · 🕊️", kind: .proposal, by: Dialogue.cochairAM)
        try dialogue.run(.endorse(contribution: id, version: dialogue.version(of: id)), by: Dialogue.cochairAZ)
        let encoder = JSONEncoder()
        for event in dialogue.journal {
            let data = try encoder.encode(event)
            #expect(try JSONDecoder().decode(Event.self, from: data) == event)
        }
        let contributed = dialogue.journal.first { $0.seq == id }!
        let object = try JSONSerialization.jsonObject(with: encoder.encode(contributed)) as! [String: Any]
        let body = object["event"] as! [String: Any]
        #expect(object["seq"] as? Int == Int(id))
        #expect(object["at"] as? String == "2026-11-29T10:00:00.000Z")
        #expect(body["kind"] as? String == "contributed")
        #expect(body["contribution"] as? Int == Int(id))
        #expect(body["author"] as? String == "p2")
        #expect(body["side"] as? String == "am")
        #expect(body["item"] as? String == "obstacles")
        #expect(body["contributionKind"] as? String == "proposal")
        #expect(body["text"] as? String == "Հայաստան · Azərbaycan · Ελλάδα · 🕊️")
        #expect(body["replyTo"] == nil && body["held"] == nil)
    }
}
