import AsyncHTTPClient
import Contracts
import Foundation
import Synchronization
import Testing
@testable import ServiceKit
import TestSupport

/// The kit's HTTP behaviour as a client sees it, through a real server on loopback.
@Suite("HTTP kit")
struct HTTPKitTests {
    static func withSender(_ body: (RunningService) async throws -> Void) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let service = try await startService(senderDefinition, configuration: testConfiguration(
            .intake, database: .sqlite(path: folder + "/s.sqlite"), peers: [.routing: 9], folder: folder))
        do {
            try await body(service)
        } catch {
            await service.stop()
            throw error
        }
        await service.stop()
    }

    static func token(_ role: Role, signer: TokenSigner = TestKeys.signer(.console), now: Date = Date()) async throws -> String {
        try signer.mint(Principal(role: role, subject: "u1", district: "jianghan", street: nil, unit: nil), lifetime: 60, now: now)
    }

    @Test("errors are problem+json with a stable type and no internals")
    func problemResponses() async throws {
        try await Self.withSender { service in
            let missing = try await http(.GET, service.baseURL + "/api/v1/nowhere")
            #expect(missing.status == 404)
            #expect(missing.headers["Content-Type"].first?.hasPrefix("application/problem+json") == true)
            #expect(missing.body.contains(#""type":"https://youyue.example/problems/not-found""#))

            let badJSON = try await http(.POST, service.baseURL + "/api/v1/notes", json: #"{"text": 12"#)
            #expect(badJSON.status == 400)
            let wrongType = try await http(.POST, service.baseURL + "/api/v1/notes", json: #"{"text": 12}"#)
            #expect(wrongType.status == 400)
            #expect(wrongType.body.contains("text"))
            let invalid = try await http(.POST, service.baseURL + "/api/v1/notes", json: #"{"text": ""}"#)
            #expect(invalid.status == 422)
            #expect(invalid.body.contains(#""errors":{"text":"#))
            for answer in [missing, badJSON, wrongType, invalid] {
                #expect(!answer.body.contains("Swift"))
                #expect(!answer.body.contains("SELECT"))
            }
        }
    }

    @Test("every API answer carries the API security headers; pages get the page set")
    func securityHeaders() async throws {
        try await Self.withSender { service in
            for path in ["/health/live", "/api/v1/nowhere"] {
                let answer = try await http(.GET, service.baseURL + path)
                #expect(answer.headers["X-Content-Type-Options"].first == "nosniff")
                #expect(answer.headers["X-Frame-Options"].first == "DENY")
                #expect(answer.headers["Content-Security-Policy"].first == "default-src 'none'; frame-ancestors 'none'")
                #expect(answer.headers["Strict-Transport-Security"].first == "max-age=31536000")
                #expect(answer.headers["Referrer-Policy"].isEmpty)
            }
        }
        let page = Dictionary(uniqueKeysWithValues: ServiceKit.securityHeaders(forContentType: "text/html; charset=utf-8").map { ($0.name.rawName, $0.value) })
        #expect(page["Content-Security-Policy"]?.contains("default-src 'self'") == true)
        #expect(page["Referrer-Policy"] == "no-referrer")
        #expect(page["X-Frame-Options"] == "DENY")
    }

    @Test("tokens: none is 401, another role is 403, a forged, expired or foreign one is 401")
    func tokenChecks() async throws {
        try await Self.withSender { service in
            let url = service.baseURL + "/internal/v1/outbox"
            #expect(try await http(.GET, url).status == 401)
            #expect(try await http(.GET, url, headers: [("Authorization", "Bearer \(try await Self.token(.deputy))")]).status == 403)
            #expect(try await http(.GET, url, headers: [("Authorization", "Bearer \(try await Self.token(.admin))")]).status == 200)
            let stranger = TokenSigner(owner: .console, keys: SigningKeyFile(owner: .console, keys: [newSigningKey(owner: .console)]))
            let forged = try await Self.token(.admin, signer: stranger)
            #expect(try await http(.GET, url, headers: [("Authorization", "Bearer \(forged)")]).status == 401)
            let expired = try await Self.token(.admin, now: Date().addingTimeInterval(-180))
            let expiredAnswer = try await http(.GET, url, headers: [("Authorization", "Bearer \(expired)")])
            #expect(expiredAnswer.status == 401)
            #expect(expiredAnswer.body.contains("过期"))
            let foreign = try TokenSigner(owner: .console, keyFile: TestKeys.keyFile(.console), audience: "another-system").mint(
                Principal(role: .admin, subject: "x", district: "jianghan", street: nil, unit: nil), lifetime: 60)
            #expect(try await http(.GET, url, headers: [("Authorization", "Bearer \(foreign)")]).status == 401)
            #expect(try await http(.GET, url, headers: [("Authorization", "Basic abc")]).status == 401)
        }
    }

    @Test("a token issued in the future beyond a minute of clock skew is a 401 problem")
    func futureTokenIsRefused() async throws {
        try await Self.withSender { service in
            let url = service.baseURL + "/internal/v1/outbox"
            let principal = Principal(role: .admin, subject: "u1", district: "jianghan")
            let ahead = try testToken(principal, lifetime: 3600, now: Date().addingTimeInterval(600))
            let refused = try await http(.GET, url, headers: [("Authorization", "Bearer \(ahead)")])
            #expect(refused.status == 401)
            #expect(refused.headers["Content-Type"].first?.hasPrefix("application/problem+json") == true && refused.body.contains("签发时间"))
            let skewed = try testToken(principal, lifetime: 3600, now: Date().addingTimeInterval(20))
            #expect(try await http(.GET, url, headers: [("Authorization", "Bearer \(skewed)")]).status == 200)
        }
    }

    @Test("the kit answers an oversize body with 413 and a non-JSON body with 415, as problems")
    func bodySizeAndType() async throws {
        try await Self.withSender { service in
            let url = service.baseURL + "/api/v1/notes"
            let huge = #"{"text":""# + String(repeating: "x", count: 3 << 20) + #""}"#
            for headers in [[], [("Idempotency-Key", "huge-1")]] {
                let answer = try await http(.POST, url, json: huge, headers: headers)
                #expect(answer.status == 413)
                #expect(answer.headers["Content-Type"].first?.hasPrefix("application/problem+json") == true)
                #expect(answer.body.contains("problems/too-large"))
            }
            let plain = try await http(.POST, url, headers: [("Content-Type", "text/plain")]) // no body
            #expect(plain.status == 415 && plain.body.contains("problems/unsupported-media-type"))
        }
    }

    @Test("health, readiness, metrics and the OpenAPI document")
    func operationalEndpoints() async throws {
        try await Self.withSender { service in
            #expect(try await http(.GET, service.baseURL + "/health/live").status == 200)
            let ready = try await http(.GET, service.baseURL + "/health/ready")
            #expect(ready.status == 200)
            let readiness = try apiDecoder.decode(Readiness.self, from: Data(ready.body.utf8))
            #expect(readiness.ready && readiness.service == "intake" && readiness.migrations == kitMigrations.migrations.count + 1)

            _ = try await http(.POST, service.baseURL + "/api/v1/notes", json: #"{"text":"计数"}"#)
            let metrics = try await http(.GET, service.baseURL + "/metrics")
            #expect(metrics.body.contains(#"youyue_http_requests_total{route="/api/v1/notes",method="POST",status="201"} 1"#))
            #expect(metrics.body.contains("youyue_http_request_duration_seconds_bucket"))
            #expect(metrics.body.contains(#"youyue_outbox_pending{service="intake"} 1"#))
            #expect(metrics.body.contains("youyue_outbox_dead_letters"))
            // Each metric says what it counts, for whoever reads it in Prometheus.
            #expect(metrics.body.contains("# HELP youyue_http_requests_total HTTP requests answered"))
            #expect(metrics.body.contains("# HELP youyue_outbox_pending Messages in the outbox"))

            let openAPI = try await http(.GET, service.baseURL + "/openapi.json")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(openAPI.body.utf8)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            #expect(paths["/api/v1/notes"]?["post"] != nil)
            #expect(paths["/health/ready"]?["get"] != nil)
            #expect(paths["/internal/v1/messages"]?["post"] != nil)
            // Roles are data on every operation: empty for a public one.
            #expect((paths["/internal/v1/messages"]?["post"] as? [String: Any])?["x-roles"] as? [String] == ["service"])
            #expect((paths["/health/live"]?["get"] as? [String: Any])?["x-roles"] as? [String] == [])
            // Every served route is described with a real summary, not a placeholder.
            for (path, operations) in paths {
                for (method, operation) in operations {
                    let summary = (operation as? [String: Any])?["summary"] as? String ?? ""
                    #expect(summary != "\(method.uppercased()) \(path)", "undocumented: \(method) \(path)")
                }
            }
        }
    }
}
