import ArgumentParser

@main
struct Parley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "A real-time server for co-chaired dialogues between two sides.",
        subcommands: [
            ServeCommand.self, DemoCommand.self, ExportCommand.self, SessionsCommand.self, MigrateStoreCommand.self,
        ])
}
