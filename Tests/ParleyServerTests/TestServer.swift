import Foundation
import Hummingbird
import Logging
import Metrics
import NIOCore
import ParleyCore
import ParleyEngine
import ParleyServer
import ParleyStoreSQLite
import ParleyTestKit
import Prometheus
import ServiceLifecycle

/// Metrics are bootstrapped once per process; every test server reports into this registry.
enum TestMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}

/// A real Parley server on 127.0.0.1 and a free port, with a SQLite journal in a fresh
/// temporary directory. `run` stops it when the body returns.
struct TestServer: Sendable {
    static let adminToken = "test-admin-token-0123456789"

    let port: Int
    let registry: SessionRegistry
    let dataDirectory: String
    let scheme: String

    var base: String { "\(scheme)://127.0.0.1:\(port)" }
    var webSocketBase: String { (scheme == "https" ? "wss" : "ws") + "://127.0.0.1:\(port)" }

    static func run<T: Sendable>(
        _ configuration: ParleyServerConfiguration = ParleyServerConfiguration(port: 0),
        dataDirectory: String? = nil,
        _ body: @Sendable (TestServer) async throws -> T
    ) async throws -> T {
        _ = TestMetrics.registry
        let directory = dataDirectory ?? NSTemporaryDirectory() + "parley-server-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        precondition(configuration.port == 0, "test servers listen on a free port")
        var logger = Logger(label: "parley.test")
        logger.logLevel = .warning
        let registry = SessionRegistry(journal: try SQLiteJournal(path: directory + "/parley.sqlite"), logger: logger)
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let app = try buildApplication(
            configuration,
            ParleyServerDependencies(
                registry: registry, adminToken: AdminToken(token: adminToken, source: .environment),
                prometheus: TestMetrics.registry, logger: logger)
        ) { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: app),
                    .init(service: EngineService(registry: registry, evictIdleAfter: .seconds(600))),
                ],
                logger: logger))
        let running = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestFailure("the server did not start") }
        let server = TestServer(
            port: port, registry: registry, dataDirectory: directory,
            scheme: configuration.tls == nil ? "http" : "https")
        do {
            let result = try await body(server)
            await group.triggerGracefulShutdown()
            try await running.value
            return result
        } catch {
            await group.triggerGracefulShutdown()
            _ = try? await running.value
            throw error
        }
    }

    // MARK: Fixtures over HTTP

    /// The head of a session made by `createDialogue`: its creation, then one event per participant.
    static let dialogueHead = 1 + Fixtures.cast.count

    /// Creates the fixture session over HTTP and adds `Fixtures.cast`; returns the session id and tokens by participant id.
    func createDialogue(rules: Rules = Rules(), spec: SessionSpec? = nil) async throws -> (
        SessionID, [ParticipantID: String]
    ) {
        let spec = String(decoding: try JSONEncoder().encode(spec ?? Fixtures.spec(rules: rules)), as: UTF8.self)
        let created = try await HTTP.request("POST", base + "/api/sessions", token: Self.adminToken, body: spec)
        guard created.status == 201, let id = created.json?["id"] as? String else {
            throw TestFailure("could not create a session: \(created.status) \(created.body)")
        }
        var tokens: [ParticipantID: String] = [:]
        for person in Fixtures.cast {
            var fields: [String: Any] = ["name": person.name, "role": person.role.rawValue]
            if let side = person.side { fields["side"] = side.rawValue }
            let body = String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
            let added = try await HTTP.request(
                "POST", base + "/api/sessions/\(id)/participants", token: Self.adminToken, body: body)
            guard added.status == 201, let pid = added.json?["id"] as? String,
                let token = added.json?["token"] as? String
            else { throw TestFailure("could not add \(person.name): \(added.status) \(added.body)") }
            tokens[ParticipantID(rawValue: pid)] = token
        }
        return (SessionID(rawValue: id), tokens)
    }

    /// Opens a live connection with a Bearer token; by default it replays nothing of `createDialogue`'s setup.
    func connect(
        _ session: SessionID, token: String?, since: Int? = TestServer.dialogueHead, headers: [String: String] = [:]
    )
        async throws -> LiveTestClient
    {
        var headers = headers
        if let token { headers["Authorization"] = "Bearer \(token)" }
        let query = since.map { "?since=\($0)" } ?? ""
        return try await LiveTestClient.connect(
            url: webSocketBase + "/api/sessions/\(session.rawValue)/live" + query, headers: headers)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
