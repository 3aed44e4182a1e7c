import Contracts
import Foundation
import Testing
@testable import ServiceKit
import TestSupport

@Suite("Configuration")
struct ConfigurationTests {
    @Test("with nothing set, every setting has a working default and development secrets are created once, mode 0600")
    func defaults() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let configuration = try ServiceConfiguration(service: .supervision, environment: ["YOUYUE_DATA_DIR": folder])
        #expect(configuration.port == 8083)
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.database == .sqlite(path: folder + "/supervision.sqlite"))
        #expect(configuration.suite == .national)
        #expect(configuration.peers[.intake] == "http://127.0.0.1:8081")
        let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/secrets/forms.key")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(configuration.signingKeysFile == folder + "/secrets/keys/supervision.json")
        let again = try ServiceConfiguration(service: .intake, environment: ["YOUYUE_DATA_DIR": folder])
        #expect(again.formSecret == configuration.formSecret)
        #expect(again.signingKeysFile == folder + "/secrets/keys/intake.json")
        #expect(again.dataKeys == configuration.dataKeys)
    }

    @Test("the PostgreSQL password may come from a secret file instead of the URL; a missing file is an error naming the variable")
    func databasePasswordFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "s3cret-口令\n".write(toFile: folder + "/db-password", atomically: true, encoding: .utf8)
        let environment = ["YOUYUE_DATA_DIR": folder, "YOUYUE_ROUTING_DATABASE_URL": "postgres://youyue@db:5432/youyue_routing",
                           "YOUYUE_DATABASE_PASSWORD_FILE": folder + "/db-password"]
        let configuration = try ServiceConfiguration(service: .routing, environment: environment)
        guard case .postgres(let server) = configuration.database else {
            Issue.record("expected PostgreSQL")
            return
        }
        #expect(server.password == "s3cret-口令")
        // A password in the URL wins over the file.
        var explicit = environment
        explicit["YOUYUE_ROUTING_DATABASE_URL"] = "postgres://youyue:inline@db:5432/youyue_routing"
        if case .postgres(let inline) = try ServiceConfiguration(service: .routing, environment: explicit).database {
            #expect(inline.password == "inline")
        }
        var missing = environment
        missing["YOUYUE_ROUTING_DATABASE_PASSWORD_FILE"] = folder + "/nothing-here"
        #expect {
            try ServiceConfiguration(service: .routing, environment: missing)
        } throws: { error in
            String(describing: error).contains("YOUYUE_ROUTING_DATABASE_PASSWORD_FILE")
        }
    }

    @Test("an invalid value is an error that names the variable", arguments: [
        ("YOUYUE_INTAKE_PORT", "eighty"),
        ("YOUYUE_CRYPTO_SUITE", "rot13"),
        ("YOUYUE_INTAKE_DATABASE_URL", "mysql://db/x"),
        ("YOUYUE_DATA_KEYS", "k1:tooshort"),
        ("YOUYUE_LOG_LEVEL", "loud"),
        // The shared HS256 secret is gone: a deployment still setting it is told so, not ignored.
        ("YOUYUE_JWT_SECRET", "a-secret-of-more-than-thirty-two-bytes-0123456789"),
        ("YOUYUE_JWT_SECRET_FILE", "/run/secrets/jwt-secret"),
        ("YOUYUE_FORM_SECRET", "short"),
    ])
    func invalidValues(variable: String, value: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect {
            try ServiceConfiguration(service: .intake, environment: ["YOUYUE_DATA_DIR": folder, variable: value])
        } throws: { error in
            (error as? ConfigurationError)?.variable == variable && "\(error)".contains(variable)
        }
    }

    @Test("the international suite and PostgreSQL are chosen by variables")
    func choices() throws {
        let configuration = try ServiceConfiguration(service: .evaluation, environment: [
            "YOUYUE_CRYPTO_SUITE": "international",
            "YOUYUE_EVALUATION_DATABASE_URL": "postgres://youyue:pw@127.0.0.1:5432/youyue_evaluation",
            "YOUYUE_DATA_KEYS": "old:\(testDataKey),new:\(Data(repeating: 9, count: 32).base64EncodedString())",
            "YOUYUE_DATA_KEY_ID": "new",
        ])
        #expect(configuration.suite == .international)
        #expect(configuration.currentDataKeyID == "new")
        #expect(configuration.dataKeys.count == 2)
        guard case .postgres(let server) = configuration.database else {
            Issue.record("expected PostgreSQL")
            return
        }
        #expect(server.database == "youyue_evaluation")
    }

    @Test("a client gets its burst, then waits; another client is not held up")
    func rateLimits() throws {
        let limiter = RateLimiter(capacity: 3, per: 60)
        let start = Date()
        for _ in 0..<3 { try limiter.take(for: "10.0.0.1", now: start) }
        #expect { try limiter.take(for: "10.0.0.1", now: start) } throws: { error in
            (error as? RateLimited)?.retryAfterSeconds == 20
        }
        try limiter.take(for: "10.0.0.2", now: start)
        // One token comes back every 20 seconds.
        try limiter.take(for: "10.0.0.1", now: start.addingTimeInterval(20))
        #expect(throws: RateLimited.self) { try limiter.take(for: "10.0.0.1", now: start.addingTimeInterval(21)) }
    }

    @Test("retry delays grow exponentially, stay under the cap, and are jittered from zero")
    func retryPolicy() {
        let policy = RetryPolicy(base: .milliseconds(100), cap: .seconds(2), maximumAttempts: 5)
        #expect(policy.delay(afterAttempts: 1, random: 1) == .milliseconds(100))
        #expect(policy.delay(afterAttempts: 3, random: 1) == .milliseconds(400))
        #expect(policy.delay(afterAttempts: 10, random: 1) == .seconds(2))
        #expect(policy.delay(afterAttempts: 10, random: 0) == .zero)
        #expect(policy.delay(afterAttempts: 4, random: 0.5) == .milliseconds(400))
    }
}
