import Contracts
import Foundation
import ServiceKit
import SupervisionService
import TestSupport
import Testing

/// 办理过程网上晒 shows what units write, so a progress note with a citizen's contact must reach
/// the public board masked, on the page and in its API.
@Suite("Personal data on the public board")
struct BoardMaskingTests {
    @Test("a unit's progress note and a title with email, phone and ID numbers show masked on /board and /api/v1/board", arguments: Backend.allCases)
    func progressNoteIsMasked(backend: Backend) async throws {
        try await CaseTests.withSupervision(backend) { supervision, db in
            try await deliver(.assignmentIssued, to: supervision.baseURL, from: .routing, entity: "asg-pd", body: AssignmentIssuedBody(
                assignment: "asg-pd", list: "list-1", suggestion: "sg-pd", title: "关于加装电梯的建议（邮箱wang.xm@example.com）", body: "建议公开补贴进度。",
                category: "housingProperty", street: "minzu", tier: .district, unit: "gov-housing", unitName: "区住房和城市更新局",
                role: .lead, leadUnit: "gov-housing", coUnits: [], leadDeputy: "dep-0001", coSigners: [], complex: false,
                deadline: "2099-12-31", issuedAt: Date(), confidential: false))
            let id = try #require(try await db.queryFirst("SELECT id FROM cases WHERE assignment = 'asg-pd'")?.string("id"))
            let housing = try await bearer(.unit, "clerk", unit: "gov-housing")
            let accepted = try await http(.POST, supervision.baseURL + "/api/v1/cases/\(id)/accept", headers: housing)
            #expect(accepted.status == 200, "\(accepted.body)")
            let note = #"{"note":"已电话联系反映人。\#(PersonalDataSample.text)"}"#
            let progressed = try await http(.POST, supervision.baseURL + "/api/v1/cases/\(id)/progress", json: note, headers: housing)
            #expect(progressed.status == 200, "\(progressed.body)")

            for path in ["/board/sg-pd", "/board", "/api/v1/board", "/api/v1/board/sg-pd"] {
                let answer = try await http(.GET, supervision.baseURL + path)
                #expect(answer.status == 200)
                #expect(PersonalDataSample.leaks(in: answer.body) == [], "\(path)")
                #expect(answer.body.contains(PersonalDataSample.maskedEmail), "\(path)")
            }
        }
    }
}
