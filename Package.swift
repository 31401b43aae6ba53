// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Muster",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "muster", targets: ["muster"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
    ],
    targets: [
        // Pure domain: models and rules, no I/O, no dependencies beyond Foundation.
        .target(name: "MusterDomain"),
        // Pure parsers and writers: bytes to domain values and back.
        .target(
            name: "MusterFormats",
            dependencies: ["MusterDomain", .product(name: "Yams", package: "Yams")]
        ),
        // PostgreSQL: migrations, repositories, the embedded cluster launcher.
        .target(
            name: "MusterStore",
            dependencies: [
                "MusterDomain",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            plugins: ["EmbedFiles"]
        ),
        // Use cases: one function per user action, shared by the CLI and the HTTP routes.
        .target(
            name: "MusterApp",
            dependencies: [
                "MusterDomain", "MusterFormats", "MusterStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            plugins: ["EmbedFiles"]
        ),
        // HTTP: Hummingbird routes, middleware, error mapping, metrics, the OpenAPI document.
        .target(
            name: "MusterServer",
            dependencies: [
                "MusterApp", "MusterStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["OpenAPI/openapi.yaml"],
            plugins: ["EmbedFiles"]
        ),
        // The C library's character widths (wcwidth), for laying out Chinese text in a terminal.
        .target(name: "CTerminalWidth"),
        // The command tree; a library so tests can drive commands in-process.
        .target(
            name: "MusterCLI",
            dependencies: [
                "MusterApp", "MusterServer", "MusterStore", "MusterFormats", "CTerminalWidth",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "muster",
            dependencies: [
                "MusterCLI", "MusterDomain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Benchmarks are programs that print figures: swift run -c release muster-benchmarks.
        .executableTarget(
            name: "muster-benchmarks",
            dependencies: [
                "MusterFormats", "MusterApp", "MusterStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Benchmarks/MusterBenchmarks"
        ),
        // Build-time helper that turns data files into Swift sources, so the binary carries them.
        .executableTarget(name: "EmbedFilesTool"),
        .plugin(name: "EmbedFiles", capability: .buildTool(), dependencies: ["EmbedFilesTool"]),

        .testTarget(name: "MusterDomainTests", dependencies: ["MusterDomain"]),
        .testTarget(
            name: "MusterFormatsTests",
            dependencies: ["MusterFormats", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "MusterAppTests",
            dependencies: [
                "MusterApp", "MusterTestSupport",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "MusterStoreTests",
            dependencies: ["MusterStore", "MusterTestSupport"]
        ),
        .testTarget(
            name: "MusterServerTests",
            dependencies: [
                "MusterServer", "MusterTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "MusterCLITests",
            dependencies: [
                "MusterCLI", "MusterApp", "MusterTestSupport", .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // Shared test harness: a throwaway cluster, a migrated template, a database per test.
        .target(
            name: "MusterTestSupport",
            dependencies: ["MusterStore", .product(name: "PostgresNIO", package: "postgres-nio")],
            path: "Tests/MusterTestSupport"
        ),
    ]
)
