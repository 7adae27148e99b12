import Foundation
import ParleyCore
import ParleyEngine
import ParleyStorePostgres
import ParleyStoreSQLite
import ParleyTestKit
import Testing

/// The stores the journal suite runs against: SQLite always; PostgreSQL when
/// `PARLEY_TEST_POSTGRES` names one (`Scripts/test` starts one and sets it, and sets
/// `PARLEY_REQUIRE_POSTGRES`, so that a missing server fails the run instead of skipping).
enum JournalStore: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    static let postgresURL = ProcessInfo.processInfo.environment["PARLEY_TEST_POSTGRES"]

    static var available: [JournalStore] {
        let required = ProcessInfo.processInfo.environment["PARLEY_REQUIRE_POSTGRES"] == "1"
        return postgresURL != nil || required ? allCases : [.sqlite]
    }

    var testDescription: String { rawValue }

    /// A place for one test's journal: a fresh file, or the shared database (each test
    /// uses session ids of its own there).
    struct Place: Sendable {
        let store: JournalStore
        let directory: String

        /// Opens the journal here; a second open is a second process's view of it.
        func open() async throws -> any EventJournal {
            switch store {
            case .sqlite:
                return try SQLiteJournal(path: directory + "/parley.sqlite")
            case .postgres:
                guard let url = JournalStore.postgresURL else {
                    throw StoreMissing()
                }
                let store = try PostgresStoreURL(url, environment: ProcessInfo.processInfo.environment)
                return try await PostgresJournal.open(store)
            }
        }
    }

    func place() throws -> Place {
        let directory = NSTemporaryDirectory() + "parley-journal-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return Place(store: self, directory: directory)
    }

    struct StoreMissing: Error, CustomStringConvertible {
        var description: String { "PARLEY_REQUIRE_POSTGRES is set but PARLEY_TEST_POSTGRES is not" }
    }
}

/// Session ids unique to one test run, so that tests sharing a database do not meet.
func uniqueSession(_ name: String) -> SessionID {
    SessionID(rawValue: "\(name)-\(UUID().uuidString.prefix(8).lowercased())")
}

/// A dialogue's whole journal, with multilingual text, amendments, an adoption and a close.
func sampleJournal(_ id: SessionID) throws -> [Event] {
    var dialogue = try Dialogue(rules: .with { $0.heldTerms = ["traitor"] })
    let proposal = try dialogue.post(
        "Հայաստան և Ադրբեջան · Azərbaycan · Ελλάδα 🕊️", kind: .proposal, by: Dialogue.memberAM)
    try dialogue.run(
        .amend(contribution: proposal, text: "Both sides open the existing communications"), by: Dialogue.memberAM)
    try dialogue.run(.endorse(contribution: proposal, version: dialogue.version(of: proposal)), by: Dialogue.cochairAM)
    try dialogue.run(.endorse(contribution: proposal, version: dialogue.version(of: proposal)), by: Dialogue.cochairAZ)
    try dialogue.post("traitor", by: Dialogue.memberAZ)
    try dialogue.run(.closeSession, by: Dialogue.facilitator)
    return dialogue.journal.map { event in
        guard case .sessionCreated(var created) = event.body else { return event }
        created.session = id
        return Event(seq: event.seq, at: event.at, body: .sessionCreated(created))
    }
}
