import Foundation
import ParleyTestKit
import Synchronization

/// The real `parley` executable, started as a user would, with its output collected.
final class ServerProcess: Sendable {
    private let process: Process
    /// Text a pipe delivered so far, read by a thread of its own until the pipe closes.
    ///
    /// A plain blocking read, not `FileHandle.readabilityHandler`: a dispatch read source
    /// left on a pipe whose process has exited has crashed libdispatch on Linux.
    private final class Collected: Sendable {
        let text = Mutex("")
        /// True once the pipe closed: everything the process wrote is in `text`.
        let ended = Mutex(false)

        func drain(_ handle: FileHandle) {
            let thread = Thread { [self] in
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    text.withLock { $0 += String(decoding: data, as: UTF8.self) }
                }
                ended.withLock { $0 = true }
            }
            thread.start()
        }
    }

    private let output = Collected()
    private let errorOutput = Collected()

    /// Starts `parley ARGUMENTS` with the test admin token in the environment.
    init(_ arguments: [String], environment: [String: String] = ["PARLEY_ADMIN_TOKEN": TestServer.adminToken]) throws {
        let process = Process()
        process.executableURL = ProcessRun.productsDirectory.appendingPathComponent("parley")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        self.process = process
        try process.run()
        output.drain(stdout.fileHandleForReading)
        errorOutput.drain(stderr.fileHandleForReading)
    }

    var standardOutput: String { output.text.withLock { $0 } }
    var standardError: String { errorOutput.text.withLock { $0 } }

    /// The URL printed on the `listening on URL` line, once it appears (nil if the process exits first).
    func listeningURL() async throws -> String? {
        try await within(60) { [self] in
            while true {
                if let line = standardOutput.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }) {
                    return String(line.dropFirst("listening on ".count))
                }
                if !process.isRunning { return nil }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// The process's resident memory in kilobytes, from `/proc` (nil once it has exited).
    var residentKilobytes: Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return nil }
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }

    /// Waits for the process to exit and returns its status.
    func exitStatus() async throws -> Int32 {
        try await within(60) { [process, output, errorOutput] in
            // The status, and all it printed: its pipes are read to the end.
            while process.isRunning || !output.ended.withLock({ $0 }) || !errorOutput.ended.withLock({ $0 }) {
                try await Task.sleep(for: .milliseconds(20))
            }
            return process.terminationStatus
        }
    }
}
