import Contracts
import EvaluationService
import Foundation
import ServiceKit
import TestSupport
import Testing

/// 优秀建议 / 优秀代表评选: a round from draft to published, with its members' votes.
@Suite("Selections")
struct SelectionTests {
    static func post(_ evaluation: RunningService, _ path: String, _ json: String, as headers: [(String, String)]) async throws -> (status: Int, body: String) {
        let answer = try await http(.POST, evaluation.baseURL + path, json: json, headers: headers)
        return (answer.status, answer.body)
    }

    @Test("staff nominate and propose, named members vote within their picks, the tally is published; others are refused", arguments: Backend.allCases)
    func selectionRound(backend: Backend) async throws {
        try await EvaluationFixture.run(backend) { evaluation, db in
            let f = EvaluationFixture.self
            for id in ["sg-1", "sg-2", "sg-3"] { try await f.suggestion(evaluation, id, title: "关于\(id)的建议") }
            try await f.reply(evaluation, case: "case-1", suggestion: "sg-1", unit: "gov-housing", unitName: "区住房和城市更新局")
            #expect(try await f.rate(evaluation, case: "case-1", .satisfied) == 200)

            let staff = try await bearer(.districtStaff, "staff-1")
            let round = #"{"kind":"excellentSuggestion","title":"2026年度优秀代表建议评选","period":"\#(f.thisYear)","members":["dep-0001","cm-1"],"picks":2}"#
            #expect(try await Self.post(evaluation, "/api/v1/selections", round, as: try await bearer(.deputy, "dep-0001")).status == 403)
            #expect(try await Self.post(evaluation, "/api/v1/selections", #"{"kind":"excellentSuggestion","title":"","period":"2026Q9","members":[],"picks":0}"#, as: staff).status == 422)
            let created = try await Self.post(evaluation, "/api/v1/selections", round, as: staff)
            #expect(created.status == 201)
            let id = try apiDecoder.decode(SelectionRound.self, from: Data(created.body.utf8)).id
            let base = "/api/v1/selections/\(id)"

            // Candidates: unknown suggestions are refused; the records propose the one closed satisfied.
            #expect(try await Self.post(evaluation, base + "/candidates", #"{"candidate":"sg-404"}"#, as: staff).status == 422)
            #expect(try await Self.post(evaluation, base + "/candidates", #"{"candidate":"sg-2","reason":"群众反映强烈"}"#, as: staff).status == 201)
            let proposed = try await Self.post(evaluation, base + "/candidates/proposed", "{}", as: staff)
            #expect(proposed.status == 201)
            let afterProposal = try apiDecoder.decode(SelectionRound.self, from: Data(proposed.body.utf8))
            #expect(afterProposal.candidates.map(\.candidate) == ["sg-2", "sg-1"])
            #expect(afterProposal.candidates.first { $0.candidate == "sg-1" }?.source == "proposed")
            #expect(try await Self.post(evaluation, base + "/candidates", #"{"candidate":"sg-3"}"#, as: staff).status == 201)

            let member = try await bearer(.deputy, "dep-0001"), council = try await bearer(.councilMember, "cm-1")
            // Not open yet.
            #expect(try await Self.post(evaluation, base + "/votes", #"{"candidates":["sg-1"]}"#, as: member).status == 409)
            #expect(try await Self.post(evaluation, base + "/publish", "{}", as: staff).status == 409)
            #expect(try await Self.post(evaluation, base + "/open", "{}", as: staff).status == 200)
            #expect(try await Self.post(evaluation, base + "/open", "{}", as: staff).status == 409)
            #expect(try await Self.post(evaluation, base + "/candidates", #"{"candidate":"sg-3"}"#, as: staff).status == 409)

            // A deputy who is not named may not vote.
            #expect(try await Self.post(evaluation, base + "/votes", #"{"candidates":["sg-1"]}"#, as: try await bearer(.deputy, "dep-0200")).status == 403)
            #expect(try await Self.post(evaluation, base + "/votes", #"{"candidates":["sg-1"]}"#, as: member).status == 200)
            #expect(try await Self.post(evaluation, base + "/votes", #"{"candidates":["sg-1"]}"#, as: member).status == 409)
            #expect(try await Self.post(evaluation, base + "/votes", #"{"candidates":["sg-2","sg-3"]}"#, as: member).status == 409)
            #expect(try await Self.post(evaluation, base + "/votes", #"{"candidates":["sg-404"]}"#, as: member).status == 422)
            let second = try await Self.post(evaluation, base + "/votes", #"{"candidates":["sg-2"]}"#, as: member)
            let secondView = try apiDecoder.decode(SelectionRound.self, from: Data(second.body.utf8))
            #expect(second.status == 200 && secondView.myVotes == ["sg-1", "sg-2"])
            #expect(try await Self.post(evaluation, base + "/votes", #"{"candidates":["sg-3"]}"#, as: member).status == 409)
            #expect(try await Self.post(evaluation, base + "/votes", #"{"candidates":["sg-1"]}"#, as: council).status == 200)

            // Running tally for staff only; nothing public until published.
            #expect(try await http(.GET, evaluation.baseURL + base + "/tally", headers: member).status == 403)
            #expect(try await http(.GET, evaluation.baseURL + base + "/results").status == 404)
            #expect(try await http(.GET, evaluation.baseURL + base, headers: try await bearer(.deputy, "dep-0200")).status == 404)

            #expect(try await Self.post(evaluation, base + "/close", "{}", as: staff).status == 200)
            #expect(try await Self.post(evaluation, base + "/votes", #"{"candidates":["sg-2"]}"#, as: council).status == 409)
            #expect(try await Self.post(evaluation, base + "/publish", "{}", as: staff).status == 200)

            let result = try apiDecoder.decode(SelectionResult.self, from: Data(try await http(.GET, evaluation.baseURL + base + "/results").body.utf8))
            #expect(result.candidates.map(\.candidate) == ["sg-1", "sg-2", "sg-3"])
            #expect(result.candidates.map(\.votes) == [2, 1, 0])
            #expect(result.candidates.map(\.selected) == [true, true, false])
            #expect(result.voters == 2 && result.members == 2)
            let publicList = try await http(.GET, evaluation.baseURL + "/api/v1/selections")
            #expect(publicList.body.contains(id) && !publicList.body.contains("cm-1"))
            let page = try await http(.GET, evaluation.baseURL + "/selections/\(id)")
            #expect(page.status == 200 && page.body.contains("2026年度优秀代表建议评选") && page.body.contains("当选") && page.body.contains("关于sg-1的建议"))

            let audited = try await db.query("SELECT action FROM audit_log WHERE entity = 'selection' ORDER BY sequence").map { try $0.string("action") }
            #expect(audited == ["selection.create", "selection.nominate", "selection.propose", "selection.nominate", "selection.open",
                                "selection.vote", "selection.vote", "selection.vote", "selection.close", "selection.publish"])
        }
    }

    @Test("excellent-deputy rounds propose the best deputies by performance", arguments: Backend.allCases)
    func deputyRound(backend: Backend) async throws {
        try await EvaluationFixture.run(backend) { evaluation, _ in
            try await PerformanceTests.seedWork(evaluation)
            let staff = try await bearer(.districtStaff, "staff-1")
            let created = try await Self.post(evaluation, "/api/v1/selections",
                                              #"{"kind":"excellentDeputy","title":"优秀代表","period":"\#(EvaluationFixture.thisYear)","members":["cm-1"],"picks":1}"#, as: staff)
            let id = try apiDecoder.decode(SelectionRound.self, from: Data(created.body.utf8)).id
            let proposed = try apiDecoder.decode(SelectionRound.self, from: Data(try await Self.post(evaluation, "/api/v1/selections/\(id)/candidates/proposed",
                                                                                                      #"{"limit":1}"#, as: staff).body.utf8))
            #expect(proposed.candidates.map(\.candidate) == ["dep-0001"])
            #expect(try await Self.post(evaluation, "/api/v1/selections/\(id)/candidates", #"{"candidate":"dep-9999"}"#, as: staff).status == 422)
            #expect(try await Self.post(evaluation, "/api/v1/selections/\(id)/candidates", #"{"candidate":"dep-0088"}"#, as: staff).status == 201)
        }
    }
}
