import Contracts
import EvaluationService
import Foundation
import IntakeService
import RoutingService
import ServiceKit
import SupervisionService
import TestSupport
import Testing

/// Steps 1–6 of the journey across real servers talking over HTTP on loopback: a citizen's
/// opinion becomes a deputy's suggestion, is routed, issued, returned by a unit, re-routed and
/// re-issued, handled to a reply, rated, and closed — with supervision restarted in the middle,
/// and the public board and the citizen's receipt checked along the way.
@Suite("Handling journey")
struct HandlingJourneyTests {
    struct Running {
        var intake: RunningService
        var routing: RunningService
        var supervision: RunningService
    }

    @Test("from a citizen's opinion to a closed case, with a return and re-route and a supervision restart", arguments: Backend.allCases)
    func journey(backend: Backend) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var ports: [ServiceName: Int] = [:]
        for service in [ServiceName.intake, .routing, .supervision, .evaluation] { ports[service] = try await reservePort() }
        func configuration(_ service: ServiceName, _ url: DatabaseURL) throws -> ServiceConfiguration {
            try testConfiguration(service, database: url, port: ports[service]!, peers: ports.filter { $0.key != service }, folder: folder,
                                  extra: ["YOUYUE_DEADLINE_SCAN_MS": "200"])
        }
        try await withFreshDatabaseURL(backend) { intakeURL in
            try await withFreshDatabaseURL(backend) { routingURL in
                try await withFreshDatabaseURL(backend) { supervisionURL in
                  try await withFreshDatabaseURL(backend) { evaluationURL in
                    let intake = try await startService(intakeService, configuration: configuration(.intake, intakeURL))
                    let routing = try await startService(routingService, configuration: configuration(.routing, routingURL))
                    var supervision = try await startService(supervisionService, configuration: configuration(.supervision, supervisionURL))
                    let evaluation = try await startService(evaluationService, configuration: configuration(.evaluation, evaluationURL))
                    do {
                        try await Self.drive(intake: intake, routing: routing, supervision: &supervision, evaluation: evaluation) {
                            try await startService(supervisionService, configuration: configuration(.supervision, supervisionURL))
                        }
                    } catch {
                        for service in [intake, routing, supervision, evaluation] { await service.stop() }
                        throw error
                    }
                    for service in [intake, routing, supervision, evaluation] { await service.stop() }
                  }
                }
            }
        }
    }

    static func drive(intake: RunningService, routing: RunningService, supervision: inout RunningService, evaluation: RunningService,
                      restartSupervision: () async throws -> RunningService) async throws {
        let admin = try await bearer(.admin)
        #expect(try await http(.POST, intake.baseURL + "/api/v1/admin/reference-data", json: try sampleDistrictFile(), headers: admin).status == 200)
        #expect(try await http(.POST, routing.baseURL + "/api/v1/admin/routing-data", json: try sampleDistrictFile(), headers: admin).status == 200)

        // 1–2. A citizen's opinion; the station's deputy turns it into a suggestion and submits it.
        let submitted = try await http(.POST, intake.baseURL + "/api/v1/opinions",
                                       json: #"{"station":"jh-minzu-office","category":"housingProperty","content":"如意社区3栋楼道灯坏了半年，物业一直不修"}"#)
        let opinion = try apiDecoder.decode(SubmissionAccepted.self, from: Data(submitted.body.utf8))
        let deputy = try await bearer(.deputy, "dep-0001")
        let draft = try await http(.POST, intake.baseURL + "/api/v1/suggestions", json: """
            {"title":"关于督促物业维修如意社区楼道照明的建议","body":"如意社区多栋楼道灯长期损坏，物业迟迟不修，居民夜间出行不便，建议街道督促物业限期维修并建立报修台账。","category":"housingProperty","opinions":["\(opinion.id)"]}
            """, headers: deputy)
        let suggestion = try apiDecoder.decode(SuggestionView.self, from: Data(draft.body.utf8)).id
        #expect(try await http(.POST, intake.baseURL + "/api/v1/suggestions/\(suggestion)/submit", headers: deputy).status == 200)

        // 3. Routing proposes street tier from the rules; the street's staff confirm.
        let streetStaff = try await bearer(.streetStaff, "staff-minzu", street: "minzu")
        #expect(try await eventually { try await http(.GET, routing.baseURL + "/api/v1/routings/\(suggestion)", headers: streetStaff).status == 200 })
        #expect(try await http(.POST, routing.baseURL + "/api/v1/routings/\(suggestion)/decision", json: "{}", headers: streetStaff).status == 200)
        #expect(try await eventually { try await receipt(intake, opinion.receiptCode).timeline.contains { $0.kind == "routed" } })

        // 4. Issued in a list: the street office leads, the housing bureau co-handles.
        #expect(try await http(.POST, routing.baseURL + "/api/v1/assignment-lists", json: #"{"title":"民族街道第一批","suggestions":["\#(suggestion)"]}"#,
                               headers: streetStaff).status == 201)
        let office = try await bearer(.unit, "clerk-office", unit: "minzu-office")
        let leadCase = try #require(try await eventually(within: .seconds(20)) { try await cases(supervision, office).count == 1 } ? cases(supervision, office).first : nil)
        #expect(try await board(supervision, suggestion)?.leadUnit == "minzu-office")

        // The office returns it (a community matter), within the window; routing gets it back.
        #expect(try await http(.POST, supervision.baseURL + "/api/v1/cases/\(leadCase.id)/return", json: #"{"reason":"属于如意社区物业管理事项"}"#, headers: office).status == 200)
        #expect(try await eventually { try await http(.GET, routing.baseURL + "/api/v1/routings/\(suggestion)", headers: streetStaff).body.contains(#""status":"returned""#) })
        #expect(try await http(.POST, routing.baseURL + "/api/v1/routings/\(suggestion)/decision", json: #"{"leadUnit":"minzu-c01","coUnits":["gov-housing"]}"#,
                               headers: streetStaff).status == 200)
        #expect(try await http(.POST, routing.baseURL + "/api/v1/assignment-lists", json: #"{"title":"民族街道第二批","suggestions":["\#(suggestion)"]}"#,
                               headers: streetStaff).status == 201)
        let community = try await bearer(.unit, "clerk-c01", unit: "minzu-c01")
        #expect(try await eventually(within: .seconds(20)) { try await cases(supervision, community).count == 1 })

        // Supervision restarts in the middle; nothing is lost.
        await supervision.stop()
        supervision = try await restartSupervision()
        let handling = try #require(try await cases(supervision, community).first)
        #expect(try await board(supervision, suggestion)?.leadUnitName == "如意社区居民委员会")

        // 5. The community accepts, meets the deputy, replies.
        let caseURL = supervision.baseURL + "/api/v1/cases/\(handling.id)"
        #expect(try await http(.POST, caseURL + "/accept", headers: community).status == 200)
        #expect(try await http(.POST, caseURL + "/contacts", json: #"{"method":"当面","day":"2026-11-27","summary":"与代表一起查看楼道"}"#, headers: community).status == 201)
        #expect(try await http(.POST, caseURL + "/reply", json: #"{"result":"A","text":"已督促物业更换全部楼道灯并建立报修台账。"}"#, headers: community).status == 200)
        #expect(try await eventually { try await receipt(intake, opinion.receiptCode).timeline.contains { $0.kind == "case.replied" } })

        // 6. The lead deputy rates in evaluation: unsatisfied sends the case back to the unit...
        let rating = evaluation.baseURL + "/api/v1/evaluations/\(handling.id)/rating"
        #expect(try await eventually { try await http(.GET, evaluation.baseURL + "/api/v1/evaluations/\(handling.id)", headers: deputy).status == 200 })
        #expect(try await http(.POST, rating, json: #"{"satisfaction":"unsatisfied","contacted":true,"comment":"只修了一栋"}"#, headers: deputy).status == 200)
        #expect(try await eventually { try await board(supervision, suggestion)?.status == .rehandling })
        #expect(try await http(.POST, caseURL + "/contacts", json: #"{"method":"电话","day":"2026-11-28","summary":"说明全部楼栋的维修安排"}"#, headers: community).status == 201)
        #expect(try await http(.POST, caseURL + "/reply", json: #"{"result":"A","text":"三栋楼道灯已全部更换，物业建立了报修台账。"}"#, headers: community).status == 200)
        // ...and the next reply, rated satisfied, closes it.
        #expect(try await eventually { try await http(.GET, evaluation.baseURL + "/api/v1/evaluations/\(handling.id)", headers: deputy).body.contains(#""round":2"#) })
        #expect(try await http(.POST, rating, json: #"{"satisfaction":"satisfied","contacted":true}"#, headers: deputy).status == 200)
        #expect(try await eventually { try await board(supervision, suggestion)?.status == .closed })
        #expect(try await eventually { try await receipt(intake, opinion.receiptCode).status == "closed" })

        // The citizen rates the result by receipt code, once; the results page shows both sides.
        let before = try await http(.GET, intake.baseURL + "/r/\(opinion.receiptCode)")
        #expect(before.body.contains(#"<form id="rating-form" method="post" action="/r/\#(opinion.receiptCode)/rating">"#))
        let cookie = try #require(cookiePair(before.headers, named: "yy_csrf"))
        let csrf = try #require(hiddenField(before.body, named: "csrf"))
        let rated = try await postForm(intake.baseURL + "/r/\(opinion.receiptCode)/rating", fields: [("csrf", csrf), ("satisfaction", "basicallySatisfied")],
                                       headers: [("Cookie", cookie)])
        #expect(rated.status == 303)
        #expect(try await http(.GET, intake.baseURL + "/r/\(opinion.receiptCode)").body.contains("您对办理结果的评价：<strong>基本满意</strong>"))
        #expect(try await http(.POST, intake.baseURL + "/api/v1/receipts/\(opinion.receiptCode)/rating", json: #"{"satisfaction":"satisfied"}"#).status == 409)
        #expect(try await eventually { try await http(.GET, evaluation.baseURL + "/results").body.contains("满意 0，基本满意 1，不满意 0") })
        let story = try await receipt(intake, opinion.receiptCode).timeline.map(\.kind)
        #expect(story.first == "received" && story.contains("case.returned") && story.contains("case.rehandling") && story.suffix(2) == ["case.closed", "rated"])
        let page = try await http(.GET, intake.baseURL + "/r/\(opinion.receiptCode)")
        #expect(page.body.contains("如意社区居民委员会") && page.body.contains("已办结"))
    }

    static func receipt(_ intake: RunningService, _ code: String) async throws -> Receipt {
        try apiDecoder.decode(Receipt.self, from: Data(try await http(.GET, intake.baseURL + "/api/v1/receipts/\(code)").body.utf8))
    }

    static func cases(_ supervision: RunningService, _ headers: [(String, String)]) async throws -> [CaseRecord] {
        try apiDecoder.decode([CaseRecord].self, from: Data(try await http(.GET, supervision.baseURL + "/api/v1/cases", headers: headers).body.utf8))
            .filter { $0.status != .returned }
    }

    static func board(_ supervision: RunningService, _ suggestion: String) async throws -> BoardEntry? {
        let answer = try await http(.GET, supervision.baseURL + "/api/v1/board/\(suggestion)")
        return answer.status == 200 ? try apiDecoder.decode(BoardEntry.self, from: Data(answer.body.utf8)) : nil
    }
}
