import ArgumentParser
import Foundation

/// A server a scenario measures: Parley (`parley serve`), or the ceiling (`parley-ceiling`,
/// a broadcast server on bare Hummingbird WebSocket) measured by the same client.
enum BenchTarget: String, CaseIterable, ExpressibleByArgument, Sendable {
    case parley
    case ceiling

    /// One session: its poster's live URL and token, and each reader's.
    struct Room: Sendable {
        let posterURL: String
        let poster: String
        let readers: [(url: String, token: String)]
    }

    /// Starts the server with the executable next to this benchmark's; Parley on `store`
    /// (SQLite in a fresh data directory when nil), with the operator's `token`.
    func start(store: String? = nil, token: String = BenchServer.makeToken()) throws -> BenchServer {
        switch self {
        case .parley:
            try BenchServer.start(
                Self.sibling("parley"),
                [
                    "serve", "--port", "0", "--data", BenchServer.temporaryDirectory(), "--command-rate", "1000000",
                    "--sockets-per-address", "1000000",
                ] + (store.map { ["--store", $0] } ?? []), token: token)
        case .ceiling:
            try BenchServer.start(Self.sibling("parley-ceiling"), ["0"], token: token)
        }
    }

    /// Sets up a session with a posting member and `readers` readers, each invited with the
    /// participant JSON `reader(index)` gives (Parley only: the ceiling has no invitations).
    /// With several nodes (on one store) the session is created on the first, the poster
    /// posts there, and reader `i` reads from node `i % count`.
    func room(on servers: [BenchServer], readers: Int, reader: (Int) -> String) async throws -> Room {
        let live = servers.map { $0.base.replacingOccurrences(of: "http", with: "ws") }
        switch self {
        case .parley:
            let admin = BenchHTTP(base: servers[0].base, token: servers[0].adminToken)
            let session = try await admin.createSession()
            let poster = try await admin.invite(session, #"{"name":"Posting Member","role":"member","side":"am"}"#)
            var tokens: [(String, String)] = []
            for index in 0..<readers {
                tokens.append(
                    (
                        live[index % live.count] + "/api/sessions/\(session)/live",
                        try await admin.invite(session, reader(index))
                    ))
            }
            return Room(posterURL: live[0] + "/api/sessions/\(session)/live", poster: poster, readers: tokens)
        case .ceiling:
            let url = live[0] + "/api/sessions/\(UUID().uuidString)/live"
            return Room(posterURL: url, poster: "none", readers: Array(repeating: (url, "none"), count: readers))
        }
    }

    static func sibling(_ name: String) -> String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path
    }
}
