import ArgumentParser
import Foundation
import NIOCore
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
    var commandRate = Self.live.commands

    @Option(name: .customLong("invalid-commands"), help: "Invalid commands per 10 seconds before a socket is closed.")
    var invalidCommands = Self.live.invalidCommands

    @Option(name: .customLong("max-message-bytes"), help: "Largest live message accepted, in bytes.")
    var maxMessageBytes = Self.live.maxMessageBytes

    @Option(name: .customLong("sockets-per-participant"), help: "Live connections one participant may hold.")
    var socketsPerParticipant = Self.live.socketsPerParticipant

    @Option(
        name: .customLong("sockets-per-address"),
        help: "Live connections one address may hold (a proxy in front is one address).")
    var socketsPerAddress = Self.live.socketsPerAddress

    @Option(
        name: .customLong("subscriber-buffer"),
        help: "Live updates buffered for a slow reader before it is told to reconnect.")
    var subscriberBuffer = Self.live.subscriberBuffer

    @Option(
        name: .customLong("write-timeout"),
        help: "Seconds a live client may leave a write waiting (it stopped reading) before it is cut off.")
    var writeTimeout = Self.live.writeTimeoutSeconds

    @Option(name: .customLong("ping-interval"), help: "Seconds between pings of a live connection.")
    var pingInterval = 30

    @Option(name: .customLong("idle-timeout"), help: "Seconds an HTTP connection may stay idle.")
    var idleTimeout = 60

    @Option(name: .customLong("request-head-timeout"), help: "Seconds a request head may take to arrive.")
    var requestHeadTimeout = 10

    @Option(name: .customLong("max-head-bytes"), help: "Largest request head accepted, in bytes.")
    var maxHeadBytes = ConnectionLimits().maxHeadBytes

    @Option(name: .customLong("max-sessions"), help: "Sessions the data directory may hold; more are refused.")
    var maxSessions = SessionRegistry.defaultMaxSessions

    @Option(
        name: .customLong("evict-idle-after"),
        help: "Seconds a session with no one connected stays in memory; it is loaded again when next used.")
    var evictIdleAfter = 600

    @Option(
        name: .customLong("node-name"),
        help: "This node's name in a shared store's records (who archived a session); default: HOST/PID.")
    var nodeName = Self.defaultNodeName

    /// The host's name and the process id: distinct for every process sharing a store.
    static var defaultNodeName: String {
        "\(ProcessInfo.processInfo.hostName)/\(ProcessInfo.processInfo.processIdentifier)"
    }

    private static let live = LiveLimits()

    func validate() throws {
        try Self.require(port, in: 0...65_535, "--port")
        try Self.require(commandRate, in: 1...1_000_000, "--command-rate")
        try Self.require(invalidCommands, in: 1...10_000, "--invalid-commands")
        try Self.require(maxMessageBytes, in: 1_024...16 * 1_048_576, "--max-message-bytes")
        try Self.require(socketsPerParticipant, in: 1...1_000, "--sockets-per-participant")
        try Self.require(socketsPerAddress, in: 1...1_000_000, "--sockets-per-address")
        try Self.require(subscriberBuffer, in: 16...1_000_000, "--subscriber-buffer")
        try Self.require(writeTimeout, in: 1...3_600, "--write-timeout", unit: " seconds")
        try Self.require(pingInterval, in: 1...3_600, "--ping-interval", unit: " seconds")
        try Self.require(idleTimeout, in: 1...86_400, "--idle-timeout", unit: " seconds")
        try Self.require(requestHeadTimeout, in: 1...3_600, "--request-head-timeout", unit: " seconds")
        try Self.require(maxHeadBytes, in: 1_024...1_048_576, "--max-head-bytes")
        try Self.require(maxSessions, in: 1...1_000_000, "--max-sessions")
        try Self.require(evictIdleAfter, in: 1...86_400, "--evict-idle-after", unit: " seconds")
        guard !nodeName.isEmpty, nodeName.count <= 200, !nodeName.contains(where: \.isNewline) else {
            throw ValidationError("--node-name must be 1 to 200 characters on one line")
        }
        guard (tlsCertificate == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
    }

    private static func require(_ value: Int, in range: ClosedRange<Int>, _ option: String, unit: String = "")
        throws
    {
        guard range.contains(value) else {
            throw ValidationError("\(option) must be from \(range.lowerBound) to \(range.upperBound)\(unit)")
        }
    }

    var serverConfiguration: ParleyServerConfiguration {
        ParleyServerConfiguration(
            host: host, port: port, publicDirectory: publicDirectory,
            tls: tlsCertificate.flatMap { certificate in tlsKey.map { .init(certificatePath: certificate, keyPath: $0) }
            },
            live: LiveLimits(
                maxMessageBytes: maxMessageBytes, invalidCommands: invalidCommands, commands: commandRate,
                socketsPerParticipant: socketsPerParticipant, socketsPerAddress: socketsPerAddress,
                subscriberBuffer: subscriberBuffer, writeTimeoutSeconds: writeTimeout),
            pingInterval: .seconds(pingInterval), idleTimeout: .seconds(Int64(idleTimeout)),
            connections: ConnectionLimits(
                requestHeadTimeout: .seconds(Int64(requestHeadTimeout)), maxHeadBytes: maxHeadBytes))
    }
}
