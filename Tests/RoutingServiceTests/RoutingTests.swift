import Contracts
import Foundation
import RoutingService
import ServiceKit
import TestSupport
import Testing

/// Routing as staff and the other services use it, over real HTTP, on both databases.
@Suite("Routing")
struct RoutingTests {
    /// A running routing service with the sample district's units and rules loaded.
    static func withSeededRouting(_ backend: Backend, _ body: (RunningService, any Database) async throws -> Void) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withFreshDatabaseURL(backend) { url in
            let routing = try await startService(routingService, configuration: testConfiguration(.routing, database: url, peers: [.intake: 9, .supervision: 9], folder: folder))
            let database = try openDatabase(url, logger: testLogger)
            do {
                let seeded = try await http(.POST, routing.baseURL + "/api/v1/admin/routing-data", json: try sampleDistrictFile(), headers: try await bearer(.admin))
                #expect(seeded.status == 200, "\(seeded.body)")
                try await body(routing, database)
            } catch {
                await database.close()
                await routing.stop()
                throw error
            }
            await database.close()
            await routing.stop()
        }
    }

    static func submit(_ routing: RunningService, _ suggestion: String, category: String, street: String) async throws {
        let answer = try await deliver(.suggestionSubmitted, to: routing.baseURL, from: .intake, entity: suggestion, body: SuggestionSubmittedBody(
            suggestion: suggestion, title: "关于\(category)的建议", body: "街道居民反映的问题，建议相关部门研究解决。", category: category,
            street: street, place: nil, leadDeputy: "dep-0001", coSigners: ["dep-0088"], opinions: [], submittedAt: Date()))
        #expect(answer.status == 200 && answer.body.contains("applied"), "\(answer.body)")
    }

    static func record(_ routing: RunningService, _ suggestion: String) async throws -> RoutingRecord {
        try apiDecoder.decode(RoutingRecord.self, from: Data(try await http(.GET, routing.baseURL + "/api/v1/routings/\(suggestion)", headers: try await bearer(.districtStaff)).body.utf8))
    }

    @Test("units and rules load from the district file once; editing a rule keeps its earlier version", arguments: Backend.allCases)
    func seedAndVersions(backend: Backend) async throws {
        try await Self.withSeededRouting(backend) { routing, db in
            #expect(try await db.queryFirst("SELECT COUNT(*) AS n FROM units")?.int("n") == 141)
            let again = try await http(.POST, routing.baseURL + "/api/v1/admin/routing-data", json: try sampleDistrictFile(), headers: try await bearer(.admin))
            #expect(again.body.contains(#""rulesChanged":0"#))

            let edit = try await http(.PUT, routing.baseURL + "/api/v1/rules/rule-environment-any", json: """
                {"category":"environment","street":"*","tier":"district","leadUnit":"gov-ecology","coUnits":["gov-urban"],"complex":true}
                """, headers: try await bearer(.districtStaff))
            #expect(edit.status == 200 && edit.body.contains(#""version":2"#), "\(edit.body)")
            let badUnit = try await http(.POST, routing.baseURL + "/api/v1/rules", json: """
                {"category":"environment","street":"minzu","tier":"district","leadUnit":"gov-nowhere","coUnits":[],"complex":false}
                """, headers: try await bearer(.districtStaff))
            #expect(badUnit.status == 422 && badUnit.body.contains("gov-nowhere"))
            #expect(try await http(.PUT, routing.baseURL + "/api/v1/rules/rule-environment-any", json: "{}", headers: try await bearer(.streetStaff, street: "minzu")).status == 403)

            let history = try apiDecoder.decode([RoutingRule].self, from: Data(try await http(.GET, routing.baseURL + "/api/v1/rules?history=true", headers: try await bearer(.districtStaff)).body.utf8))
            #expect(history.filter { $0.id == "rule-environment-any" }.map(\.version) == [1, 2])
            let current = try apiDecoder.decode([RoutingRule].self, from: Data(try await http(.GET, routing.baseURL + "/api/v1/rules", headers: try await bearer(.districtStaff)).body.utf8))
            #expect(current.count == 14 && current.first { $0.id == "rule-environment-any" }?.coUnits == ["gov-urban"])
        }
    }

    @Test("a submitted suggestion gets a proposal from the rules, with the rule and the reason", arguments: Backend.allCases)
    func proposals(backend: Backend) async throws {
        try await Self.withSeededRouting(backend) { routing, _ in
            try await Self.submit(routing, "sg-street", category: "housingProperty", street: "minzu")
            try await Self.submit(routing, "sg-municipal", category: "urbanConstruction", street: "changqing")
            try await Self.submit(routing, "sg-district", category: "urbanConstruction", street: "minzu")
            try await Self.submit(routing, "sg-unknown", category: "spaceTravel", street: "minzu")

            let street = try await Self.record(routing, "sg-street")
            #expect(street.status == .proposed && street.tier == .street && street.leadUnit == "minzu-office" && street.coUnits == ["gov-housing"])
            #expect(street.ruleID == "rule-housingProperty-any" && street.reason.contains("民族街道办事处"))
            // The street-specific rule wins over the category's any-street rule.
            let municipal = try await Self.record(routing, "sg-municipal")
            #expect(municipal.tier == .municipal && municipal.leadUnit == "municipal-congress" && municipal.complex)
            #expect(try await Self.record(routing, "sg-district").leadUnit == "gov-urban")
            let unknown = try await Self.record(routing, "sg-unknown")
            #expect(unknown.ruleID == nil && unknown.leadUnit == "gov-office" && unknown.reason.contains("没有适用"))

            // The same message again is acknowledged and applied once.
            let again = try await deliver(.suggestionSubmitted, to: routing.baseURL, from: .intake, entity: "sg-street", sequence: 1, body: SuggestionSubmittedBody(
                suggestion: "sg-street", title: "x", body: "x", category: "other", street: "minzu", place: nil, leadDeputy: "dep-0001",
                coSigners: [], opinions: [], submittedAt: Date()))
            #expect(again.body.contains("stale") || again.body.contains("duplicate"))
            #expect(try await Self.record(routing, "sg-street").category == "housingProperty")
        }
    }

    @Test("street staff decide their street's tier, district staff the rest; the decision goes to intake", arguments: Backend.allCases)
    func decisions(backend: Backend) async throws {
        try await Self.withSeededRouting(backend) { routing, db in
            try await Self.submit(routing, "sg-1", category: "housingProperty", street: "minzu")
            let url = routing.baseURL + "/api/v1/routings/sg-1/decision"
            #expect(try await http(.GET, routing.baseURL + "/api/v1/routings/sg-1", headers: try await bearer(.streetStaff, street: "hualou")).status == 404)
            #expect(try await http(.POST, url, json: "{}", headers: try await bearer(.streetStaff, street: "hualou")).status == 404)
            let lift = try await http(.POST, url, json: #"{"tier":"district","leadUnit":"gov-housing","coUnits":[]}"#, headers: try await bearer(.streetStaff, street: "minzu"))
            #expect(lift.status == 403)
            let wrongStreet = try await http(.POST, url, json: #"{"leadUnit":"hualou-office"}"#, headers: try await bearer(.streetStaff, street: "minzu"))
            #expect(wrongStreet.status == 422 && wrongStreet.body.contains("leadUnit"))
            let confirmed = try await http(.POST, url, json: "{}", headers: try await bearer(.streetStaff, "staff-minzu", street: "minzu"))
            #expect(confirmed.status == 200 && confirmed.body.contains(#""status":"confirmed""#), "\(confirmed.body)")

            let routed = try await db.query("SELECT destination, body FROM outbox WHERE type = 'SuggestionRouted'")
            #expect(try routed.map { try $0.string("destination") } == ["intake"])
            let body = try apiDecoder.decode(SuggestionRoutedBody.self, from: Data(try routed[0].string("body").utf8))
            #expect(body.tier == .street && body.leadUnitName == "民族街道办事处")
        }
    }

    @Test("an assignment list issues one AssignmentIssued per unit with its deadline; a lead unit's return sends it back to the queue", arguments: Backend.allCases)
    func listsAndReturns(backend: Backend) async throws {
        try await Self.withSeededRouting(backend) { routing, db in
            try await Self.submit(routing, "sg-a", category: "transport", street: "minzu")
            try await Self.submit(routing, "sg-b", category: "education", street: "hualou")
            let staff = try await bearer(.districtStaff, "staff-district")
            let early = try await http(.POST, routing.baseURL + "/api/v1/assignment-lists", json: #"{"title":"第一批交办清单","suggestions":["sg-a","sg-b"]}"#, headers: staff)
            #expect(early.status == 409 && early.body.contains("sg-a"))
            for id in ["sg-a", "sg-b"] {
                #expect(try await http(.POST, routing.baseURL + "/api/v1/routings/\(id)/decision", json: "{}", headers: staff).status == 200)
            }
            let issued = try await http(.POST, routing.baseURL + "/api/v1/assignment-lists", json: #"{"title":"第一批交办清单","suggestions":["sg-a","sg-b"]}"#, headers: staff)
            #expect(issued.status == 201, "\(issued.body)")
            let list = try apiDecoder.decode(AssignmentListView.self, from: Data(issued.body.utf8))
            // Transport has the police as co-unit; education is complex: 6 months instead of 3.
            #expect(list.assignments.map { "\($0.suggestion) \($0.role.rawValue) \($0.unit)" } == ["sg-a lead gov-transport", "sg-a coUnit gov-police", "sg-b lead gov-education"])
            let today = CivilDay(Date())
            let transport = try #require(CivilDay(list.assignments[0].deadline))
            let education = try #require(CivilDay(list.assignments[2].deadline))
            #expect(transport >= today.adding(months: 3) && transport <= today.adding(months: 3).adding(days: 10))
            #expect(education >= today.adding(months: 6) && education <= today.adding(months: 6).adding(days: 10))
            #expect(try await db.queryFirst("SELECT COUNT(*) AS n FROM outbox WHERE type = 'AssignmentIssued' AND destination = 'supervision'")?.int("n") == 3)
            #expect(try await http(.POST, routing.baseURL + "/api/v1/assignment-lists", json: #"{"title":"重复","suggestions":["sg-a"]}"#, headers: staff).status == 409)

            let lead = list.assignments[0]
            try await deliver(.assignmentReturned, to: routing.baseURL, from: .supervision, entity: lead.id, body: AssignmentReturnedBody(
                assignment: lead.id, suggestion: "sg-a", unit: "gov-transport", reason: "属于市交通运输局职责", returnedAt: Date()))
            let returned = try await Self.record(routing, "sg-a")
            #expect(returned.status == .returned && returned.returnReason?.contains("属于市交通运输局职责") == true)
            let rerouted = try await http(.POST, routing.baseURL + "/api/v1/routings/sg-a/decision", json: #"{"leadUnit":"gov-urban","coUnits":[]}"#, headers: staff)
            #expect(rerouted.status == 200)
            let second = try await http(.POST, routing.baseURL + "/api/v1/assignment-lists", json: #"{"title":"第二批交办清单","suggestions":["sg-a"]}"#, headers: staff)
            #expect(second.status == 201 && second.body.contains("gov-urban"))
            #expect(try await Self.record(routing, "sg-a").status == .issued)
        }
    }

    @Test("a municipal-tier suggestion is forwarded, and the municipal congress's answer reaches the receipt", arguments: Backend.allCases)
    func municipal(backend: Backend) async throws {
        try await Self.withSeededRouting(backend) { routing, db in
            try await Self.submit(routing, "sg-m", category: "urbanConstruction", street: "changqing")
            let staff = try await bearer(.districtStaff)
            #expect(try await http(.POST, routing.baseURL + "/api/v1/routings/sg-m/municipal-answer", json: #"{"answer":"已转市住建局研究办理"}"#, headers: staff).status == 409)
            #expect(try await http(.POST, routing.baseURL + "/api/v1/routings/sg-m/decision", json: "{}", headers: staff).body.contains(#""status":"forwarded""#))
            #expect(try await http(.POST, routing.baseURL + "/api/v1/assignment-lists", json: #"{"title":"清单","suggestions":["sg-m"]}"#, headers: staff).status == 409)
            let answered = try await http(.POST, routing.baseURL + "/api/v1/routings/sg-m/municipal-answer", json: #"{"answer":"市人大常委会已交市住建局办理，列入明年改造计划。"}"#, headers: staff)
            #expect(answered.status == 200 && answered.body.contains("municipalAnswered"))
            let message = try #require(try await db.queryFirst("SELECT destination, body FROM outbox WHERE type = 'CaseStatusChanged'"))
            #expect(try message.string("destination") == "intake" && (try message.string("body")).contains("列入明年改造计划"))
        }
    }
}
