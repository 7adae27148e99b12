import Hummingbird
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `parley-ceiling`: the ceiling that `parley-bench --ceiling` measures Parley against, a
/// broadcast server on bare Hummingbird WebSocket with none of Parley's work (no journal,
/// no fsync, no decisions, no visibility, no tokens).
///
/// It speaks just enough of the live protocol for the benchmark's client: a `welcome` on
/// connect; each text frame received is acknowledged to its sender and sent to every other
/// connection of the same session path as an `event` frame holding the received text,
/// encoded once and shared. `parley-ceiling [PORT]` prints `listening on URL`.
@main
struct Ceiling {
    static func main() async throws {
        let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 0
        let rooms = Rooms()
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.ws("/api/sessions/:id/live") { inbound, outbound, context in
            let id = context.requestContext.parameters.get("id") ?? ""
            try await rooms.room(id).serve(inbound, outbound)
        }
        let app = Application(
            router: Router(context: BasicWebSocketRequestContext.self),
            server: .http1WebSocketUpgrade(webSocketRouter: router),
            configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in
                // Written at once, not buffered: the benchmark waits for this line on a pipe.
                let line = "listening on http://127.0.0.1:\(channel.localAddress?.port ?? 0)\n"
                _ = line.withCString { write(1, $0, strlen($0)) }
            })
        try await app.runService()
    }
}

/// One room per session path, made on first use.
final class Rooms: Sendable {
    private let rooms = Mutex([String: Room]())

    func room(_ id: String) -> Room {
        rooms.withLock { rooms in
            if let room = rooms[id] { return room }
            let room = Room()
            rooms[id] = room
            return room
        }
    }
}

/// A room's connections, and the sequence of its broadcast messages.
final class Room: Sendable {
    private struct State {
        var connections: [Int: AsyncStream<ByteBuffer>.Continuation] = [:]
        var next = 0
        var seq = 0
    }

    private let state = Mutex(State())

    func serve(_ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter) async throws {
        let (frames, continuation) = AsyncStream<ByteBuffer>.makeStream(bufferingPolicy: .bufferingOldest(1024))
        let id = state.withLock { state in
            defer { state.next += 1 }
            state.connections[state.next] = continuation
            return state.next
        }
        defer { _ = state.withLock { $0.connections.removeValue(forKey: id) } }
        try await outbound.write(.text(#"{"type":"welcome"}"#))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await bytes in frames {
                    try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: bytes)))
                }
            }
            for try await message in inbound.messages(maxSize: 1 << 16) {
                guard case .text(let text) = message else { continue }
                broadcast(text, from: id)
            }
            group.cancelAll()
        }
    }

    private func broadcast(_ text: String, from sender: Int) {
        let (seq, connections) = state.withLock { state in
            state.seq += 1
            return (state.seq, state.connections)
        }
        let event = ByteBuffer(string: #"{"type":"event","seq":\#(seq),"event":\#(text)}"#)
        let ack = ByteBuffer(string: #"{"type":"ack","seq":\#(seq)}"#)
        for (id, connection) in connections {
            connection.yield(id == sender ? ack : event)
        }
    }
}
