import AsyncHTTPClient
import Contracts
import Foundation
import NIOCore
import RoutingService
import ServiceKit
import TestSupport
import Testing

/// The kit's answers to bad bodies hold on routing as on intake: another service, the same words.
@Suite("Routing bad input")
struct RoutingBadInputTests {
    @Test("an oversize body is 413, a text/plain body 415, a wrong shape a 400 naming the field; the rules stay as they were", arguments: Backend.allCases)
    func badBodies(backend: Backend) async throws {
        try await RoutingTests.withSeededRouting(backend) { routing, db in
            let url = routing.baseURL + "/api/v1/rules"
            let staff = try await bearer(.districtStaff)
            let rules = try await db.queryFirst("SELECT COUNT(*) AS n FROM routing_rules")?.int("n")

            let huge = #"{"category":""# + String(repeating: "x", count: 3 << 20) + #"","street":"minzu","tier":"district","leadUnit":"gov-urban","coUnits":[],"complex":false}"#
            let tooLarge = try await http(.POST, url, json: huge, headers: staff)
            #expect(tooLarge.status == 413 && tooLarge.body.contains("problems/too-large"), "\(tooLarge.body.prefix(300))")

            // A valid rule, posted as a cross-site form could post it.
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            for (name, value) in staff + [("Content-Type", "text/plain")] { request.headers.add(name: name, value: value) }
            request.body = .bytes(ByteBuffer(string: #"{"category":"environment","street":"minzu","tier":"district","leadUnit":"gov-urban","coUnits":[],"complex":false}"#))
            let plain = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let plainBody = String(buffer: try await plain.body.collect(upTo: 1 << 20))
            #expect(plain.status.code == 415 && plainBody.contains("problems/unsupported-media-type"), "\(plainBody)")

            let wrong = try await http(.POST, url, json: #"{"category":"environment","street":"minzu","tier":"district","leadUnit":"gov-urban","coUnits":"gov-ecology","complex":false}"#, headers: staff)
            #expect(wrong.status == 400 && wrong.body.contains("字段 coUnits 的类型不正确，应为数组"), "\(wrong.body)")
            #expect(!wrong.body.contains("Array") && !wrong.body.contains("`"))

            #expect(try await db.queryFirst("SELECT COUNT(*) AS n FROM routing_rules")?.int("n") == rules)
        }
    }

    @Test("a district file with two rules for one category and street is a 422 naming the rule, and changes nothing", arguments: Backend.allCases)
    func duplicateRulesInAFile(backend: Backend) async throws {
        try await RoutingTests.withSeededRouting(backend) { routing, db in
            let rules = try await db.queryFirst("SELECT COUNT(*) AS n FROM routing_rules")?.int("n")
            let rule = #"{"category":"environment","street":"minzu","tier":"district","leadUnit":"gov-urban","coUnits":[],"complex":false}"#
            let file = #"{"district":{"code":"jianghan"},"units":[],"routingRules":[\#(rule),\#(rule)]}"#
            let answer = try await http(.POST, routing.baseURL + "/api/v1/admin/routing-data", json: file, headers: try await bearer(.admin))
            #expect(answer.status == 422, "\(answer.body)")
            #expect(answer.body.contains("routingRules.1") && answer.body.contains("重复"))
            #expect(try await db.queryFirst("SELECT COUNT(*) AS n FROM routing_rules")?.int("n") == rules)
        }
    }

    @Test("two districts may use the same rule id: each keeps its own rule and versions, and each district's staff see only theirs", arguments: Backend.allCases)
    func ruleIDsPerDistrict(backend: Backend) async throws {
        try await RoutingTests.withSeededRouting(backend) { routing, db in
            let jianghanRules = try await db.queryFirst("SELECT COUNT(*) AS n FROM routing_rules WHERE district = 'jianghan'")?.int("n")
            let shared = try #require(try await db.queryFirst("SELECT id, lead_unit FROM routing_rules WHERE district = 'jianghan' LIMIT 1"))
            let id = try shared.string("id")
            let rule = #"{"id":"\#(id)","category":"environment","street":"*","tier":"district","leadUnit":"wc-env","coUnits":[],"complex":false}"#
            let file = #"{"district":{"code":"wuchang"},"units":[{"code":"wc-env","name":"武昌区生态环境局","kind":"government"}],"routingRules":[\#(rule)]}"#
            let deployment = try testToken(Principal(role: .admin, subject: "cli", district: "*", street: nil, unit: nil), lifetime: 60)
            for _ in 0..<2 {
                let answer = try await http(.POST, routing.baseURL + "/api/v1/admin/routing-data", json: file, headers: [("Authorization", "Bearer \(deployment)")])
                #expect(answer.status == 200, "\(answer.body)")
            }
            #expect(try await db.queryFirst("SELECT COUNT(*) AS n FROM routing_rules WHERE district = 'jianghan'")?.int("n") == jianghanRules)
            let ourLead = try shared.string("lead_unit")
            let theirs = try await db.query("SELECT version, lead_unit FROM routing_rules WHERE district = 'wuchang' AND id = \(id)").map { try $0.string("lead_unit") }
            #expect(theirs == ["wc-env"])
            let ours = try await db.query("SELECT lead_unit FROM routing_rules WHERE district = 'jianghan' AND id = \(id)").map { try $0.string("lead_unit") }
            #expect(ours == [ourLead])
            let seenInWuchang = try await http(.GET, routing.baseURL + "/api/v1/rules", headers: try await bearerIn("wuchang", .districtStaff))
            #expect(seenInWuchang.status == 200 && seenInWuchang.body.contains("wc-env") && !seenInWuchang.body.contains(ourLead), "\(seenInWuchang.body)")
        }
    }
}
