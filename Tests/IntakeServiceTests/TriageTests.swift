import Contracts
import Foundation
import IntakeService
import ServiceKit
import TestSupport
import Testing

/// Deputies and staff triage the ledger: similar opinions first, then attach, merge, resolve or
/// explain, each audited, each visible on the citizen's receipt.
@Suite("Triage")
struct TriageTests {
    static func headers(_ role: Role, _ subject: String, street: String? = nil) async throws -> [(String, String)] {
        let token = try testToken(
            Principal(role: role, subject: subject, district: "jianghan", street: street), lifetime: 600)
        return [("Authorization", "Bearer \(token)")]
    }

    static func submit(_ intake: RunningService, _ content: String, station: String = "jh-minzu-office",
                       category: String = "housingProperty") async throws -> SubmissionAccepted {
        let reply = try await http(.POST, intake.baseURL + "/api/v1/opinions",
                                   json: #"{"station":"\#(station)","category":"\#(category)","content":"\#(content)"}"#)
        #expect(reply.status == 201, "\(reply.body)")
        return try apiDecoder.decode(SubmissionAccepted.self, from: Data(reply.body.utf8))
    }

    static func receipt(_ intake: RunningService, _ code: String) async throws -> Receipt {
        try apiDecoder.decode(Receipt.self, from: Data(try await http(.GET, intake.baseURL + "/api/v1/receipts/\(code)").body.utf8))
    }

    @Test("the most similar open opinions of the same street and category come first", arguments: Backend.allCases)
    func similarFirst(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, _ in
            let subject = try await Self.submit(intake, "民族街道老旧小区加装电梯审批太慢，希望加快")
            let close = try await Self.submit(intake, "老旧小区加装电梯审批慢，居民等了两年", station: "jh-minzu-c01-reception")
            let far = try await Self.submit(intake, "楼道里的灯坏了没人修")
            _ = try await Self.submit(intake, "老旧小区加装电梯审批太慢", category: "transport") // another category
            _ = try await Self.submit(intake, "老旧小区加装电梯审批太慢", station: "jh-hualou-office") // another street

            let reply = try await http(.GET, intake.baseURL + "/api/v1/opinions/\(subject.id)/similar",
                                       headers: try await Self.headers(.streetStaff, "staff-minzu", street: "minzu"))
            #expect(reply.status == 200, "\(reply.body)")
            let similar = try apiDecoder.decode([SimilarOpinion].self, from: Data(reply.body.utf8))
            #expect(similar.map(\.id) == [close.id, far.id])
            #expect(similar[0].similarity > 0.4 && similar[1].similarity < 0.1)

            // Street staff of another street cannot even see that the opinion exists.
            let other = try await http(.GET, intake.baseURL + "/api/v1/opinions/\(subject.id)/similar",
                                       headers: try await Self.headers(.streetStaff, "staff-hualou", street: "hualou"))
            #expect(other.status == 404)
        }
    }

    @Test("merging, attaching, resolving and explaining change status and receipt, and are audited with who did it", arguments: Backend.allCases)
    func triageActions(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, db in
            let deputy = try await Self.headers(.deputy, "dep-0001")
            let carrier = try await Self.submit(intake, "小区加装电梯补贴迟迟不到位")
            let duplicate = try await Self.submit(intake, "加装电梯的补贴什么时候发")
            let onSpot = try await Self.submit(intake, "活动室的空调遥控器丢了")
            let outOfScope = try await Self.submit(intake, "希望调整全国的个税起征点")

            let merge = try await http(.POST, intake.baseURL + "/api/v1/opinions/\(duplicate.id)/triage", json: #"{"action":"merge","into":"\#(carrier.id)"}"#, headers: deputy)
            #expect(merge.status == 200 && merge.body.contains(#""status":"merged""#), "\(merge.body)")
            let again = try await http(.POST, intake.baseURL + "/api/v1/opinions/\(duplicate.id)/triage", json: #"{"action":"resolve","note":"已处理"}"#, headers: deputy)
            #expect(again.status == 409)

            // A draft suggestion, then the carrier attached to it: the merged duplicate follows.
            let draft = try await http(.POST, intake.baseURL + "/api/v1/suggestions", json: """
                {"title":"关于加快发放加装电梯补贴的建议","body":"多位居民反映加装电梯补贴迟迟不到位，建议公开补贴审核进度并限时发放到位。","category":"housingProperty"}
                """, headers: deputy)
            let suggestion = try apiDecoder.decode(SuggestionView.self, from: Data(draft.body.utf8))
            let attach = try await http(.POST, intake.baseURL + "/api/v1/opinions/\(carrier.id)/triage", json: #"{"action":"attach","suggestion":"\#(suggestion.id)"}"#, headers: deputy)
            #expect(attach.status == 200, "\(attach.body)")
            #expect(try await Self.receipt(intake, duplicate.receiptCode).status == "inSuggestion")
            #expect(try await Self.receipt(intake, duplicate.receiptCode).timeline.map(\.kind) == ["received", "merged", "inSuggestion"])

            let resolve = try await http(.POST, intake.baseURL + "/api/v1/opinions/\(onSpot.id)/triage", json: #"{"action":"resolve","note":"社区当场补配了遥控器"}"#, headers: deputy)
            #expect(resolve.status == 200)
            #expect(try await Self.receipt(intake, onSpot.receiptCode).timeline.last?.note == "已现场解决：社区当场补配了遥控器")

            let missingNote = try await http(.POST, intake.baseURL + "/api/v1/opinions/\(outOfScope.id)/triage", json: #"{"action":"explain"}"#, headers: deputy)
            #expect(missingNote.status == 422 && missingNote.body.contains("note"))
            let explain = try await http(.POST, intake.baseURL + "/api/v1/opinions/\(outOfScope.id)/triage",
                                         json: #"{"action":"explain","note":"个税起征点由全国人大常委会决定，已转告上级人大代表。"}"#, headers: deputy)
            #expect(explain.status == 200)
            let explained = try await Self.receipt(intake, outOfScope.receiptCode)
            #expect(explained.status == "explained" && explained.explanation == "个税起征点由全国人大常委会决定，已转告上级人大代表。")

            // A deputy of another station cannot triage this station's opinions.
            let foreign = try await http(.POST, intake.baseURL + "/api/v1/opinions/\(carrier.id)/triage", json: #"{"action":"resolve","note":"已解决"}"#,
                                         headers: try await Self.headers(.deputy, "dep-0200"))
            #expect(foreign.status == 404)

            let audited = try await db.query("SELECT actor, action FROM audit_log WHERE action LIKE 'opinion.triage.%' ORDER BY sequence")
            #expect(try audited.map { try $0.string("actor") + " " + $0.string("action") } == [
                "dep-0001 opinion.triage.merge", "dep-0001 opinion.triage.attach", "dep-0001 opinion.triage.resolve", "dep-0001 opinion.triage.explain",
            ])
        }
    }

    @Test("deputies record opinions heard in person at their own station, staff within their street", arguments: Backend.allCases)
    func recordedByDeputies(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, db in
            let body = #"{"channel":"visit","opinion":{"station":"jh-minzu-office","category":"elderlyCare","content":"走访独居老人，反映助餐点太远"}}"#
            let recorded = try await http(.POST, intake.baseURL + "/api/v1/opinions/recorded", json: body, headers: try await Self.headers(.deputy, "dep-0001"))
            #expect(recorded.status == 201, "\(recorded.body)")
            let row = try await db.queryFirst("SELECT channel, recorded_by FROM opinions WHERE recorded_by = 'dep-0001'")
            #expect(try row?.string("channel") == "visit")

            #expect(try await http(.POST, intake.baseURL + "/api/v1/opinions/recorded", json: body, headers: try await Self.headers(.deputy, "dep-0200")).status == 403)
            #expect(try await http(.POST, intake.baseURL + "/api/v1/opinions/recorded", json: body,
                                   headers: try await Self.headers(.streetStaff, "staff-hualou", street: "hualou")).status == 403)
            #expect(try await http(.POST, intake.baseURL + "/api/v1/opinions/recorded", json: body,
                                   headers: try await Self.headers(.streetStaff, "staff-minzu", street: "minzu")).status == 201)
            let publicChannel = body.replacingOccurrences(of: "visit", with: "qrOnline")
            let refused = try await http(.POST, intake.baseURL + "/api/v1/opinions/recorded", json: publicChannel, headers: try await Self.headers(.deputy, "dep-0001"))
            #expect(refused.status == 422 && refused.body.contains("channel"))
            #expect(try await http(.POST, intake.baseURL + "/api/v1/opinions/recorded", json: body).status == 401)
        }
    }
}
