// swift-tools-version: 6.2
import PackageDescription

/// Parley: a real-time server for co-chaired, two-sided dialogues.
///
/// Targets follow the design notes: a pure core (`ParleyCore`) that decides, an engine
/// (`ParleyEngine`) that runs one actor per live session on its own serial queue, and thin
/// adapters (storage, CLI) around them.
let package = Package(
    name: "parley",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "parley", targets: ["parley"]),
        .library(name: "ParleyCore", targets: ["ParleyCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(name: "ParleyCore"),
        .target(name: "ParleyProtocol", dependencies: ["ParleyCore"]),
        .target(
            name: "ParleyEngine",
            dependencies: [
                "ParleyCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "ParleyStoreSQLite",
            dependencies: [
                "ParleyCore",
                "ParleyEngine",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "ParleyStorePostgres",
            dependencies: [
                "ParleyCore",
                "ParleyEngine",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ParleyServer",
            dependencies: [
                "ParleyCore",
                "ParleyEngine",
                "ParleyProtocol",
                "ParleyReports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationEssentialsCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .target(name: "ParleyReports", dependencies: ["ParleyCore"]),
        .target(name: "ParleyDemo", dependencies: ["ParleyCore"]),
        .target(name: "ParleyTestKit", dependencies: ["ParleyCore", "ParleyEngine"]),
        .executableTarget(
            name: "parley",
            dependencies: [
                "ParleyCore",
                "ParleyDemo",
                "ParleyEngine",
                "ParleyReports",
                "ParleyServer",
                "ParleyStorePostgres",
                "ParleyStoreSQLite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The ceiling of the benchmarks: bare Hummingbird WebSocket, outside Parley's targets.
        .executableTarget(
            name: "parley-ceiling",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            path: "Benchmarks/Ceiling"
        ),
        .executableTarget(
            name: "parley-bench",
            dependencies: [
                "ParleyCore",
                "ParleyDemo",
                "ParleyEngine",
                "ParleyReports",
                "ParleyStorePostgres",
                "ParleyStoreSQLite",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "ParleyCoreTests", dependencies: ["ParleyCore", "ParleyTestKit"]),
        .testTarget(name: "ParleyProtocolTests", dependencies: ["ParleyCore", "ParleyProtocol", "ParleyTestKit"]),
        .testTarget(
            name: "ParleyReportsTests",
            dependencies: ["ParleyCore", "ParleyDemo", "ParleyReports", "ParleyTestKit"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "ParleyEngineTests",
            dependencies: ["ParleyCore", "ParleyEngine", "ParleyTestKit"]
        ),
        .testTarget(
            name: "ParleyServerTests",
            dependencies: [
                "ParleyCore", "ParleyEngine", "ParleyServer", "ParleyStorePostgres", "ParleyStoreSQLite",
                "ParleyTestKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOFoundationEssentialsCompat", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "ParleyCLITests",
            dependencies: [
                "parley", "ParleyCore", "ParleyDemo", "ParleyEngine", "ParleyStorePostgres", "ParleyStoreSQLite",
                "ParleyTestKit",
            ]
        ),
        .testTarget(
            name: "ParleyJournalTests",
            dependencies: [
                "ParleyCore", "ParleyEngine", "ParleyStorePostgres", "ParleyStoreSQLite", "ParleyTestKit",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "ParleyStoreSQLiteTests",
            dependencies: ["ParleyCore", "ParleyEngine", "ParleyStoreSQLite", "ParleyTestKit"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Hummingbird's settings, and no warning left standing in Parley's own targets.
for target in package.targets {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
            .treatAllWarnings(as: .error),
        ]
}
