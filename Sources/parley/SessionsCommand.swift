import ArgumentParser
import ParleyCore
import ParleyEngine

/// `parley sessions [--data DIR | --store URL]`: one line per session, oldest first.
struct SessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions", abstract: "List the sessions in a data directory.")

    @OptionGroup var dataDirectory: DataDirectoryOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let summaries = try await dataDirectory.openExistingJournal().sessions()
        if json {
            print(try SessionTable.json(summaries))
        } else {
            print(SessionTable.table(summaries), terminator: "")
        }
    }
}
