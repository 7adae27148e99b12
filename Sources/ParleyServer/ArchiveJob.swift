import Logging
import ParleyCore
import ParleyEngine
import ServiceLifecycle

/// Writes each closed session's archive (`TranscriptArchive`) once, whichever node saw it
/// close.
///
/// On a shared journal every node that sees a close tries, and the journal's claim lets one
/// node write; the others see the claim and stop. A node that dies after claiming leaves a
/// claim that lapses after `lease`; the sweep every `interval` (and at start) finds
/// sessions no node completed and tries again. On the embedded journal the node is alone:
/// it writes, and at start writes whatever archive a crash left missing.
public struct ArchiveJob: Service {
    let archive: TranscriptArchive
    let journal: any EventJournal
    /// Names this node in the journal's claims (`--node-name`).
    public let node: String
    let lease: Duration
    let interval: Duration
    let logger: Logger

    public init(
        archive: TranscriptArchive, journal: any EventJournal, node: String, lease: Duration = .seconds(300),
        interval: Duration = .seconds(30), logger: Logger
    ) {
        self.archive = archive
        self.journal = journal
        self.node = node
        self.lease = lease
        self.interval = interval
        self.logger = logger
    }

    /// For the registry's `onSessionClosed`: the session's whole journal, as committed.
    public func closed(_ session: SessionID, journal events: [Event]) async {
        guard let shared = journal as? any SharedEventJournal else {
            archive.archive(session, journal: events)
            return
        }
        await archiveOnce(session, in: shared, events: events)
    }

    /// Archives every closed session whose archive is missing.
    public func catchUp() async throws {
        guard let shared = journal as? any SharedEventJournal else {
            try await archive.catchUp(journal)
            return
        }
        for session in try await shared.unarchivedSessions() {
            await archiveOnce(session, in: shared, events: nil)
        }
    }

    /// On a shared journal, sweeps every `interval` until shutdown.
    public func run() async throws {
        guard journal is any SharedEventJournal else { return }
        try? await cancelWhenGracefulShutdown { [self] in
            while true {
                try await Task.sleep(for: interval)
                do {
                    try await catchUp()
                } catch {
                    logger.warning("could not look for sessions to archive", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    private func archiveOnce(_ session: SessionID, in shared: any SharedEventJournal, events: [Event]?) async {
        do {
            guard try await shared.claimArchive(of: session, by: node, lease: lease) else { return }
            var journal = events ?? []
            if events == nil { journal = try await shared.events(of: session) }
            try archive.write(session, journal: journal)
            guard try await shared.completeArchive(of: session, by: node) else {
                logger.warning(
                    "session archived here too late: another node took the lapsed claim over and its archive counts",
                    metadata: ["session": "\(session)", "folder": "\(archive.folder(of: session))", "node": "\(node)"])
                return
            }
            logger.info(
                "session archived",
                metadata: ["session": "\(session)", "folder": "\(archive.folder(of: session))", "node": "\(node)"])
        } catch {
            logger.error("could not archive session", metadata: ["session": "\(session)", "error": "\(error)"])
        }
    }
}
