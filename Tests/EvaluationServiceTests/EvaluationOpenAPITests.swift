import Foundation
import TestSupport
import Testing

/// Every route evaluation serves is in its OpenAPI document with a real summary.
@Suite("Evaluation OpenAPI")
struct EvaluationOpenAPITests {
    @Test("performance, selections, statistics and 共享会 routes are documented")
    func documented() async throws {
        try await EvaluationFixture.run(.sqlite) { evaluation, _ in
            let document = try #require(try JSONSerialization.jsonObject(with: Data(try await http(.GET, evaluation.baseURL + "/openapi.json").body.utf8)) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            for path in ["/api/v1/performance", "/api/v1/performance/{deputy}", "/api/v1/performance/criteria", "/performance", "/api/v1/selections/{id}/votes",
                         "/api/v1/statistics", "/api/v1/statistics/on-time", "/api/v1/shared-responses", "/shared"] {
                #expect(paths[path] != nil, "missing \(path)")
            }
            for (path, operations) in paths {
                for (method, operation) in operations {
                    let summary = (operation as? [String: Any])?["summary"] as? String ?? ""
                    #expect(summary != "\(method.uppercased()) \(path)", "undocumented: \(method) \(path)")
                }
            }
        }
    }
}
