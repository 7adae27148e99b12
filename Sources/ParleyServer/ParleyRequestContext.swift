import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of every Parley route: Hummingbird's core storage, the WebSocket
/// handler slot, and the connection's channel (for the client's address and for marking a
/// refused WebSocket upgrade).
public struct ParleyRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<ParleyRequestContext>
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        channel = source.channel
    }

    /// Request bodies are small JSON documents: a SessionSpec is the largest.
    public var maxUploadSize: Int { 1 << 20 }

    /// The peer's IP address, for per-address limits ("unknown" when there is none).
    var remoteAddress: String { channel.remoteAddress?.ipAddress ?? "unknown" }

    /// True when the client connects from this machine.
    var isLoopback: Bool {
        switch channel.remoteAddress {
        case .v4(let address)?: address.host.hasPrefix("127.")
        case .v6(let address)?: address.host == "::1" || address.host.hasPrefix("::ffff:127.")
        default: false
        }
    }
}
