import Contracts
import Foundation
import IntakeService
import ServiceKit
import TestSupport
import Testing

/// The rate limit answers before anything is written: a refused submission leaves no opinion and
/// no idempotency record, so its key is not spent on a 429.
@Suite("Intake: a refused submission writes nothing")
struct RateLimitStoresNothingTests {
    @Test("a 429 stores no idempotency record and no opinion", arguments: Backend.allCases)
    func refusedWritesNothing(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend, extra: ["YOUYUE_SUBMISSIONS_PER_MINUTE": "1"]) { intake, db in
            let body = #"{"station":"jh-minzu-office","category":"housingProperty","content":"楼道里的灯坏了很久没人修"}"#
            let first = try await http(.POST, intake.baseURL + "/api/v1/opinions", json: body, headers: [("Idempotency-Key", "first")])
            #expect(first.status == 201)
            let refused = try await http(.POST, intake.baseURL + "/api/v1/opinions", json: body, headers: [("Idempotency-Key", "second")])
            #expect(refused.status == 429)
            #expect(try await db.query("SELECT key FROM idempotency_keys").count == 1)
            #expect(try await db.query("SELECT id FROM opinions").count == 1)
            // The first key still answers as it did, although the budget is spent.
            let retry = try await http(.POST, intake.baseURL + "/api/v1/opinions", json: body, headers: [("Idempotency-Key", "first")])
            #expect(retry.status == 201 && retry.body == first.body)
        }
    }
}
