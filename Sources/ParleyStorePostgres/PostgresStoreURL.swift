import Foundation

/// Where a PostgreSQL journal is: `postgres://USER@HOST:PORT/DB` (contract §1), with the
/// password from `PGPASSWORD`, never in the URL: a command line is visible to every user
/// of the machine (`ps`), and a URL gets copied into logs and tickets.
///
/// Query options: `sslmode=disable|require` (default: `disable` on a loopback host,
/// `require` on any other, with the certificate verified against the system's roots) and
/// `sslrootcert=FILE` (a CA in PEM to verify the server with instead).
public struct PostgresStoreURL: Equatable, Sendable, CustomStringConvertible {
    public var user: String
    public var host: String
    public var port: Int
    public var database: String
    public var password: String?
    public var tls: TLSMode
    public var rootCertificate: String?

    public enum TLSMode: String, Equatable, Sendable {
        case disable, require
    }

    /// Whether `text` names a PostgreSQL store rather than SQLite.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// `text` with whatever stands before an `@` after the scheme removed: a URL that does
    /// not parse may still hold a password, which must not reach an error line or a log.
    static func withoutUserInfo(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].lastIndex(of: "@") else {
            return text
        }
        return String(text[..<scheme.upperBound]) + "…" + String(text[at...])
    }

    public init(_ text: String, environment: [String: String]) throws(StoreURLError) {
        guard Self.isPostgres(text), let components = URLComponents(string: text) else {
            throw StoreURLError(
                "--store must look like postgres://USER@HOST:PORT/DB, not '\(Self.withoutUserInfo(text))'")
        }
        guard components.password == nil else {
            throw StoreURLError(
                "put the database password in PGPASSWORD, not in --store: a command line is visible to every user of the machine"
            )
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreURLError("--store names no user: postgres://USER@HOST:PORT/DB")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreURLError("--store names no host: postgres://USER@HOST:PORT/DB")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw StoreURLError("--store names no database: postgres://USER@HOST:PORT/DB")
        }
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else { throw StoreURLError("--store: port \(port) is out of range") }
        self.user = user
        self.host = host
        self.port = port
        self.database = database
        password = environment["PGPASSWORD"]
        let loopback = ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host)
        tls = loopback ? .disable : .require
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw StoreURLError("--store: sslmode must be disable or require")
                }
                tls = mode
            case "sslrootcert":
                guard let path = item.value, !path.isEmpty else {
                    throw StoreURLError("--store: sslrootcert needs a file")
                }
                rootCertificate = path
            default:
                throw StoreURLError("--store: unknown option '\(item.name)' (known: sslmode, sslrootcert)")
            }
        }
    }

    /// The URL as given, which holds no password: safe to log.
    public var description: String {
        var text = "postgres://\(user)@\(host):\(port)/\(database)"
        if tls == .require { text += "?sslmode=require" }
        return text
    }
}

/// A `--store` that cannot be used, in words for the operator.
public struct StoreURLError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
