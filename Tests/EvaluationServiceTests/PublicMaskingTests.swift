import Contracts
import EvaluationService
import Foundation
import ServiceKit
import TestSupport
import Testing

/// 办理结果网上评 and 约您共享 are public: a title or a response carrying a citizen's phone, ID
/// numbers (18 and 15 digits), email or name shows masked, in the API as on the page.
@Suite("Personal data on evaluation's public pages")
struct PublicMaskingTests {
    static func expectMasked(_ evaluation: RunningService, _ paths: [String]) async throws {
        for path in paths {
            let answer = try await http(.GET, evaluation.baseURL + path)
            #expect(answer.status == 200, "\(path)")
            #expect(PersonalDataSample.leaks(in: answer.body) == [], "\(path)")
            #expect(answer.body.contains(PersonalDataSample.maskedEmail), "\(path)")
        }
    }

    @Test("suggestion titles on /results and /api/v1/results are masked", arguments: Backend.allCases)
    func resultsAreMasked(backend: Backend) async throws {
        try await EvaluationFixture.run(backend) { evaluation, _ in
            try await EvaluationFixture.suggestion(evaluation, "sg-1", title: "关于加装电梯的建议（\(PersonalDataSample.text)）")
            try await EvaluationFixture.reply(evaluation, case: "case-1", suggestion: "sg-1", unit: "gov-housing", unitName: "区住房和城市更新局")
            #expect(try await EvaluationFixture.rate(evaluation, case: "case-1", .satisfied) == 200)
            try await Self.expectMasked(evaluation, ["/results", "/api/v1/results"])
        }
    }

    @Test("a 共享会 response's title, issue, response and suggestion titles are masked in its API as on its page", arguments: Backend.allCases)
    func sharedResponsesAreMasked(backend: Backend) async throws {
        try await EvaluationFixture.run(backend) { evaluation, _ in
            try await EvaluationFixture.suggestion(evaluation, "sg-1", title: "关于加装电梯的建议（\(PersonalDataSample.text)）")
            let text = PersonalDataSample.text
            let created = try await http(.POST, evaluation.baseURL + "/api/v1/shared-responses", json: """
                {"title":"答复：\(text)","issue":"共性问题：\(text)","responder":"区住房和城市更新局","response":"答复内容：\(text)","heldOn":"2026-11-20","suggestions":["sg-1"]}
                """, headers: try await bearer(.districtStaff, "staff-1"))
            #expect(created.status == 201)
            let id = try EvaluationFixture.decode(SharedResponse.self, created).id
            try await Self.expectMasked(evaluation, ["/api/v1/shared-responses", "/api/v1/shared-responses/\(id)", "/shared", "/shared/\(id)"])
        }
    }
}
