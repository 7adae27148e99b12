import ArgumentParser

/// `parley-bench rooms`: many sessions at once, as a busy organisation runs them. In each
/// room one member posts and the others read; the posts of all rooms add up to `rate` per
/// second. Through the public protocol only, against a `parley serve` this command starts.
struct RoomsBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rooms", abstract: "Many sessions of a few members, all posting at once.")

    @Option(help: "Sessions running at once.")
    var rooms = 50

    @Option(help: "Members per session (one posts, the others read).")
    var members = 10

    @Option(help: "Posts per second, all sessions together.")
    var rate = 500

    @OptionGroup var options: LoadOptions

    func validate() throws {
        guard rooms > 0, members > 1, rate >= rooms else {
            throw ValidationError("needs rooms ≥ 1, members ≥ 2, rate ≥ rooms")
        }
    }

    func run() async throws {
        let load = LoadRun(rooms: rooms, readers: members - 1, rate: rate / rooms, seconds: options.seconds) { index in
            #"{"name":"Member \#(index + 1)","role":"member","side":"\#(index % 2 == 0 ? "az" : "am")"}"#
        }
        try await load.compare(
            options,
            title:
                "rooms: \(rooms) sessions × \(members) members, \(rate / rooms * rooms) posts/s in all for \(options.seconds) s"
        )
    }
}
