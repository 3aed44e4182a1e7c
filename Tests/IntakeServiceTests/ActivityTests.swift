import Contracts
import Foundation
import IntakeService
import ServiceKit
import TestSupport
import Testing

@Suite("代表有约 activities")
struct ActivityTests {
    @Test("an announced activity is listed on its station; its outcome counts in the totals and goes to evaluation", arguments: Backend.allCases)
    func announceHoldCount(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, db in
            let staff = [("Authorization", "Bearer \(try await IntakeAPITests.token(.districtStaff))")]
            let start = Date().addingTimeInterval(3 * 24 * 3600)
            let announcement = """
                {"station":"jh-minzu-office","theme":"dialogue","mode":"receptionVisit","title":"加装电梯议事会",
                 "startsAt":"\(start.ISO8601Format())","endsAt":"\(start.addingTimeInterval(7200).ISO8601Format())",
                 "deputies":["dep-0001","dep-0088"],"invitedUnits":["区住房和城市更新局"]}
                """
            let created = try await http(.POST, intake.baseURL + "/api/v1/activities", json: announcement, headers: staff)
            #expect(created.status == 201, "\(created.body)")
            let id = try #require(try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: String])["id"] ?? ""

            let listed = try apiDecoder.decode([PublicActivity].self, from: Data(
                try await http(.GET, intake.baseURL + "/api/v1/stations/jh-minzu-office/activities").body.utf8))
            #expect(listed.map(\.title) == ["加装电梯议事会"])
            #expect(listed.first?.theme == .dialogue && listed.first?.invitedUnits == ["区住房和城市更新局"])

            let bad = announcement.replacingOccurrences(of: "dep-0088", with: "dep-9999")
            #expect(try await http(.POST, intake.baseURL + "/api/v1/activities", json: bad, headers: staff).status == 422)

            let outcome = #"{"deputiesPresent":["dep-0001","dep-0088"],"opinionsCollected":6,"resolvedOnSpot":2}"#
            #expect(try await http(.POST, intake.baseURL + "/api/v1/activities/\(id)/outcome", json: outcome, headers: staff).status == 200)
            #expect(try await http(.POST, intake.baseURL + "/api/v1/activities/\(id)/outcome", json: outcome, headers: staff).status == 409)
            // Held activities leave the public list of upcoming ones.
            #expect(try await http(.GET, intake.baseURL + "/api/v1/stations/jh-minzu-office/activities").body == "[]")

            let totals = try apiDecoder.decode([ActivityTotals].self, from: Data(
                try await http(.GET, intake.baseURL + "/api/v1/activities/totals", headers: staff).body.utf8))
            #expect(totals == [ActivityTotals(key: "minzu", activitiesHeld: 1, deputyAttendances: 2, issuesCollected: 6)])
            let byTheme = try apiDecoder.decode([ActivityTotals].self, from: Data(
                try await http(.GET, intake.baseURL + "/api/v1/activities/totals?by=theme", headers: staff).body.utf8))
            #expect(byTheme.map(\.key) == ["dialogue"])
            #expect(try await db.queryFirst("SELECT COUNT(*) AS n FROM outbox WHERE type = 'ActivityRecorded'")?.int("n") == 1)
        }
    }
}
