import Contracts
import EvaluationService
import Foundation
import ServiceKit
import TestSupport
import Testing

/// Satisfaction statistics, the on-time-and-satisfied table, and 共享会 responses.
@Suite("Statistics and shared responses")
struct StatisticsTests {
    /// Three cases: housing replied on time and was rated satisfied; transport replied late and
    /// was rated unsatisfied; housing again without a known due day, basically satisfied.
    static func seedRatings(_ evaluation: RunningService) async throws {
        let f = EvaluationFixture.self
        try await f.suggestion(evaluation, "sg-1", category: "housingProperty", street: "minzu")
        try await f.suggestion(evaluation, "sg-2", category: "transport", street: "minzu")
        try await f.suggestion(evaluation, "sg-3", category: "housingProperty", street: "hanxing")
        try await f.reply(evaluation, case: "case-1", suggestion: "sg-1", unit: "gov-housing", unitName: "区住房和城市更新局", deadline: "2099-12-31")
        try await f.reply(evaluation, case: "case-2", suggestion: "sg-2", unit: "gov-transport", unitName: "区交通运输局", deadline: "2020-01-01")
        try await f.reply(evaluation, case: "case-3", suggestion: "sg-3", unit: "gov-housing", unitName: "区住房和城市更新局")
        #expect(try await f.rate(evaluation, case: "case-1", .satisfied) == 200)
        #expect(try await f.rate(evaluation, case: "case-2", .unsatisfied) == 200)
        #expect(try await f.rate(evaluation, case: "case-3", .basicallySatisfied) == 200)
        for (opinion, suggestion, satisfaction) in [("op-1", "sg-1", Satisfaction.satisfied), ("op-2", "sg-1", .satisfied),
                                                    ("op-3", "sg-2", .unsatisfied), ("op-4", "sg-3", .unsatisfied)] {
            try await deliver(.publicRatingSubmitted, to: evaluation.baseURL, from: .intake, entity: opinion,
                              body: PublicRatingSubmittedBody(suggestion: suggestion, opinion: opinion, satisfaction: satisfaction, ratedAt: Date()))
        }
    }

    static func statistics(_ evaluation: RunningService, by: String) async throws -> Statistics {
        try EvaluationFixture.decode(Statistics.self, try await http(.GET, evaluation.baseURL + "/api/v1/statistics?by=\(by)"))
    }

    @Test("deputy and public satisfaction by unit, street, category and quarter; on time and satisfied per unit, unknown due days not on time", arguments: Backend.allCases)
    func satisfactionStatistics(backend: Backend) async throws {
        try await EvaluationFixture.run(backend) { evaluation, _ in
            try await Self.seedRatings(evaluation)
            let byUnit = try await Self.statistics(evaluation, by: "unit")
            #expect(byUnit.groups.map(\.key) == ["gov-housing", "gov-transport"])
            let housing = byUnit.groups[0], transport = byUnit.groups[1]
            #expect(housing.name == "区住房和城市更新局")
            #expect(housing.deputy.satisfied == 1 && housing.deputy.basicallySatisfied == 1 && housing.deputy.total == 2 && housing.deputy.rate == 1)
            #expect(housing.public.satisfied == 2 && housing.public.unsatisfied == 1 && housing.public.total == 3 && housing.public.rate == 0.6667)
            #expect(transport.deputy.unsatisfied == 1 && transport.deputy.rate == 0 && transport.public.total == 1)

            let table = try #require(byUnit.onTime)
            #expect(table.map(\.unit) == ["gov-housing", "gov-transport"])
            #expect(table[0].cases == 2 && table[0].onTime == 1 && table[0].unknown == 1 && table[0].late == 0)
            #expect(table[0].satisfied == 2 && table[0].onTimeAndSatisfied == 1 && table[0].rate == 0.5)
            #expect(table[1].cases == 1 && table[1].late == 1 && table[1].satisfied == 0 && table[1].rate == 0)
            let onTime = try EvaluationFixture.decode([OnTimeRow].self, try await http(.GET, evaluation.baseURL + "/api/v1/statistics/on-time"))
            #expect(onTime == table)

            let byStreet = try await Self.statistics(evaluation, by: "street")
            #expect(byStreet.groups.map(\.key) == ["hanxing", "minzu"] && byStreet.onTime == nil)
            #expect(byStreet.groups[1].deputy.total == 2 && byStreet.groups[1].deputy.rate == 0.5 && byStreet.groups[1].public.total == 3)
            let byCategory = try await Self.statistics(evaluation, by: "category")
            #expect(byCategory.groups.map(\.key) == ["housingProperty", "transport"])
            #expect(byCategory.groups[0].deputy.total == 2 && byCategory.groups[0].public.satisfied == 2)
            let byQuarter = try await Self.statistics(evaluation, by: "quarter")
            #expect(byQuarter.groups.count == 1 && byQuarter.groups[0].deputy.total == 3 && byQuarter.groups[0].public.total == 4)
            #expect(byQuarter.groups[0].name.hasPrefix(EvaluationFixture.thisYear + "年第"))
            #expect(try await http(.GET, evaluation.baseURL + "/api/v1/statistics?by=weather").status == 422)
        }
    }

    @Test("a 共享会 response is published with the suggestions it answers; an unknown suggestion is refused", arguments: Backend.allCases)
    func sharedResponses(backend: Backend) async throws {
        try await EvaluationFixture.run(backend) { evaluation, db in
            try await EvaluationFixture.suggestion(evaluation, "sg-1", title: "关于老旧小区加装电梯的建议")
            try await EvaluationFixture.suggestion(evaluation, "sg-2", title: "关于电梯维保资金的建议")
            let body = { (suggestions: String) in
                #"{"title":"加装电梯共性问题答复","issue":"多件建议反映老旧小区加装电梯难。","responder":"区住房和城市更新局","response":"今年起统一补贴，联系电话 13912345678。","heldOn":"2026-11-20","suggestions":\#(suggestions)}"#
            }
            let staff = try await bearer(.districtStaff, "staff-1")
            let unknown = try await http(.POST, evaluation.baseURL + "/api/v1/shared-responses", json: body(#"["sg-1","sg-404"]"#), headers: staff)
            #expect(unknown.status == 422 && unknown.body.contains("sg-404"))
            #expect(try await http(.POST, evaluation.baseURL + "/api/v1/shared-responses", json: body(#"["sg-1"]"#), headers: try await bearer(.deputy, "dep-0001")).status == 403)
            #expect(try await http(.POST, evaluation.baseURL + "/api/v1/shared-responses", json: body(#"[]"#), headers: staff).status == 422)
            let created = try await http(.POST, evaluation.baseURL + "/api/v1/shared-responses", json: body(#"["sg-2","sg-1"]"#), headers: staff)
            #expect(created.status == 201)
            let response = try EvaluationFixture.decode(SharedResponse.self, created)
            #expect(response.suggestions.map(\.suggestion) == ["sg-1", "sg-2"])

            let list = try EvaluationFixture.decode([SharedResponse].self, try await http(.GET, evaluation.baseURL + "/api/v1/shared-responses"))
            #expect(list.map(\.id) == [response.id] && list[0].suggestions.map(\.title) == ["关于老旧小区加装电梯的建议", "关于电梯维保资金的建议"])
            #expect(try await http(.GET, evaluation.baseURL + "/api/v1/shared-responses/\(response.id)").status == 200)
            #expect(try await http(.GET, evaluation.baseURL + "/api/v1/shared-responses/shr-none").status == 404)
            let page = try await http(.GET, evaluation.baseURL + "/shared")
            #expect(page.status == 200 && page.body.contains("加装电梯共性问题答复") && page.body.contains("关于电梯维保资金的建议"))
            #expect(!page.body.contains("13912345678"))
            let audited = try await db.query("SELECT action FROM audit_log WHERE entity = 'sharedResponse'").map { try $0.string("action") }
            #expect(audited == ["shared.publish"])
        }
    }
}
