import Contracts
import Foundation
import IntakeService
import ServiceKit
import TestSupport
import Testing

/// What a citizen writes may hold their own or someone else's phone, ID number, email or name;
/// the receipt (API and page) and Open311's `requests` show it masked.
@Suite("Personal data on intake's public answers")
struct IntakeMaskingTests {
    @Test("an opinion and its explanation with email, phone and ID numbers show masked on receipts and in Open311 requests", arguments: Backend.allCases)
    func receiptsAndOpen311AreMasked(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, db in
            let submitted = try await http(.POST, intake.baseURL + "/api/v1/opinions", json: """
                {"station":"jh-minzu-office","category":"housingProperty","content":"楼道灯坏了。\(PersonalDataSample.text)","place":"梅园街39号，wang.xm@example.com"}
                """)
            #expect(submitted.status == 201, "\(submitted.body)")
            let accepted = try apiDecoder.decode(SubmissionAccepted.self, from: Data(submitted.body.utf8))
            let deputy = try #require(try await db.queryFirst("SELECT code FROM deputies WHERE station = 'jh-minzu-office' ORDER BY code")?.string("code"))
            let token = try testToken(Principal(role: .deputy, subject: deputy, district: "jianghan"), lifetime: 600)
            let explained = try await http(.POST, intake.baseURL + "/api/v1/opinions/\(accepted.id)/triage",
                                           json: #"{"action":"explain","note":"已转物业处理，可联系 wang.xm@example.com。"}"#,
                                           headers: [("Authorization", "Bearer \(token)")])
            #expect(explained.status == 200, "\(explained.body)")

            for path in ["/api/v1/receipts/\(accepted.receiptCode)", "/r/\(accepted.receiptCode)",
                         "/open311/v2/requests.json?jurisdiction_id=jianghan", "/open311/v2/requests/\(accepted.id).json",
                         "/open311/v2/requests/\(accepted.id).xml"] {
                let answer = try await http(.GET, intake.baseURL + path)
                #expect(answer.status == 200, "\(path)")
                #expect(PersonalDataSample.leaks(in: answer.body) == [], "\(path)")
                #expect(answer.body.contains(PersonalDataSample.maskedEmail), "\(path)")
            }
        }
    }
}
