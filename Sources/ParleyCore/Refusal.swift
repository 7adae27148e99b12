/// The contract's stable error codes (contract §2 and §3), shared by HTTP and the live protocol.
public enum ErrorCode: String, Codable, Sendable, CaseIterable {
    case invalid
    case unauthorized
    case forbidden
    case notFound
    case conflict
    case tooLarge
    case tooLong
    case rateLimited
    case muted
    case closed
    /// The store could not commit; nothing was acknowledged. Retrying later is safe.
    case unavailable
}

/// Why a command was refused. A refusal changes nothing.
public struct Refusal: Error, Equatable, Sendable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String

    public init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
