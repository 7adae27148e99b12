import Foundation

/// The operator's token (contract §1): `PARLEY_ADMIN_TOKEN`, or else `DATA/admin.token`,
/// created with mode 0600 on first start and reused after.
public struct AdminToken: Sendable {
    /// The token's hash; the token itself is not kept in memory longer than needed.
    let hash: String
    /// Where the token came from, for the startup message.
    public let source: Source

    public enum Source: Sendable, Equatable {
        case environment
        case file(path: String, created: Bool)
    }

    public init(token: String, source: Source) {
        hash = Tokens.hash(token)
        self.source = source
    }

    /// The token given (`PARLEY_ADMIN_TOKEN`), or else the data directory's, creating the
    /// file if needed.
    public static func load(given: String?, dataDirectory: String) throws -> AdminToken {
        if let token = given, !token.isEmpty {
            guard Tokens.isWellFormed(token) else {
                throw StartupError("PARLEY_ADMIN_TOKEN must be 16 to 128 characters of A-Z a-z 0-9 - _")
            }
            return AdminToken(token: token, source: .environment)
        }
        let path = (dataDirectory as NSString).appendingPathComponent("admin.token")
        if let existing = FileManager.default.contents(atPath: path) {
            let token = String(decoding: existing, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard Tokens.isWellFormed(token) else {
                throw StartupError(
                    "\(path) must hold 16 to 128 characters of A-Z a-z 0-9 - _; delete it to make a new token")
            }
            return AdminToken(token: token, source: .file(path: path, created: false))
        }
        let token = Tokens.generate()
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw StartupError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let bytes = Array((token + "\n").utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count, fsync(descriptor) == 0 else {
            throw StartupError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return AdminToken(token: token, source: .file(path: path, created: true))
    }
}

/// A reason the server cannot start, said in one line.
public struct StartupError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
