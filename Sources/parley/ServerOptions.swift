import ArgumentParser
import ParleyEngine
import ParleyServer

/// The options `serve` and `demo` share (contract §1).
struct ServerOptions: ParsableArguments {
    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8080

    @OptionGroup var dataDirectory: DataDirectoryOptions

    @Option(name: .customLong("public"), help: "The browser client's directory.")
    var publicDirectory = "./Public"

    @Option(name: .customLong("tls-cert"), help: "PEM certificate (chain) for HTTPS; needs --tls-key.")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key for HTTPS; needs --tls-cert.")
    var tlsKey: String?

    @Option(name: .customLong("command-rate"), help: "Commands per participant per 10 seconds, across their sockets.")
    var commandRate = LiveLimits().commands

    @Option(
        name: .customLong("sockets-per-address"),
        help: "Live connections one address may hold (a proxy in front is one address).")
    var socketsPerAddress = LiveLimits().socketsPerAddress

    @Option(name: .customLong("max-sessions"), help: "Sessions the data directory may hold; more are refused.")
    var maxSessions = SessionRegistry.defaultMaxSessions

    @Option(
        name: .customLong("write-timeout"),
        help: "Seconds a live client may leave a write waiting (it stopped reading) before it is cut off.")
    var writeTimeout = LiveLimits().writeTimeoutSeconds

    @Option(
        name: .customLong("evict-idle-after"),
        help: "Seconds a session with no one connected stays in memory; it is loaded again when next used.")
    var evictIdleAfter = 600

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard (1...1_000_000).contains(commandRate) else {
            throw ValidationError("--command-rate must be from 1 to 1000000")
        }
        guard (1...1_000_000).contains(socketsPerAddress) else {
            throw ValidationError("--sockets-per-address must be from 1 to 1000000")
        }
        guard (1...1_000_000).contains(maxSessions) else {
            throw ValidationError("--max-sessions must be from 1 to 1000000")
        }
        guard (1...3_600).contains(writeTimeout) else {
            throw ValidationError("--write-timeout must be from 1 to 3600 seconds")
        }
        guard (1...86_400).contains(evictIdleAfter) else {
            throw ValidationError("--evict-idle-after must be from 1 to 86400 seconds")
        }
        guard (tlsCertificate == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
    }

    var serverConfiguration: ParleyServerConfiguration {
        var configuration = ParleyServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.publicDirectory = publicDirectory
        configuration.live.commands = commandRate
        configuration.live.writeTimeoutSeconds = writeTimeout
        configuration.live.socketsPerAddress = socketsPerAddress
        if let tlsCertificate, let tlsKey {
            configuration.tls = .init(certificatePath: tlsCertificate, keyPath: tlsKey)
        }
        return configuration
    }
}
