import ArgumentParser
import Foundation
import ParleyCore
import ParleyEngine
import ParleyReports
import ParleyServer

/// `parley export SESSION`: renders a transcript or report offline, straight from the journal.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a session's transcript or joint report, offline.")

    @Argument(help: "The session's id (see `parley sessions`).")
    var session: String

    @Option(help: "md, html, json or txt.")
    var format = "md"

    @Option(help: "transcript or report.")
    var view = "transcript"

    @Option(help: "names or sides (default: the session's rule).")
    var attribution: String?

    @Option(
        help:
            "Show each contribution's translation into this language (a BCP 47 tag: ru, hy, az, en) beside the original."
    )
    var language: String?

    @OptionGroup var dataDirectory: DataDirectoryOptions

    @Option(help: "Write to this file (atomically) instead of standard output.")
    var out: String?

    func run() async throws {
        let request: ExportRequest
        do {
            request = try ExportRequest(view: view, format: format, attribution: attribution, language: language)
        } catch {
            throw ValidationError(error.message)
        }
        let journal = try await dataDirectory.openExistingJournal()
        let events = try await journal.events(of: SessionID(rawValue: session))
        guard !events.isEmpty else {
            throw ValidationError("no session '\(session)' in \(dataDirectory.store ?? dataDirectory.data)")
        }
        let text = try Exporter.render(journal: events, viewer: .admin, request: request)
        if let out {
            try AtomicFile.write(text, to: out)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
