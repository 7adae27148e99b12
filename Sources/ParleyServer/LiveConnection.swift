import Foundation
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import ParleyCore
import ParleyEngine
import ParleyProtocol
import Synchronization

/// One participant's live WebSocket (contract §3): `welcome`, the replay after `since`, then
/// live events and presence, while commands come in and get an `ack` or an `error`.
///
/// A thin adapter: frames are decoded to commands, the session decides, and what it
/// returns is encoded back. Abuse ends the connection: binary frames (1003), frames or
/// messages over `Limits.maxMessageBytes` (1009), a flood of invalid commands (1008). A
/// client that stops reading is cut off once a write has waited `writeTimeoutSeconds`.
struct LiveConnection {
    let session: LiveSession
    let caller: Caller
    let since: Seq
    let limits: LiveLimits
    let admission: LiveAdmission
    /// The participant's key in `admission`.
    let participant: String
    let clock: any ParleyClock
    let logger: Logger
    /// The session's `event` frames, encoded once for all its connections.
    let encodedEvents: EncodedEvents
    /// Closes the TCP connection at once, without a closing handshake the peer would not read.
    let abort: @Sendable () -> Void
    /// How long a peer has to answer the server's close before it is cut off.
    static let closeGrace = Duration.seconds(10)

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let frames = FrameWriter(outbound: outbound, shared: encodedEvents)
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Watched from the first write: a replay can fill a stalled client's buffers too.
            group.addTask {
                try await watch(frames)
            }
            let subscription = await session.subscribe(
                as: caller.viewer, since: since, buffer: limits.subscriberBuffer)
            let (subscriberID, live) = (subscription.id, subscription.live)
            defer { Task { [session] in await session.unsubscribe(subscriberID) } }
            // The snapshot and the replay are not kept for the connection's lifetime.
            try await start(consume subscription, frames)
            group.addTask {
                await forward(live, to: frames, outbound: outbound)
            }
            try await receive(inbound, frames: frames, outbound: outbound)
            group.cancelAll()
        }
    }

    /// Sends the welcome and the replay.
    private func start(_ subscription: consuming Subscription, _ frames: FrameWriter) async throws {
        let document = SessionDocument(subscription.state, for: caller.viewer, at: clock.now())
        try await frames.send(.welcome(you: caller.participant, session: document, head: subscription.head))
        for event in subscription.replay { try await frames.send(event: event) }
    }

    /// Cuts the connection off when a write has waited too long: the client stopped reading
    /// (its buffers and the kernel's are full), and every later write would wait too.
    private func watch(_ frames: FrameWriter) async throws {
        let timeout = Duration.seconds(limits.writeTimeoutSeconds)
        while true {
            try await Task.sleep(for: min(timeout, .seconds(1)))
            if frames.progress.stalled(longerThan: timeout) {
                logger.info(
                    "live client stopped reading; connection closed", metadata: ["participant": "\(participant)"])
                abort()
                return
            }
        }
    }

    /// Sends live updates until the stream ends, then closes with the reason it ended.
    private func forward(
        _ live: AsyncThrowingStream<LiveUpdate, any Error>, to frames: FrameWriter, outbound: WebSocketOutboundWriter
    ) async {
        do {
            for try await update in live {
                switch update {
                case .event(let event): try await frames.send(event: event)
                case .presence(let presence):
                    try await frames.send(.presence(online: presence.online, observers: presence.observers))
                }
            }
        } catch let end as SubscriptionEnd {
            switch end {
            case .tooSlow:
                try? await outbound.close(.unknown(1013), reason: "too slow: reconnect with since=")
            case .revoked:
                try? await outbound.close(.policyViolation, reason: "revoked")
            case .sessionStopped:
                try? await outbound.close(.goingAway, reason: "server restarting: reconnect with since=")
            }
            // The peer should answer the close; one that never does is cut off, as Hummingbird
            // only starts its own close timeout once the whole handler has returned.
            do {
                try await Task.sleep(for: Self.closeGrace)
                abort()
            } catch {}
        } catch {
            logger.debug("live stream ended", metadata: ["error": "\(error)"])
        }
    }

    /// Reads commands until the client leaves or abuses the connection.
    private func receive(_ inbound: WebSocketInboundStream, frames: FrameWriter, outbound: WebSocketOutboundWriter)
        async throws
    {
        var invalid = RateWindow(limit: limits.invalidCommands, seconds: limits.windowSeconds)
        for try await message in inbound.messages(maxSize: limits.maxMessageBytes) {
            let now = clock.now()
            guard case .text(let text) = message else {
                try await outbound.close(.unacceptableData, reason: "binary frames are not accepted")
                return
            }
            switch ClientFrame.decode(Data(text.utf8)) {
            case .failure(let malformed):
                try await frames.send(.error(ref: malformed.ref, refusal: malformed.refusal))
                if !invalid.record(at: now) {
                    try await outbound.close(.policyViolation, reason: "too many invalid commands")
                    return
                }
            case .success(let frame):
                guard await admission.spend(participant: participant, at: now) else {
                    try await frames.send(
                        .error(ref: frame.ref, refusal: Refusal(.rateLimited, "too many commands; slow down")))
                    continue
                }
                switch await session.submit(frame.command, by: caller.principal) {
                case .success(let events):
                    try await frames.send(.ack(ref: frame.ref, seq: events.first?.seq ?? 0))
                case .failure(.refused(let refusal)):
                    try await frames.send(.error(ref: frame.ref, refusal: refusal))
                    if refusal.code == .invalid, !invalid.record(at: now) {
                        try await outbound.close(.policyViolation, reason: "too many invalid commands")
                        return
                    }
                case .failure(.failed(let failure)):
                    try await frames.send(
                        .error(ref: frame.ref, refusal: failure.refusal, unconfirmed: !failure.isSafeToRetry))
                }
            }
        }
    }
}

/// The live protocol's limits, each with its default and its `parley serve` option.
public struct LiveLimits: Sendable {
    /// Largest message (and frame) accepted; larger ones close the connection with 1009
    /// (`--max-message-bytes`).
    public let maxMessageBytes: Int
    /// Invalid commands tolerated per window before closing with 1008 (`--invalid-commands`).
    public let invalidCommands: Int
    /// Commands accepted per participant per window, across all their sockets; more are
    /// refused with `rateLimited` (`--command-rate`).
    public let commands: Int
    /// The window of `commands` and `invalidCommands`, in seconds (10; not an option).
    public let windowSeconds: Int
    /// Live sockets one participant may hold at once; more are refused with `429`
    /// (`--sockets-per-participant`).
    public let socketsPerParticipant: Int
    /// Live sockets one address may hold at once; a proxy in front counts as one address
    /// (`--sockets-per-address`).
    public let socketsPerAddress: Int
    /// Live updates buffered for a slow connection before it is dropped with 1013
    /// (`--subscriber-buffer`).
    public let subscriberBuffer: Int
    /// How long one write may wait for a client that does not read before the connection
    /// is closed (`--write-timeout`).
    public let writeTimeoutSeconds: Int

    public init(
        maxMessageBytes: Int = 64 * 1024, invalidCommands: Int = 20, commands: Int = 100, windowSeconds: Int = 10,
        socketsPerParticipant: Int = 5, socketsPerAddress: Int = 200, subscriberBuffer: Int = 1024,
        writeTimeoutSeconds: Int = 30
    ) {
        self.maxMessageBytes = maxMessageBytes
        self.invalidCommands = invalidCommands
        self.commands = commands
        self.windowSeconds = windowSeconds
        self.socketsPerParticipant = socketsPerParticipant
        self.socketsPerAddress = socketsPerAddress
        self.subscriberBuffer = subscriberBuffer
        self.writeTimeoutSeconds = writeTimeoutSeconds
    }
}

/// Counts occurrences in a sliding window; `record` is false once the limit is passed.
struct RateWindow {
    let limit: Int
    let seconds: Int
    private var times: [Instant] = []

    init(limit: Int, seconds: Int) {
        self.limit = limit
        self.seconds = seconds
    }

    /// Records one occurrence; false (and not recorded) when the window is already full, so
    /// a flood costs no more memory or time than the limit.
    mutating func record(at now: Instant) -> Bool {
        let start = now.adding(seconds: -seconds)
        if let firstKept = times.firstIndex(where: { $0 > start }) {
            times.removeFirst(firstKept)
        } else {
            times.removeAll()
        }
        guard times.count < limit else { return false }
        times.append(now)
        return true
    }
}

/// Encodes server frames as JSON text frames, with one encoder per connection; `event`
/// frames come from the session's shared encodings.
struct FrameWriter: Sendable {
    let outbound: WebSocketOutboundWriter
    let shared: EncodedEvents
    let progress = WriteProgress()
    private let encoder = JSON.encoder()

    init(outbound: WebSocketOutboundWriter, shared: EncodedEvents) {
        self.outbound = outbound
        self.shared = shared
    }

    func send(_ frame: ServerFrame) async throws {
        try await write(ByteBuffer(bytes: try encoder.encode(frame)))
    }

    func send(event: Event) async throws {
        try await write(try shared.frame(for: event) { ByteBuffer(bytes: try encoder.encode(ServerFrame.event($0))) })
    }

    private func write(_ bytes: ByteBuffer) async throws {
        let count = bytes.readableBytes
        progress.started(bytes: count)
        defer { progress.finished(bytes: count) }
        try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: bytes)))
    }
}

/// Whether a connection's writes are moving: the writes waiting, their bytes, and when one
/// last began with none waiting or last completed.
///
/// A write completes once the channel can take more, so a large frame (a welcome with many
/// participants, a long replayed post) waits while most of it drains to the client: the
/// time allowed grows by a second for every `drainFloor` bytes waiting, so that a client
/// that reads steadily over a slow link is never taken for one that stopped.
final class WriteProgress: Sendable {
    /// The slowest reading taken for reading at all: 16 KiB per second.
    static let drainFloor = 16 * 1024

    private struct State {
        var waiting = 0
        var bytes = 0
        var since = ContinuousClock.now
    }

    private let state = Mutex(State())

    func started(bytes: Int) {
        state.withLock { state in
            if state.waiting == 0 { state.since = .now }
            state.waiting += 1
            state.bytes += bytes
        }
    }

    func finished(bytes: Int) {
        state.withLock { state in
            state.waiting -= 1
            state.bytes -= bytes
            state.since = .now
        }
    }

    /// True when a write has waited longer than `limit`, plus the time its bytes need at
    /// the drain floor, with none completing.
    func stalled(longerThan limit: Duration) -> Bool {
        state.withLock { state in
            let allowed = limit + .seconds(Double(state.bytes) / Double(Self.drainFloor))
            return state.waiting > 0 && ContinuousClock.now - state.since > allowed
        }
    }
}
