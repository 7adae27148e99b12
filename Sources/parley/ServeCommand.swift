import ArgumentParser

/// `parley serve`: the HTTP API, the live protocol and the browser client.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve sessions over HTTP and WebSocket.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await ServerRunner.run(options)
    }
}
