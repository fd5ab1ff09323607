// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Satchel",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "SatchelShared", targets: ["SatchelShared"]),
        .library(name: "SatchelSync", targets: ["SatchelSync"]),
        .library(name: "SatchelStores", targets: ["SatchelStores"]),
        .library(name: "SatchelServer", targets: ["SatchelServer"]),
        .library(name: "SatchelClient", targets: ["SatchelClient"]),
        .executable(name: "satchel-server", targets: ["ServerApp"]),
        .executable(name: "satchel", targets: ["satchel"]),
        .library(name: "SatchelCapture", targets: ["SatchelCapture"]),
        .library(name: "SatchelPageCapture", targets: ["SatchelPageCapture"]),
        .library(name: "SatchelArchive", targets: ["SatchelArchive"]),
        .library(name: "SatchelImport", targets: ["SatchelImport"]),
        .library(name: "SatchelExport", targets: ["SatchelExport"]),
        .executable(name: "satchel-capture-sync-bench", targets: ["satchel-capture-sync-bench"]),
        .executable(name: "satchel-capture-bench", targets: ["satchel-capture-bench"]),
        .executable(name: "satchel-anchor-bench", targets: ["satchel-anchor-bench"]),
        .executable(name: "satchel-capture-fuzz", targets: ["satchel-capture-fuzz"]),
        .executable(name: "satchel-media-bench", targets: ["satchel-media-bench"]),
        .library(name: "SatchelFetch", targets: ["SatchelFetch"]),
        .library(name: "SatchelFeeds", targets: ["SatchelFeeds"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .target(name: "SatchelShared", path: "Shared", exclude: ["Rules"], swiftSettings: swiftSettings),
        .target(name: "SatchelSync", dependencies: ["SatchelShared"], path: "Shared/Rules", swiftSettings: swiftSettings),
        .target(
            name: "SatchelStores",
            dependencies: [
                "SatchelProcess",
                "SatchelShared",
                "SatchelSync",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Server/Stores",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SatchelHTTP",
            dependencies: [
                "SatchelShared",
                "SatchelStores",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Server/HTTP",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SatchelServer",
            dependencies: [
                "SatchelExport",
                "SatchelFeeds",
                "SatchelFetch",
                "SatchelHTTP",
                "SatchelImages",
                "SatchelMarkdown",
                "SatchelPageCapture",
                "SatchelStores",
                "SatchelSync",
                "SatchelShared",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Server",
            exclude: ["App", "HTTP", "Stores"],
            resources: [.copy("Resources/openapi.json"), .copy("Resources/Web")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ServerApp",
            dependencies: [
                "SatchelFetch",
                "SatchelStores",
                "SatchelServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Server/App",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "satchel-bench",
            dependencies: [
                "SatchelStores",
                "SatchelSync",
                "SatchelLoopback",
                "SatchelServer",
                "SatchelShared",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/satchel-bench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "satchel-follow-bench",
            dependencies: ["SatchelFetch", "SatchelLoopback", "SatchelServer", "SatchelShared", "SatchelStores"],
            path: "Sources/satchel-follow-bench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "satchel-client-bench",
            dependencies: [
                "SatchelStores",
                "SatchelLoopback",
                "SatchelClient",
                "SatchelProcess",
                "SatchelServer",
                "SatchelShared",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Sources/satchel-client-bench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "satchel-capture-sync-bench",
            dependencies: ["SatchelClient", "SatchelFetch", "SatchelPageCapture", "SatchelLoopback", "SatchelProcess", "SatchelShared"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "satchel-blob-bench",
            dependencies: ["SatchelClient", "SatchelProcess", "SatchelShared"],
            path: "Sources/satchel-blob-bench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "satchel-json-bench",
            dependencies: ["SatchelSync", "SatchelShared"],
            path: "Sources/satchel-json-bench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "satchel-fuzz",
            dependencies: ["SatchelShared", "CFuzzDriver"],
            path: "Sources/satchel-fuzz",
            swiftSettings: swiftSettings
        ),
        .target(name: "CFuzzDriver", path: "Sources/CFuzzDriver"),
        .executableTarget(
            name: "satchel-live-bench",
            dependencies: [
                "SatchelStores",
                "SatchelLoopback",
                "SatchelClient",
                "SatchelProcess",
                "SatchelServer",
                "SatchelShared",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/satchel-live-bench",
            swiftSettings: swiftSettings
        ),
        .systemLibrary(
            name: "CCurl",
            path: "Sources/CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CZip",
            path: "Sources/CZip",
            pkgConfig: "libzip",
            providers: [.apt(["libzip-dev"])]
        ),
        .target(name: "SatchelArchive", dependencies: ["CZip"], path: "Sources/SatchelArchive", swiftSettings: swiftSettings),
        .target(
            name: "SatchelImport", dependencies: ["SatchelArchive", "SatchelShared"], path: "Sources/SatchelImport",
            swiftSettings: swiftSettings),
        .target(
            name: "SatchelExport", dependencies: ["SatchelArchive", "SatchelCapture", "SatchelShared"], path: "Sources/SatchelExport",
            swiftSettings: swiftSettings),
        .target(
            name: "SatchelPageCapture",
            dependencies: [
                "SatchelCapture",
                "SatchelFetch",
                "SatchelShared",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/SatchelPageCapture",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SatchelClient",
            dependencies: [
                "SatchelSync",
                "SatchelShared",
                "SatchelFetch",
                "SatchelImport",
                "SatchelCapture",
                "SatchelPageCapture",
                "CCurl",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Client",
            swiftSettings: swiftSettings
        ),
        .target(name: "SatchelProcess", path: "Sources/SatchelProcess", swiftSettings: swiftSettings),
        .target(
            name: "SatchelLoopback",
            dependencies: [
                "SatchelProcess",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Sources/SatchelLoopback",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SatchelCLI",
            dependencies: [
                "SatchelCapture",
                "SatchelMarkdown",
                "SatchelExport",
                "SatchelFeeds",
                "SatchelFetch",
                "SatchelImport",
                "SatchelPageCapture",
                "SatchelClient",
                "SatchelProcess",
                "SatchelShared",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/SatchelCLI",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "satchel",
            dependencies: ["SatchelCLI"],
            path: "Sources/satchel",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SatchelTestSupport",
            dependencies: [
                "SatchelFetch",
                "SatchelImages",
                "SatchelStores",
                "SatchelLoopback",
                "SatchelServer",
                "SatchelShared",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/Support",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SharedTests", dependencies: ["SatchelShared", "SatchelSync"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "SatchelFeeds",
                "SatchelFetch",
                "SatchelImages",
                "SatchelMarkdown",
                "SatchelHTTP",
                "SatchelLoopback",
                "SatchelStores",
                "SatchelSync",
                "SatchelProcess",
                "SatchelTestSupport",
                "SatchelServer",
                "SatchelShared",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClientTests",
            dependencies: [
                "SatchelCapture",
                "SatchelFetch",
                "SatchelHTTP",
                "SatchelPageCapture",
                "SatchelStores",
                "SatchelSync",
                "SatchelLoopback",
                "SatchelProcess",
                "SatchelTestSupport",
                "SatchelClient",
                "SatchelServer",
                "SatchelShared",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Tests/ClientTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "SatchelArchive",
                "SatchelCapture",
                "SatchelExport",
                "SatchelLoopback",
                "SatchelStores",
                "SatchelProcess",
                "SatchelTestSupport",
                "SatchelCLI",
                "SatchelClient",
                "SatchelServer",
                "SatchelShared",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Tests/CLITests",
            swiftSettings: swiftSettings
        ),
        // Article capture (issue 34): the HTML5 parser, the extractor, its benchmark, fuzzer and tests.
        .systemLibrary(
            name: "CGumbo",
            path: "Sources/CGumbo",
            pkgConfig: "gumbo",
            providers: [.apt(["libgumbo-dev"])]
        ),
        .target(
            name: "SatchelCapture",
            dependencies: ["CGumbo"],
            path: "Sources/SatchelCapture",
            // Optimized in debug builds too: the HTML parser and the extractor parse tens of megabytes in the
            // hostile-input tests, and unoptimized they held the test process's threads for tens of seconds
            // while other tests' servers timed out (docs/PERFORMANCE.md, "Capture in debug builds").
            swiftSettings: swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .executableTarget(
            name: "satchel-anchor-bench",
            dependencies: ["SatchelCapture"],
            path: "Sources/satchel-anchor-bench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "satchel-capture-bench",
            dependencies: ["SatchelCapture"],
            path: "Sources/satchel-capture-bench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "satchel-capture-fuzz",
            dependencies: ["SatchelCapture", "CFuzzDriver"],
            path: "Sources/satchel-capture-fuzz",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ImportTests",
            dependencies: ["SatchelArchive", "SatchelCapture", "SatchelImport", "SatchelExport", "SatchelShared"],
            path: "Tests/ImportTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PageCaptureTests",
            dependencies: ["SatchelPageCapture", "SatchelFetch", "SatchelShared", "SatchelSync"],
            path: "Tests/PageCaptureTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SatchelCaptureTests",
            dependencies: ["SatchelCapture"],
            path: "Tests/CaptureTests",
            swiftSettings: swiftSettings
        ),
        // Images of posts (issue 36): libvips behind a few C functions, the checks and the variants, their tests.
        // A C target rather than a system library: vips.h needs GLib's include folders, and the `-pthread` that
        // pkg-config adds to them is a flag SwiftPM refuses with a warning on every build.
        .target(
            name: "CVips",
            path: "Sources/CVips",
            cSettings: [
                .unsafeFlags([
                    "-I/usr/include/glib-2.0", "-I/usr/lib/x86_64-linux-gnu/glib-2.0/include",
                    "-I/usr/lib/aarch64-linux-gnu/glib-2.0/include",
                ]),
            ],
            linkerSettings: [.linkedLibrary("vips"), .linkedLibrary("gobject-2.0"), .linkedLibrary("glib-2.0")]
        ),
        .target(name: "SatchelImages", dependencies: ["CVips"], path: "Sources/SatchelImages", swiftSettings: swiftSettings),
        .executableTarget(
            name: "satchel-media-bench",
            dependencies: ["SatchelImages"],
            path: "Sources/satchel-media-bench",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ImageTests",
            dependencies: ["SatchelImages", "SatchelTestSupport"],
            path: "Tests/ImageTests",
            swiftSettings: swiftSettings
        ),
        // Post bodies in CommonMark with GitHub's extensions, through cmark-gfm (system library).
        .systemLibrary(
            name: "CCmarkGFM",
            path: "Sources/CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(
            name: "SatchelMarkdown",
            dependencies: ["CCmarkGFM", "SatchelShared"],
            path: "Sources/SatchelMarkdown",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MarkdownTests",
            dependencies: ["SatchelMarkdown", "SatchelShared"],
            path: "Tests/MarkdownTests",
            swiftSettings: swiftSettings
        ),
        // The guarded fetcher for pages and images written by strangers, and its tests.
        .target(name: "SatchelFetch", dependencies: ["CCurl"], path: "Sources/SatchelFetch", swiftSettings: swiftSettings),
        // Feeds (issue 39): Atom, RSS, RDF and JSON Feed parsed without I/O, discovery, OPML; and their tests.
        .target(
            name: "SatchelFeeds",
            dependencies: ["SatchelCapture", "SatchelFetch", "SatchelShared"],
            path: "Sources/SatchelFeeds",
            // Optimized in debug builds too, as SatchelCapture is: the huge-feed and hostile-feed tests parse megabytes.
            swiftSettings: swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .testTarget(
            name: "FeedsTests",
            dependencies: ["SatchelFeeds", "SatchelShared", "SatchelTestSupport"],
            path: "Tests/FeedsTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SatchelFetchTests",
            dependencies: ["SatchelFetch", "SatchelLoopback"],
            path: "Tests/FetchTests",
            swiftSettings: swiftSettings
        ),
    ]
)
