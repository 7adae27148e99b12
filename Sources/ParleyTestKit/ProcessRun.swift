import Foundation

/// Runs one of the package's executables, as a user would, and collects what it printed.
public struct ProcessRun: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String

    /// The directory holding the built products (next to the test bundle).
    public static var productsDirectory: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    /// Runs `product` with `arguments` and waits for it to exit.
    public static func run(_ product: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> ProcessRun
    {
        try runTool(productsDirectory.appendingPathComponent(product).path, arguments, environment: environment)
    }

    /// Runs the program at `path` with `arguments` and waits for it to exit.
    public static func runTool(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> ProcessRun
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Both pipes are read at once: a process that fills one while the other is read
        // to its end would wait forever.
        let errors = Thread.detachedRead(error.fileHandleForReading)
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.wait()
        process.waitUntilExit()
        return ProcessRun(
            status: process.terminationStatus, standardOutput: String(decoding: out, as: UTF8.self),
            standardError: String(decoding: err, as: UTF8.self))
    }
}

extension Thread {
    /// Reads `handle` to its end on a thread of its own.
    fileprivate static func detachedRead(_ handle: FileHandle) -> PendingRead {
        let pending = PendingRead()
        let thread = Thread {
            pending.finish(handle.readDataToEndOfFile())
        }
        thread.start()
        return pending
    }
}

/// The data a thread is reading, once it has read it all.
private final class PendingRead: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once by the reading thread before `done` is signalled; read after `wait`.
    private var data = Data()

    func finish(_ data: Data) {
        self.data = data
        done.signal()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
