import Contracts
import EvaluationService
import Foundation
import ServiceKit
import TestSupport
import Testing

/// One district never reads or rates another's cases, even where a deputy code repeats.
@Suite("Evaluation across districts")
struct EvaluationDistrictTests {
    @Test("another district's staff, admins and same-code deputies get 404 on a case and cannot rate it; its own still can", arguments: Backend.allCases)
    func casesStayInTheirDistrict(backend: Backend) async throws {
        try await RatingTests.withEvaluation(backend) { evaluation, db in
            try await RatingTests.seed(evaluation)
            let url = evaluation.baseURL + "/api/v1/evaluations/case-1"
            for role in [Role.districtStaff, .councilMember, .admin] {
                let read = try await http(.GET, url, headers: try await bearerIn("wuchang", role))
                #expect(read.status == 404 && !read.body.contains("老旧小区"), "\(role): \(read.status)")
            }
            let foreignDeputy = try await bearerIn("wuchang", .deputy, "dep-0001")
            #expect(try await http(.GET, url, headers: foreignDeputy).status == 404)
            #expect(try await http(.GET, evaluation.baseURL + "/api/v1/evaluations", headers: foreignDeputy).body == "[]")
            let rating = try await http(.POST, url + "/rating", json: #"{"satisfaction":"unsatisfied","contacted":false}"#, headers: foreignDeputy)
            #expect(rating.status == 404)
            // Nothing changed: no rating, no decision sent, the case still open for its own deputies.
            #expect(try await db.queryFirst("SELECT COUNT(*) AS n FROM deputy_ratings")?.int("n") == 0)
            #expect(try await RatingTests.decisions(db).isEmpty)

            let own = try await http(.GET, url, headers: try await bearer(.districtStaff))
            #expect(own.status == 200 && own.body.contains(#""status":"open""#))
            #expect(try await RatingTests.rate(evaluation, "dep-0001", .satisfied).status == 200)
            #expect(try await RatingTests.decisions(db) == ["1 satisfied"])
        }
    }
}
