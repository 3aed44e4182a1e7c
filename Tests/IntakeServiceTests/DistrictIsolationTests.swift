import Contracts
import Foundation
import IntakeService
import ServiceKit
import TestSupport
import Testing

/// One district never sees or changes another's records, although deputy codes ("dep-0001") and
/// street codes ("minzu") may repeat across the districts one deployment serves; and within a
/// district a deputy acts only at their own station, street staff only in their street.
@Suite("Intake across districts, streets and stations")
struct IntakeDistrictTests {
    static let draft = """
        {"title":"关于加快老旧小区加装电梯的建议","body":"民族街道多个老旧小区居民反映加装电梯审批慢、补贴到位慢，建议简化审批流程并公开补贴进度。","category":"housingProperty","coSigners":["dep-0088"]}
        """

    @Test("a same-code deputy of another district gets 404 on a suggestion and cannot confirm or submit it", arguments: Backend.allCases)
    func suggestions(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, _ in
            let created = try await http(.POST, intake.baseURL + "/api/v1/suggestions", json: Self.draft, headers: try await bearer(.deputy, "dep-0001"))
            #expect(created.status == 201, "\(created.body)")
            let id = try apiDecoder.decode(SuggestionView.self, from: Data(created.body.utf8)).id
            let url = intake.baseURL + "/api/v1/suggestions/\(id)"
            let read = try await http(.GET, url, headers: try await bearerIn("wuchang", .deputy, "dep-0001"))
            #expect(read.status == 404 && !read.body.contains("加装电梯"))
            #expect(try await http(.POST, url + "/confirm", headers: try await bearerIn("wuchang", .deputy, "dep-0088")).status == 404)
            #expect(try await http(.POST, url + "/submit", headers: try await bearerIn("wuchang", .deputy, "dep-0001")).status == 404)

            let own = try await http(.GET, url, headers: try await bearer(.deputy, "dep-0001"))
            #expect(own.status == 200 && own.body.contains(#""status":"draft""#) && own.body.contains(#""district":"jianghan""#))
        }
    }

    @Test("another district's admin cannot load this district's reference data; its own admin and the deployment's can", arguments: Backend.allCases)
    func referenceData(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, db in
            let url = intake.baseURL + "/api/v1/admin/reference-data"
            let moved = try sampleDistrictFile().replacingOccurrences(of: "民族街道", with: "被改名的街道")
            #expect(try await http(.POST, url, json: moved, headers: try await bearerIn("wuchang", .admin)).status == 403)
            #expect(try await db.queryFirst("SELECT COUNT(*) AS n FROM streets WHERE name LIKE '%被改名%'")?.int("n") == 0)
            #expect(try await http(.POST, url, json: try sampleDistrictFile(), headers: try await bearer(.admin)).status == 200)
            #expect(try await http(.POST, url, json: try sampleDistrictFile(), headers: try await bearerIn("*", .admin)).status == 200)
        }
    }

    @Test("opinions are recorded only at a station of one's own district, street and (for deputies) station", arguments: Backend.allCases)
    func recordedOpinions(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, db in
            let url = intake.baseURL + "/api/v1/opinions/recorded"
            let body = #"{"channel":"visit","opinion":{"station":"jh-minzu-office","category":"elderlyCare","content":"走访独居老人，反映助餐点太远"}}"#
            for headers in [try await bearerIn("wuchang", .deputy, "dep-0001"), try await bearerIn("wuchang", .streetStaff, street: "minzu"),
                            try await bearerIn("wuchang", .districtStaff), try await bearerIn("wuchang", .admin)] {
                #expect(try await http(.POST, url, json: body, headers: headers).status == 403)
            }
            #expect(try await IntakeAPITests.count(db, "opinions") == 0)
            #expect(try await http(.POST, url, json: body, headers: try await bearer(.deputy, "dep-0001")).status == 201)
            #expect(try await http(.POST, url, json: body, headers: try await bearer(.streetStaff, street: "minzu")).status == 201)
            #expect(try await IntakeAPITests.count(db, "opinions") == 2)
        }
    }

    @Test("activities are announced and recorded only at one's own station, street and district", arguments: Backend.allCases)
    func activities(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, db in
            let start = Date().addingTimeInterval(3 * 24 * 3600)
            let announcement = """
                {"station":"jh-minzu-office","theme":"dialogue","mode":"receptionVisit","title":"加装电梯议事会",
                 "startsAt":"\(start.ISO8601Format())","endsAt":"\(start.addingTimeInterval(7200).ISO8601Format())","deputies":["dep-0001","dep-0088"]}
                """
            let url = intake.baseURL + "/api/v1/activities"
            // dep-0200 sits at the Hualou station; the others are another district's or street's.
            for headers in [try await bearer(.deputy, "dep-0200"), try await bearer(.streetStaff, street: "hualou"),
                            try await bearerIn("wuchang", .deputy, "dep-0001"), try await bearerIn("wuchang", .streetStaff, street: "minzu"),
                            try await bearerIn("wuchang", .districtStaff)] {
                #expect(try await http(.POST, url, json: announcement, headers: headers).status == 403)
            }
            #expect(try await IntakeAPITests.count(db, "activities") == 0)
            let created = try await http(.POST, url, json: announcement, headers: try await bearer(.deputy, "dep-0001"))
            #expect(created.status == 201, "\(created.body)")
            let id = try #require(try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: String])["id"] ?? ""

            let outcome = #"{"deputiesPresent":["dep-0001","dep-0088"],"opinionsCollected":6,"resolvedOnSpot":2}"#
            for (headers, status) in [(try await bearer(.deputy, "dep-0200"), 403), (try await bearer(.streetStaff, street: "hualou"), 403),
                                      (try await bearerIn("wuchang", .deputy, "dep-0001"), 404), (try await bearerIn("wuchang", .streetStaff, street: "minzu"), 404)] {
                #expect(try await http(.POST, url + "/\(id)/outcome", json: outcome, headers: headers).status == status)
            }
            // Nothing was recorded for the performance records.
            #expect(try await db.queryFirst("SELECT COUNT(*) AS n FROM outbox WHERE type = 'ActivityRecorded'")?.int("n") == 0)
            #expect(try await http(.POST, url + "/\(id)/outcome", json: outcome, headers: try await bearer(.deputy, "dep-0088")).status == 200)
            #expect(try await db.queryFirst("SELECT COUNT(*) AS n FROM outbox WHERE type = 'ActivityRecorded'")?.int("n") == 1)
        }
    }
}
