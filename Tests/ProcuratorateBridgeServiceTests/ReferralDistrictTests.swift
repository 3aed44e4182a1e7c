import Contracts
import Foundation
import IntakeService
import ProcuratorateBridgeService
import ServiceKit
import TestSupport
import Testing

/// The bridge refers only its own district's suggestions, never a confidential one, and does not
/// tell other districts which suggestion ids exist; checked against a real intake.
@Suite("Referrals across districts")
struct ReferralDistrictTests {
    /// The problem's words without its `instance` (the request path, which differs by id).
    static func problem(_ body: String) throws -> String {
        let problem = try apiDecoder.decode(Problem.self, from: Data(body.utf8))
        return "\(problem.status) \(problem.type) \(problem.title) \(problem.detail ?? "")"
    }

    @Test("another district's staff get the same 404 for a real and an unknown suggestion, and refer nothing", arguments: Backend.allCases)
    func otherDistricts(backend: Backend) async throws {
        try await ReferralTests.withBridge(backend) { intake, bridge, db in
            let suggestion = try await ReferralTests.submittedSuggestion(intake)
            for role in [Role.districtStaff, .admin] {
                let foreign = try await bearerIn("wuchang", role)
                let real = try await http(.GET, bridge.baseURL + "/api/v1/referrals/proposals/\(suggestion)", headers: foreign)
                let unknown = try await http(.GET, bridge.baseURL + "/api/v1/referrals/proposals/sg-doesnotexist", headers: foreign)
                #expect(real.status == 404 && unknown.status == 404)
                #expect(try Self.problem(real.body) == Self.problem(unknown.body))
                let referred = try await http(.POST, bridge.baseURL + "/api/v1/referrals", json: #"{"suggestion":"\#(suggestion)","fields":["ecology"]}"#, headers: foreign)
                #expect(referred.status == 404)
            }
            // Nothing signed, nothing sent to the board.
            #expect(try await db.queryFirst("SELECT COUNT(*) AS n FROM referrals")?.int("n") == 0)
            #expect(try await db.queryFirst("SELECT COUNT(*) AS n FROM outbox WHERE type = 'ProcuratorateProgress'")?.int("n") == 0)

            let staff = try await bearer(.districtStaff)
            #expect(try await http(.GET, bridge.baseURL + "/api/v1/referrals/proposals/\(suggestion)", headers: staff).status == 200)
            let created = try await http(.POST, bridge.baseURL + "/api/v1/referrals", json: #"{"suggestion":"\#(suggestion)","fields":["ecology"]}"#, headers: staff)
            #expect(created.status == 201, "\(created.body)")
        }
    }

    @Test("a confidential suggestion is never referred, not even by its own district's staff", arguments: Backend.allCases)
    func confidential(backend: Backend) async throws {
        try await ReferralTests.withBridge(backend) { intake, bridge, db in
            _ = try await ReferralTests.submittedSuggestion(intake) // loads the sample district
            let deputy = try await bearer(.deputy, "dep-0001")
            let draft = try await http(.POST, intake.baseURL + "/api/v1/suggestions", json: """
                {"title":"关于某涉密单位周边排污问题的建议","body":"某单位周边河道有排污口长期排放污水，水质发黑发臭，建议相关部门依法查处并修复河道生态。","category":"environment","confidential":true}
                """, headers: deputy)
            let id = try apiDecoder.decode(SuggestionView.self, from: Data(draft.body.utf8)).id
            #expect(try await http(.POST, intake.baseURL + "/api/v1/suggestions/\(id)/submit", headers: deputy).status == 200)

            let staff = try await bearer(.districtStaff)
            #expect(try await http(.GET, bridge.baseURL + "/api/v1/referrals/proposals/\(id)", headers: staff).status == 403)
            let referred = try await http(.POST, bridge.baseURL + "/api/v1/referrals", json: #"{"suggestion":"\#(id)","fields":["ecology"]}"#, headers: staff)
            #expect(referred.status == 403 && referred.body.contains("涉密"))
            #expect(try await db.queryFirst("SELECT COUNT(*) AS n FROM referrals")?.int("n") == 0)
            #expect(try await db.queryFirst("SELECT COUNT(*) AS n FROM outbox WHERE type = 'ProcuratorateProgress'")?.int("n") == 0)
        }
    }
}
