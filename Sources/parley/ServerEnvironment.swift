import Logging
import ParleyServer

/// Everything `parley serve` and `parley demo` read from the environment, in one place.
struct ServerEnvironment {
    /// `PARLEY_ADMIN_TOKEN`: the operator's token (16 to 128 characters of A-Z a-z 0-9 - _);
    /// unset or empty, the data directory's `admin.token` is used, made on first start.
    let adminToken: String?
    /// `LOG_LEVEL`: `trace`, `debug`, `info` (the default), `notice`, `warning`, `error` or
    /// `critical`.
    let logLevel: Logger.Level

    /// Every key, read once; a value that cannot be used is a startup error in one line.
    init(_ environment: [String: String]) throws(StartupError) {
        adminToken = environment["PARLEY_ADMIN_TOKEN"]
        switch environment["LOG_LEVEL"] {
        case nil, "": logLevel = .info
        case let name?:
            guard let level = Logger.Level(rawValue: name) else {
                throw StartupError(
                    "LOG_LEVEL must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            logLevel = level
        }
    }
}
