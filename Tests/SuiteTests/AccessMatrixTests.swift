import AdminKit
import Contracts
import EvaluationService
import Foundation
import IntakeService
import NIOHTTP1
import ProcuratorateBridgeService
import RoutingService
import ServiceKit
import SupervisionService
import TestSupport
import Testing

/// A first version of the access matrix: the demo story fills all six services with one
/// district's records, then every operation of every service's OpenAPI document that needs a
/// token is called by each of its roles from another district, which may share that district's
/// deputy and street codes. An operation that names a record must refuse (401, 403 or 404); one
/// that lists must show nothing of the other district; one that creates from other records must
/// refuse or find nothing; and no service records a change.
@Suite("Access matrix", .timeLimit(.minutes(5)))
struct AccessMatrixTests {
    /// The district the story runs in, and the one every caller of the walk comes from.
    static let home = "jianghan", other = "wuchang"

    /// Operations left out, with why. Every other operation with a token is walked.
    static let outOfScope: [String: String] = [
        "POST /internal/v1/messages": "service tokens only: the inbox's own checks are issue 22 item 3",
        "GET /internal/v1/outbox": "deployment-level operation of the admin CLI (its token names every district)",
        "POST /internal/v1/outbox/retry": "deployment-level operation of the admin CLI",
        "GET /internal/v1/audit/heads-seen": "deployment-level operation of the admin CLI",
        "POST /internal/v1/audit/verify": "deployment-level operation of the admin CLI",
        "GET /internal/v1/suggestions/{id}": "service tokens only (the bridge reads suggestions and checks their district itself)",
        "PUT /api/v1/units/{code}": "units are keyed by district and code: an admin saves their own district's unit of that code",
    ]

    /// Bodies for operations that read one before they look at the record, so that a refusal
    /// cannot hide behind a validation error; and, for operations that create from other records,
    /// a body naming the home district's records.
    static func body(_ operation: String, _ ids: [String: String]) throws -> String? {
        if ["POST /api/v1/admin/reference-data", "POST /api/v1/admin/routing-data"].contains(operation) { return try sampleDistrictFile() }
        return [
            "POST /api/v1/evaluations/{case}/rating": #"{"satisfaction":"unsatisfied","contacted":false}"#,
            "POST /api/v1/opinions/{id}/triage": #"{"action":"resolve","note":"现场已解决"}"#,
            "POST /api/v1/activities/{id}/outcome": #"{"deputiesPresent":["dep-0001"],"opinionsCollected":1,"resolvedOnSpot":0}"#,
            "POST /api/v1/procuratorate/referrals/{id}/reports": #"{"stage":"received"}"#,
            "PUT /api/v1/rules/{id}": #"{"category":"environment","street":"*","tier":"district","leadUnit":"gov-ecology","coUnits":[],"complex":false}"#,
            "POST /api/v1/suggestions/{id}/key": #"{"supervisor":"张主任","committee":"城乡建设环境保护工作委员会"}"#,
            "POST /api/v1/opinions/recorded": #"{"channel":"visit","opinion":{"station":"jh-minzu-office","category":"elderlyCare","content":"走访独居老人，反映助餐点太远"}}"#,
            "POST /api/v1/activities": """
                {"station":"jh-minzu-office","theme":"dialogue","mode":"receptionVisit","title":"议事会","startsAt":"2030-01-01T09:00:00+08:00",
                 "endsAt":"2030-01-01T11:00:00+08:00","deputies":["dep-0001"]}
                """,
            "POST /api/v1/suggestions": """
                {"title":"关于楼道照明的建议","body":"如意社区多栋楼道灯长期损坏，建议街道督促物业限期维修并建立报修台账。","category":"housingProperty","opinions":["\(ids["opinion"] ?? "")"]}
                """,
            "POST /api/v1/assignment-lists": #"{"title":"清单","suggestions":["\#(ids["suggestion"] ?? "")"]}"#,
            "POST /api/v1/referrals": #"{"suggestion":"\#(ids["suggestion"] ?? "")","fields":["ecology"]}"#,
        ][operation]
    }

    /// Which record a path parameter names: by its name, else by the collection before it.
    static func resource(parameter: String, after collection: String) -> String? {
        if ["suggestion", "case", "deputy", "promise"].contains(parameter) { return parameter }
        if parameter == "login" { return "account" }
        if collection == "clients" { return "client" }
        return [
            "opinions": "opinion", "suggestions": "suggestion", "activities": "activity", "units": "unit", "rules": "rule",
            "routings": "suggestion", "assignment-lists": "list", "cases": "case", "evaluations": "case", "selections": "selection",
            "referrals": "referral", "proposals": "proposal", "stations": "station", "receipts": "receipt", "r": "receipt", "s": "station",
        ][collection]
    }

    @Test("every operation with a token refuses callers from another district, shows them nothing and changes nothing", arguments: Backend.allCases)
    func otherDistrict(backend: Backend) async throws {
        try await Self.withFilledSuite(backend) { running, databases, ids in
            try await Self.walk(running, databases, ids, as: Self.other) { role in try await Self.caller(role) }
        }
    }

    @Test("within the district, another station's deputy, another street's staff and another unit are refused the records they do not hold", arguments: Backend.allCases)
    func otherScope(backend: Backend) async throws {
        try await Self.withFilledSuite(backend) { running, databases, ids in
            // dep-0200 sits at the Hualou station and signed nothing; the story's records are Minzu
            // street's, handled by its street office and the housing bureau.
            // Any deputy of the district may take up a procuratorial proposal: that is its purpose.
            try await Self.walk(running, databases, ids, as: "\(Self.home) (other station, street, unit)", namedRecordsOnly: true,
                                openToTheDistrict: ["POST /api/v1/suggestions/{id}/take-up"]) { role in
                switch role {
                case .deputy: try await bearer(.deputy, "dep-0200")
                case .streetStaff: try await bearer(.streetStaff, "staff-hualou", street: "hualou")
                case .unit: try await bearer(.unit, "clerk-police", unit: "gov-police")
                default: nil
                }
            }
        }
    }

    /// All six services on fresh databases of `backend`, filled by `fill`.
    static func withFilledSuite(_ backend: Backend, _ body: ([ServiceName: RunningService], [ServiceName: any Database], [String: String]) async throws -> Void) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let definitions = DemoStoryTests.definitions
        let ports = try await DemoStoryTests.freePorts()
        try await DemoStoryTests().withDatabases(backend, count: ServiceName.allCases.count) { urls in
            let databaseURLs = Dictionary(uniqueKeysWithValues: zip(ServiceName.allCases, urls))
            var running: [ServiceName: RunningService] = [:]
            var databases: [ServiceName: any Database] = [:]
            for service in ServiceName.allCases {
                running[service] = try await startService(definitions[service]!, configuration: testConfiguration(
                    service, database: databaseURLs[service]!, port: ports[service]!, peers: ports.filter { $0.key != service }, folder: folder,
                    extra: ["YOUYUE_OUTBOX_RETRY_CAP_MS": "1000"]))
                databases[service] = try openDatabase(databaseURLs[service]!, logger: testLogger)
            }
            do {
                try await body(running, databases, try await Self.fill(running, databases))
            } catch {
                for service in ServiceName.allCases { await databases[service]!.close(); await running[service]!.stop() }
                throw error
            }
            for service in ServiceName.allCases { await databases[service]!.close(); await running[service]!.stop() }
        }
    }

    /// The demo story plus an activity, a selection round and a procuratorial proposal; answers
    /// one id of each kind of record, read from the services' databases.
    static func fill(_ running: [ServiceName: RunningService], _ databases: [ServiceName: any Database]) async throws -> [String: String] {
        let admin = try await bearer(.admin)
        let url = running.mapValues(\.baseURL)
        #expect(try await http(.POST, url[.intake]! + "/api/v1/admin/reference-data", json: try sampleDistrictFile(), headers: admin).status == 200)
        #expect(try await http(.POST, url[.routing]! + "/api/v1/admin/routing-data", json: try sampleDistrictFile(), headers: admin).status == 200)
        let story = DemoStory(urls: url, signer: TestKeys.signer(.console), httpClient: .shared)
        try await story.run(say: { _ in })
        let start = Date().addingTimeInterval(3 * 24 * 3600)
        let activity = try await http(.POST, url[.intake]! + "/api/v1/activities", json: """
            {"station":"jh-minzu-office","theme":"dialogue","mode":"receptionVisit","title":"加装电梯议事会","startsAt":"\(start.ISO8601Format())",
             "endsAt":"\(start.addingTimeInterval(7200).ISO8601Format())","deputies":["dep-0001"]}
            """, headers: try await bearer(.deputy, "dep-0001"))
        #expect(activity.status == 201, "\(activity.body)")
        let round = try await http(.POST, url[.evaluation]! + "/api/v1/selections", json: """
            {"kind":"excellentSuggestion","title":"年度优秀代表建议评选","period":"\(CivilDay(Date()).year)","members":["dep-0001"],"picks":1}
            """, headers: try await bearer(.districtStaff))
        #expect(round.status == 201, "\(round.body)")
        let proposal = try await http(.POST, url[.procuratorateBridge]! + "/api/v1/procuratorate/proposals", json: """
            {"organ":"区市场监督管理局","issue":"校园周边食品摊贩无证经营","field":"foodDrug","date":"2026-11-27",
             "text":"经查，辖区多所小学周边存在无证食品摊贩，食品来源不明，存在食品安全隐患，建议依法整治并建立长效监管机制。"}
            """, headers: try await bearer(.procuratorate, "jianghan-procuratorate"))
        #expect(proposal.status == 201, "\(proposal.body)")
        let account = try await http(.POST, url[.console]! + "/api/v1/accounts", json: """
            {"login":"jh.deputy","displayName":"江汉代表","role":"deputy","district":"jianghan","deputy":"dep-0001"}
            """, headers: try await bearer(.admin, "jh-admin"))
        #expect(account.status == 201, "\(account.body)")
        let client = try await http(.POST, url[.console]! + "/api/v1/clients", json: """
            {"displayName":"江汉区检察院案件系统","role":"procuratorate","district":"jianghan"}
            """, headers: try await bearer(.admin, "jh-admin"))
        #expect(client.status == 201, "\(client.body)")
        let clientID = ((try? JSONSerialization.jsonObject(with: Data(client.body.utf8)) as? [String: Any])?["client"] as? [String: Any])?["clientID"] as? String
        for (service, base) in url {
            #expect(try await eventually(within: .seconds(30)) {
                try await http(.GET, base + "/internal/v1/outbox?status=pending", headers: admin).body == "[]"
            }, "\(service) still has messages waiting")
        }

        func first(_ service: ServiceName, _ sql: SQL) async throws -> String {
            try #require(try await databases[service]!.queryFirst(sql)?.string("id"), "no record for \(sql)")
        }
        return [
            "opinion": try await first(.intake, "SELECT id FROM opinions ORDER BY created_at LIMIT 1"),
            "receipt": try await first(.intake, "SELECT receipt_code AS id FROM opinions ORDER BY created_at LIMIT 1"),
            "suggestion": try await first(.intake, "SELECT id FROM suggestions WHERE status = 'submitted' LIMIT 1"),
            "activity": try await first(.intake, "SELECT id FROM activities LIMIT 1"),
            "station": "jh-minzu-office", "deputy": "dep-0001", "unit": "minzu-office",
            "rule": try await first(.routing, "SELECT id FROM routing_rules ORDER BY id LIMIT 1"),
            "list": try await first(.routing, "SELECT id FROM assignment_lists LIMIT 1"),
            "case": try await first(.supervision, "SELECT id FROM cases WHERE role = 'lead' LIMIT 1"),
            "promise": "promise-none",
            "selection": try await first(.evaluation, "SELECT id FROM selection_rounds LIMIT 1"),
            "referral": try await first(.procuratorateBridge, "SELECT id FROM referrals LIMIT 1"),
            "proposal": try await first(.procuratorateBridge, "SELECT id FROM proposals LIMIT 1"),
            "account": "jh.deputy",
            "client": try #require(clientID, "no client id in \(client.body)"),
        ]
    }

    /// The principal of `role` in the other district, sharing the home district's codes.
    static func caller(_ role: Role) async throws -> [(String, String)] {
        switch role {
        case .deputy: try await bearerIn(other, .deputy, "dep-0001")
        case .streetStaff: try await bearerIn(other, .streetStaff, "staff-minzu", street: "minzu")
        case .unit: try await bearerIn(other, .unit, "clerk-minzu", unit: "minzu-office")
        case .procuratorate: try await bearerIn(other, .procuratorate, "wuchang-procuratorate")
        default: try await bearerIn(other, role, "staff-\(role.rawValue)")
        }
    }

    /// Calls every operation as the principal `caller` gives for each of its roles (nil: that role
    /// is not walked); `namedRecordsOnly`: only operations that name a record; `openToTheDistrict`:
    /// operations left out because everyone of the role in the district may use them.
    static func walk(_ running: [ServiceName: RunningService], _ databases: [ServiceName: any Database], _ ids: [String: String], as label: String,
                     namedRecordsOnly: Bool = false, openToTheDistrict: Set<String> = [],
                     caller: (Role) async throws -> [(String, String)]?) async throws {
        let before = try await auditCounts(databases)
        // Record ids that must never show in another district's answers.
        let markers = ["opinion", "suggestion", "activity", "list", "case", "selection", "referral", "proposal", "receipt", "account", "client"].compactMap { ids[$0] }
        var walked = 0
        for (service, instance) in running.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let document = try #require(try JSONSerialization.jsonObject(with: Data(try await http(.GET, instance.baseURL + "/openapi.json").body.utf8)) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            for (path, methods) in paths.sorted(by: { $0.key < $1.key }) {
                for (method, value) in methods.sorted(by: { $0.key < $1.key }) {
                    guard let operation = value as? [String: Any], operation["security"] != nil else { continue } // public
                    let name = "\(method.uppercased()) \(path)"
                    if outOfScope[name] != nil || openToTheDistrict.contains(name) { continue }
                    guard let url = Self.url(path, ids) else {
                        Issue.record("\(service.rawValue) \(name): the matrix cannot name a record for it; add its collection to `resource`")
                        continue
                    }
                    let namesRecord = path.contains("{")
                    let body = try Self.body(name, ids)
                    // Creating in one's own district touches nobody else's records.
                    if method != "get", !namesRecord, body == nil { continue }
                    if namedRecordsOnly, !namesRecord { continue }
                    for role in roles(operation) where role != .service && role != .citizen {
                        guard let headers = try await caller(role) else { continue }
                        let answer = try await http(HTTPMethod(rawValue: method.uppercased()), instance.baseURL + url,
                                                    json: method == "get" ? nil : body ?? "{}", headers: headers)
                        walked += 1
                        let what = "\(service.rawValue) \(name) as \(label) \(role.rawValue): \(answer.status) \(answer.body.prefix(200))"
                        if namesRecord {
                            #expect([401, 403, 404].contains(answer.status), "\(what)")
                        } else if method == "get" {
                            #expect(answer.status >= 400 || markers.allSatisfy { !answer.body.contains($0) }, "\(what)")
                        } else {
                            #expect([401, 403, 404, 422].contains(answer.status), "\(what)")
                        }
                    }
                }
            }
        }
        #expect(walked > (namedRecordsOnly ? 20 : 60), "only \(walked) calls: the OpenAPI documents no longer list the operations?")
        let after = try await auditCounts(databases)
        for service in ServiceName.allCases where after[service] != before[service] {
            let added = try await databases[service]!.query("SELECT action, entity_id FROM audit_log WHERE sequence > \(before[service] ?? 0) ORDER BY sequence")
                .map { "\(try $0.string("action")) \(try $0.string("entity_id"))" }
            Issue.record("\(service.rawValue) recorded changes made as \(label): \(added)")
        }
    }

    /// The path with its parameters named by the home district's records; nil if one is unknown.
    static func url(_ path: String, _ ids: [String: String]) -> String? {
        var segments: [String] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: false).map(String.init) {
            guard segment.hasPrefix("{") else { segments.append(segment); continue }
            let parameter = String(segment.dropFirst().dropLast())
            guard let kind = resource(parameter: parameter, after: segments.last ?? ""), let id = ids[kind] else { return nil }
            segments.append(id)
        }
        return segments.joined(separator: "/")
    }

    /// The roles an operation allows, from `x-roles` or else from "Roles: …" in its description.
    static func roles(_ operation: [String: Any]) -> [Role] {
        if let listed = operation["x-roles"] as? [String] { return listed.compactMap(Role.init(rawValue:)) }
        guard let description = operation["description"] as? String, let range = description.range(of: "Roles: ") else { return [] }
        return description[range.upperBound...].split(separator: "\n").first.map {
            $0.split(separator: ",").compactMap { Role(rawValue: $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "."))) }
        } ?? []
    }

    static func auditCounts(_ databases: [ServiceName: any Database]) async throws -> [ServiceName: Int64] {
        var counts: [ServiceName: Int64] = [:]
        for (service, database) in databases {
            counts[service] = try await database.queryFirst("SELECT COALESCE(MAX(sequence), 0) AS n FROM audit_log")?.int("n") ?? 0
        }
        return counts
    }
}
