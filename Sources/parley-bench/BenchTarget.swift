import ArgumentParser
import Foundation

/// A server a scenario measures: Parley (`parley serve`), or the ceiling (`parley-ceiling`,
/// a broadcast server on bare Hummingbird WebSocket) measured by the same client.
enum BenchTarget: String, CaseIterable, ExpressibleByArgument, Sendable {
    case parley
    case ceiling

    /// One session's live URL, its poster's token and its readers' tokens.
    struct Room: Sendable {
        let url: String
        let poster: String
        let readers: [String]
    }

    /// Starts the server with the executable next to this benchmark's.
    func start() throws -> BenchServer {
        switch self {
        case .parley:
            try BenchServer.start(
                Self.sibling("parley"),
                [
                    "serve", "--port", "0", "--data", BenchServer.temporaryDirectory(), "--command-rate", "1000000",
                    "--sockets-per-address", "1000000",
                ])
        case .ceiling:
            try BenchServer.start(Self.sibling("parley-ceiling"), ["0"])
        }
    }

    /// Sets up a session with a posting member and `readers` readers, each invited with the
    /// participant JSON `reader(index)` gives (Parley only: the ceiling has no invitations).
    func room(on server: BenchServer, readers: Int, reader: (Int) -> String) async throws -> Room {
        let live = server.base.replacingOccurrences(of: "http", with: "ws")
        switch self {
        case .parley:
            let admin = BenchHTTP(base: server.base, token: server.adminToken)
            let session = try await admin.createSession()
            let poster = try await admin.invite(session, #"{"name":"Posting Member","role":"member","side":"am"}"#)
            var tokens: [String] = []
            for index in 0..<readers { tokens.append(try await admin.invite(session, reader(index))) }
            return Room(url: live + "/api/sessions/\(session)/live", poster: poster, readers: tokens)
        case .ceiling:
            let session = UUID().uuidString
            return Room(
                url: live + "/api/sessions/\(session)/live", poster: "none",
                readers: Array(repeating: "none", count: readers))
        }
    }

    static func sibling(_ name: String) -> String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path
    }
}
