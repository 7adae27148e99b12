import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOSSL
import ParleyCore
import ParleyEngine
import Prometheus

/// How to serve: address, static files, TLS and every limit, each with its default and
/// the `parley serve` option that sets it (README, "Command line").
public struct ParleyServerConfiguration: Sendable {
    /// The address to listen on (`--host`).
    public let host: String
    /// The port to listen on; 0 picks a free one (`--port`).
    public let port: Int
    /// The browser client's directory; nil serves no files (`--public`).
    public let publicDirectory: String?
    /// PEM files for HTTPS (`--tls-cert`, `--tls-key`); nil serves plain HTTP.
    public let tls: TLSFiles?
    /// The live protocol's limits.
    public let live: LiveLimits
    /// Ping interval of live connections; a peer that misses a pong is closed (`--ping-interval`).
    public let pingInterval: Duration
    /// Idle HTTP connections are closed after this long (`--idle-timeout`).
    public let idleTimeout: TimeAmount
    /// What a connection may cost while it sends a request head.
    public let connections: ConnectionLimits

    public init(
        host: String = "127.0.0.1", port: Int = 8080, publicDirectory: String? = nil, tls: TLSFiles? = nil,
        live: LiveLimits = LiveLimits(), pingInterval: Duration = .seconds(30), idleTimeout: TimeAmount = .seconds(60),
        connections: ConnectionLimits = ConnectionLimits()
    ) {
        self.host = host
        self.port = port
        self.publicDirectory = publicDirectory
        self.tls = tls
        self.live = live
        self.pingInterval = pingInterval
        self.idleTimeout = idleTimeout
        self.connections = connections
    }

    /// PEM files for HTTPS.
    public struct TLSFiles: Sendable {
        public let certificatePath: String
        public let keyPath: String

        public init(certificatePath: String, keyPath: String) {
            self.certificatePath = certificatePath
            self.keyPath = keyPath
        }
    }

    /// `http://HOST:PORT` or `https://…`, for messages and join links.
    public func baseURL(port actualPort: Int? = nil) -> String {
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return "\(tls == nil ? "http" : "https")://\(host):\(actualPort ?? port)"
    }
}

/// Everything the application needs beyond its configuration.
public struct ParleyServerDependencies: Sendable {
    public var registry: SessionRegistry
    public var adminToken: AdminToken
    public var prometheus: PrometheusCollectorRegistry
    public var clock: any ParleyClock
    public var logger: Logger

    public init(
        registry: SessionRegistry, adminToken: AdminToken, prometheus: PrometheusCollectorRegistry,
        clock: any ParleyClock = SystemClock(), logger: Logger = Logger(label: "parley.server")
    ) {
        self.registry = registry
        self.adminToken = adminToken
        self.prometheus = prometheus
        self.clock = clock
        self.logger = logger
    }
}

/// Builds the Parley HTTP and WebSocket application: used by `parley serve` and the tests.
public func buildApplication(
    _ configuration: ParleyServerConfiguration, _ dependencies: ParleyServerDependencies,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let authenticator = Authenticator(admin: dependencies.adminToken, clock: dependencies.clock)
    let metrics = ServerMetrics()

    let router = Router(context: ParleyRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: JSONErrorMiddleware())
    router.add(middleware: PathGuardMiddleware())
    if let publicDirectory = configuration.publicDirectory {
        router.add(middleware: PageMiddleware())
        router.add(
            middleware: FileMiddleware(
                publicDirectory, cacheControl: .init([(MediaType(type: .any), [.noCache])]), logger: dependencies.logger
            ))
    }
    router.get("/healthz") { _, _ in try JSON.response(["status": "ok"]) }
    MetricsRoute(
        registry: dependencies.registry, prometheus: dependencies.prometheus, authenticator: authenticator,
        metrics: metrics
    ).add(to: router)
    SessionRoutes(
        registry: dependencies.registry, authenticator: authenticator, clock: dependencies.clock,
        secure: configuration.tls != nil
    ).add(to: router)
    ExportRoute(access: SessionAccess(registry: dependencies.registry, authenticator: authenticator)).add(to: router)
    router.refuseUnlistedMethods()

    let webSocketRouter = Router(context: ParleyRequestContext.self)
    LiveRoute(
        registry: dependencies.registry, authenticator: authenticator, limits: configuration.live,
        admission: LiveAdmission(limits: configuration.live), clock: dependencies.clock, metrics: metrics
    ).add(to: webSocketRouter)

    var server = HTTPServerBuilder.parleyHTTP1(
        webSocketRouter: webSocketRouter,
        configuration: .init(
            http1: .init(
                additionalChannelHandlers: [RequestPartObserver()], idleTimeout: configuration.idleTimeout),
            ws: .init(
                maxFrameSize: configuration.live.maxMessageBytes,
                autoPing: .enabled(timePeriod: configuration.pingInterval), closeTimeout: .seconds(10),
                validateUTF8: true)),
        limits: configuration.connections)
    if let tls = configuration.tls {
        server = try .tls(server, tlsConfiguration: try tlsConfiguration(tls))
    }
    return Application(
        responder: HeadResponder(inner: router.buildResponder()), server: server,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Parley"),
        onServerRunning: onServerRunning, logger: dependencies.logger)
}

/// Reads and checks the certificate and key, with a one-line reason when they are unusable.
func tlsConfiguration(_ files: ParleyServerConfiguration.TLSFiles) throws -> TLSConfiguration {
    let certificates: [NIOSSLCertificate]
    let key: NIOSSLPrivateKey
    do {
        certificates = try NIOSSLCertificate.fromPEMFile(files.certificatePath)
    } catch {
        throw StartupError("cannot read TLS certificate \(files.certificatePath): \(error)")
    }
    guard !certificates.isEmpty else { throw StartupError("no certificate in \(files.certificatePath)") }
    do {
        key = try NIOSSLPrivateKey(file: files.keyPath, format: .pem)
    } catch {
        throw StartupError("cannot read TLS key \(files.keyPath): \(error)")
    }
    let configuration = TLSConfiguration.makeServerConfiguration(
        certificateChain: certificates.map { .certificate($0) }, privateKey: .privateKey(key))
    do {
        _ = try NIOSSLContext(configuration: configuration)
    } catch {
        throw StartupError("the TLS key \(files.keyPath) does not fit the certificate \(files.certificatePath)")
    }
    return configuration
}
