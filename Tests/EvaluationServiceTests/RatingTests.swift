import Contracts
import EvaluationService
import Foundation
import ServiceKit
import TestSupport
import Testing

/// Deputies rate replies and citizens rate results, over real HTTP, on both databases.
@Suite("Evaluation")
struct RatingTests {
    static func withEvaluation(_ backend: Backend, _ body: (RunningService, any Database) async throws -> Void) async throws {
        try await EvaluationFixture.run(backend, body)
    }

    static func seed(_ evaluation: RunningService, round: Int = 1, result: ReplyResult = .B) async throws {
        if round == 1 {
            try await deliver(.suggestionSubmitted, to: evaluation.baseURL, from: .intake, entity: "sg-1", body: SuggestionSubmittedBody(
                suggestion: "sg-1", title: "关于加快老旧小区加装电梯的建议", body: "……", category: "housingProperty", street: "minzu", place: nil,
                leadDeputy: "dep-0001", coSigners: ["dep-0088"], opinions: ["op-1"], submittedAt: Date()))
        }
        try await deliver(.replySubmitted, to: evaluation.baseURL, from: .supervision, entity: "case-1", sequence: Int64(round), body: ReplySubmittedBody(
            caseID: "case-1", suggestion: "sg-1", unit: "gov-housing", unitName: "区住房和城市更新局", round: round, result: result,
            text: "已列入年度计划。", leadDeputy: "dep-0001", repliedAt: Date()))
    }

    static func rate(_ evaluation: RunningService, _ deputy: String, _ satisfaction: Satisfaction) async throws -> (status: Int, body: String) {
        let answer = try await http(.POST, evaluation.baseURL + "/api/v1/evaluations/case-1/rating",
                                    json: #"{"satisfaction":"\#(satisfaction.rawValue)","contacted":true,"comment":"有沟通"}"#, headers: try await bearer(.deputy, deputy))
        return (answer.status, answer.body)
    }

    static func decisions(_ db: any Database) async throws -> [String] {
        try await db.query("SELECT body FROM outbox WHERE type = 'EvaluationRecorded' AND destination = 'supervision' ORDER BY id").map {
            let body = try apiDecoder.decode(EvaluationRecordedBody.self, from: Data(try $0.string("body").utf8))
            return "\(body.round) \(body.satisfaction.rawValue)"
        }
    }

    @Test("the lead deputy's rating decides: unsatisfied sends it back once, then escalates; a rating changes until the case closes", arguments: Backend.allCases)
    func deputyRatings(backend: Backend) async throws {
        try await Self.withEvaluation(backend) { evaluation, db in
            try await Self.seed(evaluation)
            let pending = try apiDecoder.decode([EvaluationView].self, from: Data(try await http(.GET, evaluation.baseURL + "/api/v1/evaluations",
                                                                                                    headers: try await bearer(.deputy, "dep-0088")).body.utf8))
            #expect(pending.map(\.caseID) == ["case-1"])
            #expect(try await http(.GET, evaluation.baseURL + "/api/v1/evaluations", headers: try await bearer(.deputy, "dep-0200")).body == "[]")
            #expect(try await Self.rate(evaluation, "dep-0200", .satisfied).status == 403)
            #expect(try await http(.GET, evaluation.baseURL + "/api/v1/evaluations/case-1", headers: try await bearer(.unit, unit: "gov-housing")).status == 403)

            // A co-signer's view is recorded but decides nothing.
            #expect(try await Self.rate(evaluation, "dep-0088", .satisfied).status == 200)
            #expect(try await Self.decisions(db).isEmpty)
            let first = try await Self.rate(evaluation, "dep-0001", .unsatisfied)
            #expect(first.status == 200 && first.body.contains(#""status":"rehandling""#))
            #expect(try await Self.decisions(db) == ["1 unsatisfied"])
            #expect(try await Self.rate(evaluation, "dep-0001", .satisfied).status == 409)

            try await Self.seed(evaluation, round: 2, result: .A)
            #expect(try await Self.rate(evaluation, "dep-0001", .unsatisfied).body.contains(#""status":"escalated""#))
            let changed = try await Self.rate(evaluation, "dep-0001", .basicallySatisfied)
            #expect(changed.status == 200 && changed.body.contains(#""status":"closed""#))
            #expect(try await Self.decisions(db) == ["1 unsatisfied", "2 unsatisfied", "2 basicallySatisfied"])
            #expect(try await Self.rate(evaluation, "dep-0001", .unsatisfied).status == 409)
        }
    }

    @Test("citizens' ratings and deputies' side by side on the results page; deputies' work recorded as facts", arguments: Backend.allCases)
    func results(backend: Backend) async throws {
        try await Self.withEvaluation(backend) { evaluation, db in
            try await Self.seed(evaluation)
            _ = try await Self.rate(evaluation, "dep-0001", .satisfied)
            for (opinion, satisfaction) in [("op-1", Satisfaction.satisfied), ("op-2", .unsatisfied), ("op-1", .unsatisfied)] {
                try await deliver(.publicRatingSubmitted, to: evaluation.baseURL, from: .intake, entity: opinion, sequence: Int64.random(in: 1...1000),
                                  body: PublicRatingSubmittedBody(suggestion: "sg-1", opinion: opinion, satisfaction: satisfaction, ratedAt: Date()))
            }
            let results = try apiDecoder.decode(Results.self, from: Data(try await http(.GET, evaluation.baseURL + "/api/v1/results").body.utf8))
            #expect(results.suggestions.count == 1)
            #expect(results.suggestions[0].deputyRating == .satisfied)
            // One rating per opinion: op-1's second rating is ignored.
            #expect(results.suggestions[0].publicRatings == SatisfactionCounts(satisfied: 1, basicallySatisfied: 0, unsatisfied: 1))
            #expect(results.units.map(\.unitName) == ["区住房和城市更新局"])
            let page = try await http(.GET, evaluation.baseURL + "/results")
            #expect(page.status == 200 && page.body.contains("关于加快老旧小区加装电梯的建议") && page.body.contains("满意 1，基本满意 0，不满意 1"))

            try await deliver(.opinionRecorded, to: evaluation.baseURL, from: .intake, entity: "op-9", body: OpinionRecordedBody(
                opinion: "op-9", station: "jh-minzu-office", street: "minzu", channel: .visit, category: "elderlyCare", recordedBy: "dep-0001", deputy: "dep-0001"))
            try await deliver(.opinionRecorded, to: evaluation.baseURL, from: .intake, entity: "op-10", body: OpinionRecordedBody(
                opinion: "op-10", station: "jh-minzu-office", street: "minzu", channel: .qrOnline, category: "elderlyCare", recordedBy: "citizen"))
            let facts = try await db.query("SELECT deputy, kind FROM deputy_facts ORDER BY deputy, kind").map { "\(try $0.string("deputy")) \(try $0.string("kind"))" }
            #expect(facts == ["dep-0001 opinionRecorded", "dep-0001 suggestionLed", "dep-0088 suggestionCoSigned"])
        }
    }
}
