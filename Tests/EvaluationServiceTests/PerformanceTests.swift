import Contracts
import EvaluationService
import Foundation
import ServiceKit
import TestSupport
import Testing

/// 代表履职评价 from the facts the other services send, with the criteria as data.
@Suite("Deputy performance")
struct PerformanceTests {
    /// dep-0001 leads sg-1 (closed satisfied), attends one activity, records 12 opinions at one
    /// day's reception; dep-0088 co-signs and attends.
    static func seedWork(_ evaluation: RunningService) async throws {
        let f = EvaluationFixture.self
        try await f.suggestion(evaluation, "sg-1")
        try await f.activity(evaluation, "act-1", deputies: ["dep-0001", "dep-0088"])
        for index in 1...12 { try await f.opinion(evaluation, "op-\(index)", deputy: "dep-0001") }
        try await f.reply(evaluation, case: "case-1", suggestion: "sg-1", unit: "gov-housing", unitName: "区住房和城市更新局")
        #expect(try await f.rate(evaluation, case: "case-1", .satisfied) == 200)
    }

    @Test("a record per deputy and period from real messages: counts, weights, caps, total and rank; public list, detail and pages", arguments: Backend.allCases)
    func performanceFromFacts(backend: Backend) async throws {
        try await EvaluationFixture.run(backend) { evaluation, _ in
            try await Self.seedWork(evaluation)
            let year = EvaluationFixture.thisYear
            let list = try EvaluationFixture.decode(PerformanceList.self, try await http(.GET, evaluation.baseURL + "/api/v1/performance?period=\(year)"))
            // activity 5 + one reception day 4 + 12 opinions capped at 10 + led 6 + satisfied 4 = 29; co-signer: 5 + 2.
            #expect(list.deputies.map(\.deputy) == ["dep-0001", "dep-0088"])
            #expect(list.deputies.map(\.total) == [29, 7])
            #expect(list.deputies.map(\.rank) == [1, 2])
            #expect(list.deputies[0].page.hasSuffix("/performance/dep-0001?period=\(year)"))

            let record = try EvaluationFixture.decode(DeputyPerformance.self, try await http(.GET, evaluation.baseURL + "/api/v1/performance/dep-0001?period=\(year)"))
            let byKey = Dictionary(uniqueKeysWithValues: record.items.map { ($0.key, $0) })
            #expect(byKey["opinionsRecorded"]?.count == 12 && byKey["opinionsRecorded"]?.points == 10)
            #expect(byKey["receptionsHeld"]?.count == 1 && byKey["activitiesAttended"]?.count == 1)
            #expect(byKey["ratedSatisfied"]?.count == 1 && byKey["ratedSatisfied"]?.points == 4)
            #expect(record.total == 29)

            // The quarter holds the same work; another year none; the station page's query names deputies.
            let quarter = PerformancePeriod.init(year + "Q\((CivilDay(Date()).month - 1) / 3 + 1)")!.text
            let inQuarter = try EvaluationFixture.decode(PerformanceList.self, try await http(.GET, evaluation.baseURL + "/api/v1/performance?period=\(quarter)"))
            #expect(inQuarter.deputies.map(\.total) == [29, 7])
            let old = try EvaluationFixture.decode(PerformanceList.self, try await http(.GET, evaluation.baseURL + "/api/v1/performance?period=2020"))
            #expect(old.deputies.isEmpty && old.periodName == "2020年")
            let named = try EvaluationFixture.decode(PerformanceList.self, try await http(.GET, evaluation.baseURL + "/api/v1/performance?deputies=dep-0088,dep-0300"))
            #expect(named.deputies.map(\.deputy) == ["dep-0088", "dep-0300"] && named.deputies.map(\.total) == [7, 0])
            #expect(try await http(.GET, evaluation.baseURL + "/api/v1/performance?period=2026Q5").status == 422)
            #expect(try await http(.GET, evaluation.baseURL + "/api/v1/performance/dep-0300?period=bogus").status == 422)

            let criteria = try EvaluationFixture.decode(PerformanceCriteria.self, try await http(.GET, evaluation.baseURL + "/api/v1/performance/criteria"))
            #expect(criteria.items.count == 7 && criteria.items.contains { $0.source == .receptionHeld })

            let page = try await http(.GET, evaluation.baseURL + "/performance")
            #expect(page.status == 200 && page.body.contains("代表履职评价") && page.body.contains("/performance/dep-0001?period=\(year)"))
            let detail = try await http(.GET, evaluation.baseURL + "/performance/dep-0001")
            #expect(detail.status == 200 && detail.body.contains("29 分") && detail.body.contains("收集记录民意"))
        }
    }

    @Test("the pages name deputies from the names intake's messages carry, never by code; the header leads to the citizens' home",
          arguments: Backend.allCases)
    func deputiesByName(backend: Backend) async throws {
        try await EvaluationFixture.run(backend) { evaluation, _ in
            try await deliver(.suggestionSubmitted, to: evaluation.baseURL, from: .intake, entity: "sg-1", body: SuggestionSubmittedBody(
                suggestion: "sg-1", title: "建议", body: "……", category: "housingProperty", street: "minzu", place: nil,
                leadDeputy: "dep-0001", coSigners: ["dep-0088"], opinions: [], submittedAt: Date(),
                deputyNames: ["dep-0001": "高涵竹", "dep-0088": "旧名字"]))
            try await deliver(.activityRecorded, to: evaluation.baseURL, from: .intake, entity: "act-1", body: ActivityRecordedBody(
                activity: "act-1", station: "jh-minzu-office", street: "minzu", theme: .dialogue, mode: .receptionVisit,
                deputiesPresent: ["dep-0088"], opinionsCollected: 1, resolvedOnSpot: 0, heldAt: Date(), deputyNames: ["dep-0088": "严萱艳"]))
            try await deliver(.opinionRecorded, to: evaluation.baseURL, from: .intake, entity: "op-1", body: OpinionRecordedBody(
                opinion: "op-1", station: "jh-minzu-office", street: "minzu", channel: .reception, category: "elderlyCare",
                recordedBy: "dep-0300", deputy: "dep-0300", deputyName: "李明"))
            // An older sender's message carries no names: that deputy keeps the code.
            try await EvaluationFixture.opinion(evaluation, "op-2", deputy: "dep-0400")

            let page = try await http(.GET, evaluation.baseURL + "/performance")
            #expect(page.status == 200)
            for name in ["高涵竹", "严萱艳", "李明"] { #expect(page.body.contains(">\(name)</a>")) }
            #expect(!page.body.contains(">dep-0001<") && !page.body.contains("旧名字"))
            #expect(page.body.contains(">dep-0400</a>"))
            let detail = try await http(.GET, evaluation.baseURL + "/performance/dep-0001")
            #expect(detail.body.contains("<title>高涵竹 履职评价") && detail.body.contains("<h1>高涵竹代表履职评价</h1>") && !detail.body.contains("代表 dep-0001"))
            let list = try EvaluationFixture.decode(PerformanceList.self, try await http(.GET, evaluation.baseURL + "/api/v1/performance"))
            #expect(list.deputies.first { $0.deputy == "dep-0088" }?.name == "严萱艳")
            // Every public page's header leads to intake's home page, not to evaluation's own root.
            #expect(page.body.contains(#"<header class="site"><a href="http://127.0.0.1:8081/">代表有约</a></header>"#))
        }
    }

    @Test("a district's own criteria file changes the score; an unusable one stops the service at start", arguments: Backend.allCases)
    func criteriaFromFile(backend: Backend) async throws {
        let custom = """
            {"version": "测试标准", "items": [
              {"key": "led", "name": "领衔建议", "source": "suggestionLed", "weight": 50, "cap": 100},
              {"key": "receptions", "name": "接待", "source": "receptionHeld", "weight": 1.5, "cap": 1}
            ]}
            """
        try await EvaluationFixture.run(backend, files: ["performance-criteria.json": custom]) { evaluation, _ in
            try await Self.seedWork(evaluation)
            let list = try EvaluationFixture.decode(PerformanceList.self, try await http(.GET, evaluation.baseURL + "/api/v1/performance"))
            #expect(list.criteriaVersion == "测试标准")
            #expect(list.deputies.map(\.deputy) == ["dep-0001", "dep-0088"])
            #expect(list.deputies.map(\.total) == [51, 0])
            let criteria = try await http(.GET, evaluation.baseURL + "/api/v1/performance/criteria")
            #expect(criteria.body.contains("测试标准"))
        }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try #"{"version":"x","items":[{"key":"a","name":"a","source":"bribesTaken","weight":1,"cap":1}]}"#
            .write(toFile: folder + "/performance-criteria.json", atomically: true, encoding: .utf8)
        try await withFreshDatabaseURL(.sqlite) { url in
            await #expect(throws: PerformanceCriteriaError.self) {
                let service = try await startService(evaluationService, configuration: testConfiguration(.evaluation, database: url, folder: folder))
                await service.stop()
            }
        }
    }
}
