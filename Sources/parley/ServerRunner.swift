import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import ParleyEngine
import ParleyServer
import ParleyStorePostgres
import Prometheus
import ServiceLifecycle
import UnixSignals

/// Starts the server for `serve` and `demo`: opens the data directory, prints where the
/// operator's token is and `listening on URL` once connections are accepted, and shuts
/// down gracefully on SIGTERM or SIGINT.
enum ServerRunner {
    /// Runs until shutdown. `prepare` runs before listening (the demo creates its session
    /// there) and returns lines to print once the server listens, given its base URL.
    static func run(
        _ options: ServerOptions,
        prepare: @Sendable (SessionRegistry) async throws -> @Sendable (String) -> [String] = { _ in { _ in [] } }
    ) async throws {
        // Logs go to standard output; standard error carries only the one-line reason the
        // server could not run, so that scripts can show it as it is.
        LoggingSystem.bootstrap(StreamLogHandler.standardOutput)
        var logger = Logger(label: "parley")
        let configuration = options.serverConfiguration
        do {
            let environment = try ServerEnvironment(ProcessInfo.processInfo.environment)
            logger.logLevel = environment.logLevel
            let data = options.dataDirectory.data
            try options.dataDirectory.create()
            let adminToken = try AdminToken.load(given: environment.adminToken, dataDirectory: data)
            switch adminToken.source {
            case .environment: Console.say("admin token: from PARLEY_ADMIN_TOKEN")
            case .file(let path, let created): Console.say("admin token: \(path)\(created ? " (created)" : "")")
            }
            // Metrics first: the engine's counters bind to the factory when they are created.
            let prometheus = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: prometheus))
            let journal = try await options.dataDirectory.openJournal(logger: logger)
            if let store = options.dataDirectory.store {
                Console.say("store: \(try PostgresStoreURL(store, environment: [:])) (node \(options.nodeName))")
            }
            try options.dataDirectory.secure()
            let archives = ArchiveJob(
                archive: TranscriptArchive(dataDirectory: data, logger: logger), journal: journal,
                node: options.nodeName, logger: logger)
            try await archives.catchUp()
            let registry = SessionRegistry(
                journal: journal, logger: logger, maxSessions: options.maxSessions,
                onSessionClosed: { id, events in await archives.closed(id, journal: events) })
            let announce = try await prepare(registry)
            let app = try buildApplication(
                configuration,
                ParleyServerDependencies(
                    registry: registry, adminToken: adminToken, prometheus: prometheus, logger: logger)
            ) { channel in
                let base = configuration.baseURL(port: channel.localAddress?.port)
                Console.say("listening on \(base)")
                Console.say("organiser's console: \(base)/admin")
                for line in announce(base) { Console.say(line) }
            }
            var groupConfiguration = ServiceGroupConfiguration(
                services: [
                    .init(service: app),
                    .init(
                        service: EngineService(
                            registry: registry, evictIdleAfter: .seconds(options.evictIdleAfter))),
                    // On the embedded journal it has nothing to sweep and returns at once.
                    .init(service: archives, successTerminationBehavior: .ignore),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger)
            groupConfiguration.maximumGracefulShutdownDuration = .seconds(15)
            try await ServiceGroup(configuration: groupConfiguration).run()
        } catch {
            Console.complain(oneLine(error, configuration))
            throw ExitCode.failure
        }
    }

    /// A reason the server stopped, in one line.
    private static func oneLine(_ error: any Error, _ configuration: ParleyServerConfiguration) -> String {
        let text = "\(error)"
        if text.contains("Address already in use") || text.contains("EADDRINUSE") {
            return "parley: cannot listen on \(configuration.host):\(configuration.port): address already in use"
        }
        return "parley: " + text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
