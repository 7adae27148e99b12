import Crypto
import Foundation
import ParleyCore

/// Bearer tokens: random, shown once, stored only as SHA-256 hashes, compared in constant time.
enum Tokens {
    /// 32 random bytes (256 bits) from the system's secure generator, base64url without padding.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return base64URL(Data(bytes))
    }

    /// Base64url without padding: the token alphabet.
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The hex SHA-256 of a token: what the journal keeps.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Compares two hashes without stopping at the first difference.
    static func equal(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    /// A token as a client may present it: base64url characters, of sane length.
    static func isWellFormed(_ token: String) -> Bool { token.isURLSafe(length: 16...128) }
}

/// Invite tokens for callers outside the HTTP API (the demo): a new token and the
/// credential the journal keeps for it.
public enum Invitation {
    public static func makeToken() -> String { Tokens.generate() }
    public static func credential(for token: String) -> String { Tokens.hash(token) }
}
