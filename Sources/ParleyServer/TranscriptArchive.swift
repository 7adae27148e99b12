import Foundation
import Logging
import ParleyCore
import ParleyEngine
import ParleyReports

/// The exports written when a session closes (contract §4): `DATA/transcripts/{id}/`
/// `transcript.md`, `report.md`, `report.html` and `events.json`, each written atomically
/// (temporary file, fsync, rename, fsync of the directory).
public struct TranscriptArchive: Sendable {
    public let directory: String
    let logger: Logger

    /// The archive under `dataDirectory/transcripts`.
    public init(dataDirectory: String, logger: Logger = Logger(label: "parley.archive")) {
        directory = (dataDirectory as NSString).appendingPathComponent("transcripts")
        self.logger = logger
    }

    /// The files of one session, as the operator sees it (every public word, nothing held).
    static let files: [(name: String, request: ExportRequest)] = [
        ("transcript.md", ExportRequest(view: .transcript, format: .md)),
        ("report.md", ExportRequest(view: .report, format: .md)),
        ("report.html", ExportRequest(view: .report, format: .html)),
        ("events.json", ExportRequest(view: .transcript, format: .json)),
    ]

    public func folder(of session: SessionID) -> String {
        (directory as NSString).appendingPathComponent(session.rawValue)
    }

    /// Renders and writes the session's files.
    public func write(_ session: SessionID, journal: [Event]) throws {
        let record = try SessionRecord(journal: journal, viewer: .admin)
        let folder = folder(of: session)
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for file in Self.files {
            try AtomicFile.write(try Exporter.render(record, file.request), to: folder + "/" + file.name)
        }
    }

    /// For `onSessionClosed`: writes the archive, logging rather than throwing.
    public func archive(_ session: SessionID, journal: [Event]) {
        do {
            try write(session, journal: journal)
            logger.info("session archived", metadata: ["session": "\(session)", "folder": "\(folder(of: session))"])
        } catch {
            logger.error("could not archive session", metadata: ["session": "\(session)", "error": "\(error)"])
        }
    }

    /// Whether every file of the session's archive is there.
    public func isComplete(_ session: SessionID) -> Bool {
        Self.files.allSatisfy { FileManager.default.fileExists(atPath: folder(of: session) + "/" + $0.name) }
    }

    /// Archives closed sessions whose archive is missing (the server stopped between the
    /// close and the writing).
    public func catchUp(_ journal: any EventJournal) async throws {
        for summary in try await journal.sessions() where summary.closedAt != nil && !isComplete(summary.id) {
            archive(summary.id, journal: try await journal.events(of: summary.id))
        }
    }
}

/// Writes a file so that readers see the old content or the new, never a part.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = directory + "/." + (path as NSString).lastPathComponent + ".tmp-\(UUID().uuidString)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw failure("create", temporary) }
        var ok = true
        let bytes = Array(text.utf8)
        var written = 0
        while ok && written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if result <= 0 { ok = false } else { written += result }
        }
        ok = ok && fsync(descriptor) == 0
        close(descriptor)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw failure("write", path)
        }
        let directoryDescriptor = open(directory, O_RDONLY)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    private static func failure(_ action: String, _ path: String) -> FileError {
        FileError(description: "cannot \(action) \(path): \(String(cString: strerror(errno)))")
    }
}

/// A file that could not be written, with the system's reason.
public struct FileError: Error, CustomStringConvertible {
    public var description: String
}
