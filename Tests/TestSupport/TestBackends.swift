import Contracts
import Foundation
import Logging
import Testing
import ServiceKit

/// The storage backends every kit test runs on. PostgreSQL needs `YOUYUE_TEST_POSTGRES_URL`
/// (`.ci/run` sets it); without it those cases are skipped and say so.
public enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres
    public var testDescription: String { rawValue }
}

public let testLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    return logger
}()

public var postgresServer: DatabaseURL.Postgres? {
    guard let text = ProcessInfo.processInfo.environment["YOUYUE_TEST_POSTGRES_URL"],
          case .postgres(let server) = try? DatabaseURL(parsing: text) else { return nil }
    return server
}

/// A fresh, empty database for one test: a SQLite file in a new temporary folder, or a new
/// database on the test PostgreSQL server. Dropped afterwards.
public func withFreshDatabaseURL<Result>(_ backend: Backend, _ body: (DatabaseURL) async throws -> Result) async throws -> Result {
    switch backend {
    case .sqlite:
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try await body(.sqlite(path: folder + "/test.sqlite"))
    case .postgres:
        guard let server = postgresServer else {
            try skipOrFail("PostgreSQL skipped: set YOUYUE_TEST_POSTGRES_URL to run this case")
        }
        let name = "youyue_test_" + makeID(prefix: "db").dropFirst(3)
        let admin = PostgresDatabase(url: server, maximumConnections: 1, logger: testLogger)
        try await admin.execute("CREATE DATABASE \(unsafeRaw: name)")
        do {
            let result = try await body(.postgres(server.withDatabase(name)))
            await dropTestDatabase(name, admin)
            await admin.close()
            return result
        } catch {
            await dropTestDatabase(name, admin)
            await admin.close()
            throw error
        }
    }
}

/// A fresh database with the kit's tables, closed afterwards.
public func withKitDatabase<Result>(_ backend: Backend, extra: [MigrationSet] = [], _ body: (any Database) async throws -> Result) async throws -> Result {
    try await withFreshDatabaseURL(backend) { url in
        let database = try openDatabase(url, logger: testLogger)
        do {
            try await migrate(database, [kitMigrations] + extra)
            let result = try await body(database)
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }
}

public func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "youyue-test-" + makeID(prefix: "t")
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

public let testDataKey = Data(repeating: 7, count: 32).base64EncodedString()

/// Configuration for a service under test: its database, fixed secrets, fast outbox polling.
public func testConfiguration(_ service: ServiceName, database: DatabaseURL, port: Int = 0, peers: [ServiceName: Int] = [:],
                       folder: String, extra: [String: String] = [:]) throws -> ServiceConfiguration {
    var environment: [String: String] = [
        "YOUYUE_DATA_DIR": folder,
        "YOUYUE_FORM_SECRET": "test-form-secret-0123456789-abcdefghijklmnop",
        // Dozens of test databases are made at once on a two-core machine: a slow first sign-in
        // there is load, not a wrong host (NewUserTests prove the 5-second default).
        "YOUYUE_DATABASE_CHECK_SECONDS": "60",
        "YOUYUE_DATA_KEYS": "k1:\(testDataKey)",
        "YOUYUE_OUTBOX_POLL_MS": "50",
        "YOUYUE_OUTBOX_TIMEOUT_MS": "1000",
        "\(service.environmentPrefix)_PORT": String(port),
        "YOUYUE_LOG_LEVEL": "warning",
        // The console's scrypt at 2^10, not 2^15: the tests sign in hundreds of times beside
        // every other suite on two cores; PasswordHashTests prove the default cost itself.
        "YOUYUE_PASSWORD_COST": "10",
    ]
    switch database {
    case .sqlite(let path): environment["\(service.environmentPrefix)_DATABASE_URL"] = "sqlite://" + path
    case .postgres(let server): environment["\(service.environmentPrefix)_DATABASE_URL"] = server.urlString
    }
    environment.merge(TestKeys.environment(for: service)) { _, keys in keys }
    for (peer, peerPort) in peers {
        environment["\(peer.environmentPrefix)_URL"] = "http://127.0.0.1:\(peerPort)"
    }
    return try ServiceConfiguration(service: service, environment: environment.merging(extra) { _, new in new })
}

/// Drops a test's database. An autovacuum worker that happens to be connected belongs to another
/// role, which `WITH (FORCE)` may not end: try again shortly, and leave the database to the
/// throwaway server rather than fail a test that passed.
func dropTestDatabase(_ name: String, _ admin: PostgresDatabase) async {
    for _ in 0..<10 {
        do {
            try await admin.execute("DROP DATABASE \(unsafeRaw: name) WITH (FORCE)")
            return
        } catch {
            try? await Task.sleep(for: .milliseconds(200))
        }
    }
    testLogger.warning("could not drop test database \(name)")
}
