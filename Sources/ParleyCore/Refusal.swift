/// The contract's stable error codes (contract §2 and §3), shared by HTTP and the live protocol.
/// A public error's stable code: the strings of contract §2–§3, which clients match on.
///
/// A struct, not an enum, so that a code can be added without breaking anyone who switches
/// over the known ones; `known` lists those this build sends.
public struct ErrorCode: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public static let invalid = ErrorCode(rawValue: "invalid")
    public static let unauthorized = ErrorCode(rawValue: "unauthorized")
    public static let forbidden = ErrorCode(rawValue: "forbidden")
    public static let notFound = ErrorCode(rawValue: "notFound")
    public static let conflict = ErrorCode(rawValue: "conflict")
    public static let tooLarge = ErrorCode(rawValue: "tooLarge")
    public static let tooLong = ErrorCode(rawValue: "tooLong")
    public static let rateLimited = ErrorCode(rawValue: "rateLimited")
    public static let muted = ErrorCode(rawValue: "muted")
    public static let closed = ErrorCode(rawValue: "closed")
    /// The store could not commit; nothing was acknowledged. Retrying later is safe.
    public static let unavailable = ErrorCode(rawValue: "unavailable")

    /// Every code this build sends, in the contract's order.
    public static let known: [ErrorCode] = [
        .invalid, .unauthorized, .forbidden, .notFound, .conflict, .tooLarge, .tooLong, .rateLimited, .muted, .closed,
        .unavailable,
    ]

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
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
