import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A server started for one benchmark run on a free port, with its own data directory (for
/// `parley serve`, the command budget and the sockets per address raised so that the load,
/// every client on 127.0.0.1, is not refused as a flood).
final class BenchServer: Sendable {
    let base: String
    let adminToken: String
    private let process: Process
    private let data: String?
    private let stopped = Atomic(false)

    private init(base: String, adminToken: String, process: Process, data: String?) {
        self.base = base
        self.adminToken = adminToken
        self.process = process
        self.data = data
    }

    /// A fresh directory path under the temporary directory (not created).
    static func temporaryDirectory() -> String {
        NSTemporaryDirectory() + "parley-bench-\(UUID().uuidString)"
    }

    /// A fresh operator's token.
    static func makeToken() -> String { "bench-" + UUID().uuidString.replacingOccurrences(of: "-", with: "") }

    /// Runs `executable ARGUMENTS` with the operator's `token` and waits for its
    /// `listening on URL` line.
    static func start(_ executable: String, _ arguments: [String], token: String = makeToken()) throws -> BenchServer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["PARLEY_ADMIN_TOKEN": token, "LOG_LEVEL": "error"]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // Read lines until the server says where it listens.
        var text = ""
        while !text.contains("listening on ") || !text.hasSuffix("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw BenchFailure("\(executable) exited: \(text)") }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let line = text.split(separator: "\n").first { $0.hasPrefix("listening on ") }!
        let drain = Thread {
            while !output.fileHandleForReading.availableData.isEmpty {}
        }
        drain.start()
        let data = arguments.firstIndex(of: "--data").map { arguments[$0 + 1] }
        return BenchServer(
            base: String(line.dropFirst("listening on ".count)), adminToken: token, process: process, data: data)
    }

    /// Asks the server to stop (SIGTERM) and kills it after 30 s: a server that waits for
    /// connections the benchmark left open (readers that never got every post) must not
    /// hang the run. Stopping twice does nothing more.
    func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        process.terminate()
        let deadline = ContinuousClock.now + .seconds(30)
        while process.isRunning, ContinuousClock.now < deadline { usleep(50_000) }
        if process.isRunning {
            print("  the server did not stop within 30 s of SIGTERM; killed")
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        if let data { try? FileManager.default.removeItem(atPath: data) }
    }

    /// The server's user and system CPU so far, from `/proc`.
    func cpuSeconds() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command name: state is field 3, utime 14 and stime 15 of the whole line.
        let ticks = (Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The server's resident memory now, from `/proc` (`VmRSS`).
    func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return 0 }
        return kilobytes * 1024
    }

    /// This process's user and system CPU so far.
    static func ownCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }
}

/// The operator's HTTP calls of a benchmark.
struct BenchHTTP: Sendable {
    let base: String
    let token: String

    func createSession() async throws -> String {
        let spec = #"""
            {"title":"Benchmark","sides":[{"id":"am","name":"Armenia"},{"id":"az","name":"Azerbaijan"}],
             "agenda":[{"id":"obstacles","title":"Obstacles"}]}
            """#
        return try await post("/api/sessions", spec, field: "id")
    }

    /// Adds a participant; returns their token.
    func invite(_ session: String, _ participant: String) async throws -> String {
        try await post("/api/sessions/\(session)/participants", participant, field: "token")
    }

    private func post(_ path: String, _ body: String, field: String) async throws -> String {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, _) = try await URLSession.shared.data(for: request)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let value = object[field] as? String
        else { throw BenchFailure("POST \(path): \(String(decoding: data, as: UTF8.self))") }
        return value
    }
}
