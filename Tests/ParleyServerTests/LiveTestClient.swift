import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import NIOSSL
import NIOWebSocket

/// A WebSocket client for tests: send frames, read the server's frames as JSON objects,
/// and learn the close code the server chose.
final class LiveTestClient: Sendable {
    enum Outgoing: Sendable {
        case text(String)
        case binary(Int)
        case close
    }

    /// One test reads a client at a time, so the reader needs no lock.
    private final class Reader: @unchecked Sendable {
        var iterator: AsyncStream<WebSocketMessage>.Iterator
        /// Frames read while looking for another kind, kept for `next()`.
        var pending: [[String: Any]] = []
        init(_ stream: AsyncStream<WebSocketMessage>) { iterator = stream.makeAsyncIterator() }
    }

    private let reader: Reader
    private let outgoing: AsyncStream<Outgoing>.Continuation
    private let connection: Task<WebSocketCloseFrame?, any Error>

    private init(
        incoming: AsyncStream<WebSocketMessage>, outgoing: AsyncStream<Outgoing>.Continuation,
        connection: Task<WebSocketCloseFrame?, any Error>
    ) {
        reader = Reader(incoming)
        self.outgoing = outgoing
        self.connection = connection
    }

    static func connect(url: String, headers: [String: String] = [:], tls: TLSConfiguration? = nil) async throws
        -> LiveTestClient
    {
        let (incoming, incomingContinuation) = AsyncStream<WebSocketMessage>.makeStream()
        let (outgoing, outgoingContinuation) = AsyncStream<Outgoing>.makeStream()
        let (opened, openedContinuation) = AsyncStream<Void>.makeStream()
        var fields = HTTPFields()
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        var logger = Logger(label: "parley.test.client")
        logger.logLevel = .critical
        let connection = Task {
            defer {
                incomingContinuation.finish()
                openedContinuation.finish()
            }
            return try await WebSocketClient.connect(
                url: url, configuration: .init(maxFrameSize: 1 << 20, additionalHeaders: fields),
                tlsConfiguration: tls, logger: logger
            ) { inbound, outbound, _ in
                openedContinuation.yield()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await message in outgoing {
                            switch message {
                            case .text(let text): try await outbound.write(.text(text))
                            case .binary(let count):
                                try await outbound.write(.binary(ByteBuffer(repeating: 0x41, count: count)))
                            case .close:
                                try await outbound.close(.normalClosure, reason: nil)
                                return
                            }
                        }
                    }
                    for try await message in inbound.messages(maxSize: 1 << 24) {
                        incomingContinuation.yield(message)
                    }
                    group.cancelAll()
                }
            }
        }
        var openedIterator = opened.makeAsyncIterator()
        guard await openedIterator.next() != nil else {
            _ = try await connection.value
            throw TestFailure("the WebSocket did not open")
        }
        return LiveTestClient(incoming: incoming, outgoing: outgoingContinuation, connection: connection)
    }

    func send(_ object: [String: Any]) throws {
        outgoing.yield(.text(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)))
    }

    func sendText(_ text: String) { outgoing.yield(.text(text)) }
    func sendBinary(bytes: Int) { outgoing.yield(.binary(bytes)) }
    func close() { outgoing.yield(.close) }

    /// The next frame from the server as a JSON object; nil once the connection ended.
    func next() async throws -> [String: Any]? {
        if !reader.pending.isEmpty { return reader.pending.removeFirst() }
        return try await receive()
    }

    private func receive() async throws -> [String: Any]? {
        guard let message = await reader.iterator.next() else { return nil }
        guard case .text(let text) = message else { throw TestFailure("the server sent a binary frame") }
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    }

    /// The next frame of `type`; frames of other types stay for `next()` (presence is dropped).
    func next(_ type: String) async throws -> [String: Any]? {
        if let index = reader.pending.firstIndex(where: { $0["type"] as? String == type }) {
            return reader.pending.remove(at: index)
        }
        while let frame = try await receive() {
            if frame["type"] as? String == type { return frame }
            if frame["type"] as? String != "presence" { reader.pending.append(frame) }
        }
        return nil
    }

    /// Sends a command and returns its ack or error.
    func command(_ object: [String: Any]) async throws -> [String: Any] {
        let ref = UUID().uuidString
        var object = object
        object["ref"] = ref
        try send(object)
        while let frame = try await receive() {
            let type = frame["type"] as? String
            if (type == "ack" || type == "error"), frame["ref"] as? String == ref { return frame }
            if type != "presence" { reader.pending.append(frame) }
        }
        throw TestFailure("the connection ended before the reply to \(object)")
    }

    /// Events until `count` are seen; other frames are skipped.
    func events(_ count: Int) async throws -> [[String: Any]] {
        var events: [[String: Any]] = []
        while events.count < count, let event = try await next("event") { events.append(event) }
        return events
    }

    /// The code the server closed with, once the connection has ended.
    func closeCode() async throws -> UInt16? {
        let frame = try await connection.value
        guard let code = frame?.closeCode else { return nil }
        switch code {
        case .normalClosure: return 1000
        case .goingAway: return 1001
        case .protocolError: return 1002
        case .unacceptableData: return 1003
        case .dataInconsistentWithMessage: return 1007
        case .policyViolation: return 1008
        case .messageTooLarge: return 1009
        case .missingExtension: return 1010
        case .unexpectedServerError: return 1011
        case .unknown(let value): return value
        }
    }
}

/// Runs `body`, failing if it takes longer than `seconds`: a guard against a hung test,
/// never a timing assertion.
func within<T: Sendable>(_ seconds: Int = 30, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        guard let first = try await group.next(), let result = first else {
            group.cancelAll()
            throw TestFailure("timed out after \(seconds) seconds")
        }
        group.cancelAll()
        return result
    }
}
