import Foundation

// libFuzzer's entry point over the live protocol's frame decoder and the session state
// machine. Built with the sources of ParleyCore and ParleyProtocol as one module by `Scripts/fuzz`
// (`swiftc -sanitize=fuzzer,address`), never by SwiftPM.
//
// An input is lines; each line is one client frame sent by one principal: its first byte
// picks who sends it (the operator, one of seven participants, or a stranger), the rest is
// the frame's JSON. Every line is decoded; a frame that decodes is decided and applied at a
// clock one second later than the last. A broken promise stops the run with a message
// (a crash, to libFuzzer):
// - decoding and deciding never crash, whatever the bytes;
// - every event continues the journal's seqs and survives its own JSON round trip;
// - no contribution or amendment that reaches an observer holds a held term;
// - folding the journal gives the state that deciding built;
// - active names are unique and the name index holds exactly them.

/// The session every input starts from: two sides, two agenda items, a held term, and the
/// cast of the test fixtures (p1 facilitator, p2/p3 co-chairs, p4/p5 members, p6/p7 observers).
let start: (state: SessionState, journal: [Event]) = {
    let now = Instant(iso8601: "2026-11-29T10:00:00.000Z")!
    var rules = Rules()
    rules.heldTerms = ["traitor", "Ադրբեջան"]
    let spec = SessionSpec(
        title: "Thematic Group on Peace and Security",
        series: "Thematic Groups for a new Armenian–Azerbaijani Dialogue",
        sides: [
            SideSpec(id: "am", name: "Armenia", adjective: "Armenian"),
            SideSpec(id: "az", name: "Azerbaijan", adjective: "Azerbaijani"),
        ],
        agenda: [
            AgendaItemSpec(id: "obstacles", title: "Obstacles to signing the treaty"),
            AgendaItemSpec(id: "regional", title: "Regional and international dimension"),
        ],
        rules: rules)
    let genesis = try! SessionState.genesis(spec, id: "s1", at: now)
    var state = try! SessionState.fold([genesis])
    var journal = [genesis]
    let cast: [(String, Role, SideID?)] = [
        ("Neutral Facilitator", .facilitator, nil), ("Leonid Nersisyan", .cochair, "am"),
        ("Murad Muradov", .cochair, "az"), ("Armine Margaryan", .member, "am"), ("Eldar Hamzali", .member, "az"),
        ("Observer of Armenia", .observer, "am"), ("Independent Observer", .observer, nil),
    ]
    for (index, (name, role, side)) in cast.enumerated() {
        let person = NewParticipant(name: name, role: role, side: side, credential: "h\(index + 1)")
        journal += try! state.execute(.addParticipant(person), by: .admin, at: now)
    }
    return (state, journal)
}()

let principals: [Principal] = [.admin] + (1...8).map { .participant(ParticipantID(rawValue: "p\($0)")) }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = Data(bytes: bytes, count: count)
    var state = start.state
    var journal = start.journal
    var now = state.createdAt
    let encoder = JSONEncoder()
    let decoder = JSONDecoder()
    let observer = Viewer.participant(state.participant("p7")!)
    for line in input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
        // "0"…"8" read as the index (seed files stay legible); any other byte modulo 9.
        let selector = Int(line.first!)
        let principal = principals[(48...56).contains(selector) ? selector - 48 : selector % principals.count]
        guard case .success(let frame) = ClientFrame.decode(Data(line.dropFirst())) else { continue }
        now = now.adding(seconds: 1)
        let held = HeldTermMatcher(terms: state.rules.heldTerms)
        guard let events = try? state.execute(frame.command, by: principal, at: now) else { continue }
        for event in events {
            journal.append(event)
            check(event.seq == Int64(journal.count), "seq \(event.seq) after \(journal.count - 1) events")
            let decoded = try? decoder.decode(Event.self, from: try encoder.encode(event))
            check(decoded == event, "event \(event.seq) does not survive its JSON round trip")
            switch Visibility.project(event, for: observer, in: state)?.body {
            case .contributed(let posted):
                let texts = [posted.text] + (posted.options ?? [])
                check(texts.allSatisfy { held.matches(in: $0).isEmpty }, "an observer sees a held term in a post")
            case .amended(let amendment):
                check(held.matches(in: amendment.text).isEmpty, "an observer sees a held term in an amendment")
            default:
                break
            }
        }
    }
    let folded = try? SessionState.fold(journal)
    check(folded == state, "folding the journal differs from the state built by deciding")
    let names = state.activeParticipants.map { HeldTermMatcher.fold($0.name) }
    check(Set(names).count == names.count, "two active participants share a name")
    check(Set(names) == Set(state.activeNames.keys), "the name index differs from the active participants")
    return 0
}

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("fuzz invariant broken: \(message())") }
}
