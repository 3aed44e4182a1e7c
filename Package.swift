// swift-tools-version:6.1
import PackageDescription

/// The six services. Each gets a library (`<Name>Service`) and a thin executable named after the
/// service; `serviceTargets` stamps them out so they all share one shape.
let services: [(name: String, folder: String, executable: String)] = [
    ("Intake", "Intake", "intake"),
    ("Routing", "Routing", "routing"),
    ("Supervision", "Supervision", "supervision"),
    ("Evaluation", "Evaluation", "evaluation"),
    ("ProcuratorateBridge", "ProcuratorateBridge", "procuratorate-bridge"),
    ("Console", "Console", "console"),
]

let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let httpClient = Target.Dependency.product(name: "AsyncHTTPClient", package: "async-http-client")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let nio: [Target.Dependency] = ["NIOCore", "NIOPosix", "NIOHTTP1"].map { .product(name: $0, package: "swift-nio") }
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let unixSignals = Target.Dependency.product(name: "UnixSignals", package: "swift-service-lifecycle")

func serviceTargets(name: String, folder: String, executable: String) -> [Target] {
    [
        .target(
            name: "\(name)Service",
            dependencies: ["Contracts", "ServiceKit", hummingbird, httpClient, logging] + nio,
            path: "Services/\(folder)/\(name)Service"
        ),
        .executableTarget(
            name: executable,
            dependencies: [.target(name: "\(name)Service"), "ServiceKit", logging],
            path: "Services/\(folder)/Main"
        ),
    ]
}

/// Services whose domain has tests of its own get a `<Name>ServiceTests` target.
let servicesWithTests = ["Intake", "Routing", "Supervision", "Evaluation", "ProcuratorateBridge", "Console"]

/// The bridge's tests run it against a real intake, which it reads suggestions from.
let extraTestDependencies: [String: [Target.Dependency]] = ["ProcuratorateBridge": ["IntakeService"]]

let package = Package(
    name: "youyue",
    platforms: [.macOS(.v15)],
    products: services.map { .executable(name: $0.executable, targets: [$0.executable]) }
        + [.executable(name: "youyue", targets: ["youyue"])],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // Already built for postgres-nio and async-http-client; named for PostgreSQL's TLS options.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        .target(name: "Contracts", path: "Shared/Contracts"),
        .systemLibrary(name: "COpenSSL", path: "Shared/COpenSSL", providers: [.apt(["libssl-dev"])]),
        .target(name: "CSQLiteTuning", path: "Shared/CSQLiteTuning", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(
            name: "ServiceKit",
            dependencies: [
                "Contracts", "COpenSSL", "CSQLiteTuning", hummingbird, httpClient, logging, lifecycle, unixSignals,
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
            ] + nio,
            path: "Shared/ServiceKit"
        ),
        // What more than one test target needs; never linked into a product.
        .target(
            name: "TestSupport",
            dependencies: ["ServiceKit", "Contracts", hummingbird, httpClient, lifecycle, logging] + nio,
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "ServiceKitTests",
            dependencies: [
                "ServiceKit", "Contracts", "TestSupport", "CSQLiteTuning", httpClient, lifecycle,
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ] + nio,
            path: "Tests/ServiceKitTests"
        ),
        .target(
            name: "AdminKit",
            dependencies: ["Contracts", "ServiceKit", httpClient, logging, lifecycle, unixSignals] + nio
                + services.map { .target(name: "\($0.name)Service") },
            path: "Services/AdminCLI/AdminKit",
            // The sample district, built into the binary so `youyue seed` works from any folder
            // (a link to SampleData/jianghan-sample.json, which stays the one copy).
            resources: [.embedInCode("Resources/jianghan-sample.json")]
        ),
        .executableTarget(
            name: "youyue",
            dependencies: ["AdminKit", .product(name: "ArgumentParser", package: "swift-argument-parser"), logging],
            path: "Services/AdminCLI/Main"
        ),
        .executableTarget(
            name: "youyue-benchmark-server",
            dependencies: ["ServiceKit", "Contracts", hummingbird, httpClient, logging] + nio,
            path: "Benchmarks/KitBenchmark"
        ),
        .executableTarget(
            name: "youyue-ledger-benchmark",
            dependencies: ["IntakeService", "ServiceKit", "Contracts", hummingbird, httpClient, logging],
            path: "Benchmarks/LedgerBenchmark"
        ),
        .testTarget(
            name: "SuiteTests",
            dependencies: ["AdminKit", "ServiceKit", "Contracts", "TestSupport", "IntakeService", "RoutingService", "SupervisionService", "EvaluationService", "ProcuratorateBridgeService",
                           "ConsoleService", httpClient, logging] + nio
                // The crash test runs real service processes and kills them: depending on the
                // executables makes `swift test` build them.
                + services.map { .target(name: $0.executable) },
            path: "Tests/SuiteTests"
        ),
    ] + services.flatMap { serviceTargets(name: $0.name, folder: $0.folder, executable: $0.executable) }
      + servicesWithTests.map { name in
          .testTarget(
              name: "\(name)ServiceTests",
              dependencies: [.target(name: "\(name)Service"), "ServiceKit", "Contracts", "TestSupport", httpClient] + nio
                  + (extraTestDependencies[name] ?? []),
              path: "Tests/\(name)ServiceTests")
      },
    swiftLanguageModes: [.v6]
)
