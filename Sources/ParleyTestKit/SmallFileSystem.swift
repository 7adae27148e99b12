import Foundation

/// A file system of a few megabytes (tmpfs) mounted for one test, to be filled as a disk
/// fills up.
///
/// Mounting needs root with `CAP_SYS_ADMIN`. Tests that need one are enabled when a mount
/// works here or when `PARLEY_REQUIRE_SMALL_FS=1` says it must (`Scripts/test` sets it
/// after a probe), so that CI never skips them without saying so.
public final class SmallFileSystem: Sendable {
    /// Where it is mounted.
    public let path: String
    private var filler: String { path + "/filler" }

    /// Mounts a fresh tmpfs of `megabytes` at a new temporary directory, writable or not.
    public init(megabytes: Int, readOnly: Bool = false) throws {
        path = NSTemporaryDirectory() + "parley-small-fs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let mount = try ProcessRun.runTool(
            "/usr/bin/env",
            ["mount", "-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0700\(readOnly ? ",ro" : "")", "tmpfs", path])
        guard mount.status == 0 else {
            throw Failure("cannot mount a tmpfs at \(path): \(mount.standardError)")
        }
    }

    /// Whether these tests run here: a mount works, or the environment requires them.
    public static let isEnabled: Bool = {
        if ProcessInfo.processInfo.environment["PARLEY_REQUIRE_SMALL_FS"] == "1" { return true }
        guard let probe = try? SmallFileSystem(megabytes: 1) else { return false }
        probe.unmount()
        return true
    }()

    /// Writes a file until the file system has no space left; returns the bytes written.
    @discardableResult
    public func fill() throws -> Int {
        let descriptor = open(filler, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard descriptor >= 0 else { throw Failure("cannot create \(filler)") }
        defer { close(descriptor) }
        let chunk = [UInt8](repeating: 0x2E, count: 4096)
        var total = 0
        while true {
            let written = chunk.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written <= 0 {
                guard errno == ENOSPC || written == 0 else { throw Failure("filling failed: errno \(errno)") }
                return total
            }
            total += written
        }
    }

    /// Frees what `fill()` took.
    public func release() throws {
        try FileManager.default.removeItem(atPath: filler)
    }

    /// Unmounts and removes the mount point; what was on it is gone.
    public func unmount() {
        _ = try? ProcessRun.runTool("/usr/bin/env", ["umount", "-l", path])
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Mounting or filling did not work.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}
