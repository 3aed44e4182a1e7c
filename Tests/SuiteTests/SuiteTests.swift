import AdminKit
import AsyncHTTPClient
import Contracts
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceKit
import TestSupport
import Testing

/// The whole suite as `youyue up` runs it: six services on their own ports, each ready.
@Suite("Suite end to end")
struct SuiteTests {
    static let logger: Logger = {
        var logger = Logger(label: "suite-test")
        logger.logLevel = .warning
        return logger
    }()

    static func options(folder: String) async throws -> SuiteOptions {
        var ports: [ServiceName: Int] = [:]
        for service in ServiceName.allCases { ports[service] = try await reservePort() }
        let environment = ["YOUYUE_LOG_LEVEL": "warning", "YOUYUE_OUTBOX_POLL_MS": "50"]
        return SuiteOptions(dataDirectory: folder, ports: ports, baseEnvironment: environment)
    }

    @Test("all six services start on their ports, become ready, and deliver a message between them")
    func suiteStartsAndIsReady() async throws {
        let folder = NSTemporaryDirectory() + "youyue-suite-" + makeID(prefix: "t")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let options = try await Self.options(folder: folder)
        let (readyURLs, readyContinuation) = AsyncStream<[ServiceName: String]>.makeStream()
        let suite = try await prepareSuite(options, httpClient: .shared, logger: Self.logger, shutdownSignals: [])
        let running = Task { try await suite.run { urls in readyContinuation.yield(urls) } }
        var iterator = readyURLs.makeAsyncIterator()
        let urls = try #require(await iterator.next())
        #expect(urls.count == 6)
        for service in ServiceName.allCases {
            let readiness = try await fetchReadiness(try #require(urls[service]), httpClient: .shared)
            #expect(readiness.ready, "\(service.rawValue) is not ready")
            #expect(readiness.service == service.rawValue)
            #expect(readiness.database.hasPrefix("sqlite:"))
        }
        // Development secrets were created in the data folder, readable by the owner only.
        for file in ["forms.key", "data.key", "keys/intake.json", "keys/console.json"] {
            let key = try FileManager.default.attributesOfItem(atPath: folder + "/secrets/" + file)
            #expect((key[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(file)")
        }

        // A message from one service reaches another over real HTTP.
        let configuration = try ServiceConfiguration(service: .intake, environment: options.environment())
        let intakeDB = try openDatabase(configuration.database, logger: Self.logger)
        try await intakeDB.transaction { db in
            try await enqueueMessage(db, type: .ping, to: [.routing, .evaluation], district: "jianghan", entity: "suite-check", body: PingBody(note: "你好"))
        }
        // Signed with the console's key from the data folder; routing and evaluation fetched
        // intake's published keys to accept its message.
        let admin = try TokenSigner(owner: .console, keyFile: folder + "/secrets/keys/console.json")
            .mint(Principal(role: .admin, subject: "test", district: "*", street: nil, unit: nil), lifetime: 60)
        let client = AdminClient(httpClient: .shared, token: admin)
        var drained = false
        for _ in 0..<200 where !drained {
            drained = try await client.get(try #require(urls[.intake]) + "/internal/v1/outbox", as: [OutboxEntry].self).isEmpty
            if !drained { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(drained, "the intake outbox did not drain")
        await intakeDB.close()

        // The audit chains verify across services.
        let verification = try await verifyAuditChains(urls: urls, client: client)
        #expect(verification.count == 6)
        #expect(verification.values.allSatisfy { $0.intact })

        await suite.stop()
        try await running.value
    }

    @Test("every service's /openapi.json passes openapi-spec-validator as OpenAPI 3.1")
    func openAPIDocumentsAreValid() async throws {
        guard let validator = executablePath("openapi-spec-validator") else {
            try skipOrFail("openapi-spec-validator not installed (pip install openapi-spec-validator; .ci/run does)")
        }
        let folder = NSTemporaryDirectory() + "youyue-suite-" + makeID(prefix: "t")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let suite = try await prepareSuite(try await Self.options(folder: folder), httpClient: .shared, logger: Self.logger, shutdownSignals: [])
        let (readyURLs, readyContinuation) = AsyncStream<[ServiceName: String]>.makeStream()
        let running = Task { try await suite.run { urls in readyContinuation.yield(urls) } }
        var iterator = readyURLs.makeAsyncIterator()
        let urls = try #require(await iterator.next())
        var requestBodies = 0
        for service in ServiceName.allCases {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: try #require(urls[service]) + "/openapi.json"), timeout: .seconds(5))
            let body = try await response.body.collect(upTo: 1 << 22)
            let file = folder + "/\(service.rawValue).openapi.json"
            try Data(buffer: body).write(to: URL(fileURLWithPath: file))
            let (status, output, errors) = try await runProcess(validator, [file])
            _ = errors
            #expect(status == 0, "\(service.rawValue): \(output)")
            #expect(output.contains("OK"), "\(service.rawValue): \(output)")

            // What the document says is generated from the handlers' own types: every request body
            // names its properties, every operation its roles.
            let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
            for (path, operations) in paths {
                for (method, operation) in operations {
                    #expect(operation["x-roles"] is [String], "\(service.rawValue) \(method) \(path) has no x-roles")
                    guard let body = operation["requestBody"] as? [String: Any] else { continue }
                    let schema = ((body["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any]
                    let properties = schema?["properties"] as? [String: Any] ?? [:]
                    #expect(!properties.isEmpty, "\(service.rawValue) \(method) \(path): its request body has no properties")
                    requestBodies += 1
                }
            }
        }
        #expect(requestBodies >= 32)
        await suite.stop()
        try await running.value
    }

    @Test("on PostgreSQL, `up --database-url` creates one database per service and all six become ready")
    func suiteOnPostgres() async throws {
        guard let text = ProcessInfo.processInfo.environment["YOUYUE_TEST_POSTGRES_URL"],
              case .postgres(let server) = try DatabaseURL(parsing: text) else {
            try skipOrFail("PostgreSQL skipped: set YOUYUE_TEST_POSTGRES_URL to run this case")
        }
        let admin = PostgresDatabase(url: server, maximumConnections: 1, logger: Self.logger)
        for service in ServiceName.allCases {
            try await admin.execute("DROP DATABASE IF EXISTS \(unsafeRaw: databaseName(for: service)) WITH (FORCE)")
        }
        await admin.close()
        let folder = NSTemporaryDirectory() + "youyue-suite-" + makeID(prefix: "t")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var options = try await Self.options(folder: folder)
        options.postgres = server
        let (readyURLs, readyContinuation) = AsyncStream<[ServiceName: String]>.makeStream()
        let suite = try await prepareSuite(options, httpClient: .shared, logger: Self.logger, shutdownSignals: [])
        let running = Task { try await suite.run { urls in readyContinuation.yield(urls) } }
        var iterator = readyURLs.makeAsyncIterator()
        let urls = try #require(await iterator.next())
        for service in ServiceName.allCases {
            let readiness = try await fetchReadiness(try #require(urls[service]), httpClient: .shared)
            #expect(readiness.ready)
            #expect(readiness.database.hasSuffix("/" + databaseName(for: service)))
        }
        await suite.stop()
        try await running.value
    }

    @Test("admin commands reach a suite elsewhere through YOUYUE_<SERVICE>_URL; `up` still serves on its own ports")
    func adminCommandsHonourServiceURLs() {
        let options = SuiteOptions(dataDirectory: "/tmp/unused", ports: [.intake: 18081],
                                   baseEnvironment: ["YOUYUE_INTAKE_URL": "http://intake.district.internal:8081"])
        #expect(options.clientURL(of: .intake) == "http://intake.district.internal:8081")
        #expect(options.baseURL(of: .intake) == "http://127.0.0.1:18081")
        #expect(options.clientURL(of: .routing) == "http://127.0.0.1:\(ServiceName.routing.defaultPort)")
    }

    @Test("a port already in use is a clear error naming the service, and nothing starts")
    func portInUse() async throws {
        let folder = NSTemporaryDirectory() + "youyue-suite-" + makeID(prefix: "t")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var options = try await Self.options(folder: folder)
        let blocker = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let blocked = try #require(blocker.localAddress?.port)
        options.ports[.supervision] = blocked
        await #expect {
            try await prepareSuite(options, httpClient: .shared, logger: Self.logger, shutdownSignals: [])
        } throws: { error in
            "\(error)".contains("port \(blocked) for supervision is already in use")
        }
        #expect(try await fetchReadinessOrNil(options.baseURL(of: .intake)) == nil)
        try await blocker.close()
    }
}

/// The full path of a program on PATH, if there is one.
func executablePath(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}


private func fetchReadinessOrNil(_ url: String) async throws -> Readiness? {
    try? await fetchReadiness(url, httpClient: .shared)
}
