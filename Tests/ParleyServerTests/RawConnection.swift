import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A bare TCP connection to 127.0.0.1, for requests no HTTP client would send.
///
/// Its calls block, so tests use `exchange`, which runs them on a Dispatch thread: a
/// blocked thread of the concurrency pool would starve the in-process server under test.
struct RawConnection {
    /// Connects, sends `request` (if any), and reads until the server closes or `seconds` pass.
    static func exchange(port: Int, _ request: String, seconds: Int = 10) async throws -> (text: String, closed: Bool) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    let connection = try RawConnection(port: port)
                    defer { connection.close() }
                    if !request.isEmpty { connection.send(request) }
                    continuation.resume(returning: connection.readUntilClosed(seconds: seconds))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Connects, sends `first`, reads until `marker` has arrived, sends `second`, and reads
    /// until the server closes or `seconds` pass: a kept-alive connection's next request.
    static func exchange(port: Int, _ first: String, until marker: String, then second: String, seconds: Int = 10)
        async throws -> (text: String, closed: Bool)
    {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    let connection = try RawConnection(port: port)
                    defer { connection.close() }
                    connection.send(first)
                    var received: [UInt8] = []
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    while !String(decoding: received, as: UTF8.self).contains(marker) {
                        let count = recv(connection.descriptor, &buffer, buffer.count, 0)
                        guard count > 0 else { throw TestFailure("closed before \(marker)") }
                        received += buffer.prefix(count)
                    }
                    connection.send(second)
                    let rest = connection.readUntilClosed(seconds: seconds)
                    continuation.resume(returning: (String(decoding: received, as: UTF8.self) + rest.text, rest.closed))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    private let descriptor: Int32

    /// Connects; `receiveBuffer` shrinks the socket's receive buffer (set before connecting,
    /// so that the window the server sees is small too).
    init(port: Int, receiveBuffer: Int32? = nil) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket() failed") }
        if var size = receiveBuffer {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            Glibc.close(descriptor)
            throw TestFailure("connect() to port \(port) failed")
        }
    }

    func send(_ bytes: String) {
        _ = bytes.utf8CString.withUnsafeBufferPointer { Glibc.send(descriptor, $0.baseAddress, $0.count - 1, 0) }
    }

    /// What the server sends until it closes, or until `seconds` pass (a guard, not a timing assertion).
    func readUntilClosed(seconds: Int) -> (text: String, closed: Bool) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return (String(decoding: received, as: UTF8.self), true) }
            if count < 0 { return (String(decoding: received, as: UTF8.self), false) }
            received += buffer.prefix(count)
        }
    }

    /// Opens a live WebSocket that will then never be read: a consumer that stopped.
    static func stalledWebSocket(port: Int, path: String, token: String) async throws -> RawConnection {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    let connection = try RawConnection(port: port, receiveBuffer: 4096)
                    connection.send(
                        "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                    var head: [UInt8] = []
                    var byte: UInt8 = 0
                    while !head.suffix(4).elementsEqual("\r\n\r\n".utf8), recv(connection.descriptor, &byte, 1, 0) == 1
                    {
                        head.append(byte)
                    }
                    guard String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.1 101") else {
                        connection.close()
                        throw TestFailure("no upgrade: \(String(decoding: head, as: UTF8.self))")
                    }
                    continuation.resume(returning: connection)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Reads and discards everything until the server closes (true) or `seconds` pass
    /// (false); on a Dispatch thread. Returns the byte count too.
    func drain(seconds: Int) async -> (bytes: Int, closed: Bool) {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var timeout = timeval(tv_sec: seconds, tv_usec: 0)
                setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                var buffer = [UInt8](repeating: 0, count: 65536)
                var total = 0
                while true {
                    let count = recv(descriptor, &buffer, buffer.count, 0)
                    if count <= 0 {
                        continuation.resume(returning: (total, count == 0 || errno == ECONNRESET))
                        return
                    }
                    total += count
                }
            }
        }
    }

    func close() { Glibc.close(descriptor) }
}
