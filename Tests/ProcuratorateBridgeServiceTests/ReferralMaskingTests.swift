import Contracts
import Foundation
import IntakeService
import ProcuratorateBridgeService
import ServiceKit
import TestSupport
import Testing

/// A referral carries no personal data: a citizen's name, email, phone or ID numbers written into
/// the suggestion are masked in the signed document, the procuratorate's feed and the letter.
@Suite("Personal data in referrals")
struct ReferralMaskingTests {
    @Test("the signed document, the staff view, the feed and the letter show a citizen's email, name, phone and IDs masked", arguments: Backend.allCases)
    func referralIsMasked(backend: Backend) async throws {
        try await ReferralTests.withBridge(backend) { intake, bridge, _ in
            #expect(try await http(.POST, intake.baseURL + "/api/v1/admin/reference-data", json: try sampleDistrictFile(), headers: try await bearer(.admin)).status == 200)
            let deputy = try await bearer(.deputy, "dep-0001")
            let draft = try await http(.POST, intake.baseURL + "/api/v1/suggestions", json: """
                {"title":"关于府河排污的建议（举报人wang.xm@example.com）","body":"府河沿岸排污口长期排放污水。\(PersonalDataSample.text)","category":"environment"}
                """, headers: deputy)
            #expect(draft.status == 201, "\(draft.body)")
            let suggestion = try apiDecoder.decode(SuggestionView.self, from: Data(draft.body.utf8)).id
            #expect(try await http(.POST, intake.baseURL + "/api/v1/suggestions/\(suggestion)/submit", headers: deputy).status == 200)

            let staff = try await bearer(.districtStaff)
            let created = try await http(.POST, bridge.baseURL + "/api/v1/referrals", json: #"{"suggestion":"\#(suggestion)","fields":["ecology"]}"#, headers: staff)
            #expect(created.status == 201, "\(created.body)")
            let referral = try apiDecoder.decode(ReferralView.self, from: Data(created.body.utf8))
            let signed = String(decoding: try #require(Data(base64Encoded: referral.signedDocument)), as: UTF8.self)
            #expect(PersonalDataSample.leaks(in: signed) == [])
            #expect(signed.contains(PersonalDataSample.maskedEmail) && signed.contains("府河沿岸"))

            let procuratorate = try await bearer(.procuratorate, "jianghan-procuratorate")
            for (path, headers) in [("/api/v1/referrals/\(referral.id)", staff), ("/api/v1/procuratorate/referrals", procuratorate),
                                    ("/api/v1/procuratorate/referrals/\(referral.id)", procuratorate), ("/referrals/\(referral.id)/letter", procuratorate)] {
                let answer = try await http(.GET, bridge.baseURL + path, headers: headers)
                #expect(answer.status == 200, "\(path)")
                #expect(PersonalDataSample.leaks(in: answer.body) == [], "\(path)")
                #expect(answer.body.contains(PersonalDataSample.maskedEmail), "\(path)")
            }
        }
    }
}
