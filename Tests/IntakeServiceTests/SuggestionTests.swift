import Contracts
import Foundation
import IntakeService
import ServiceKit
import TestSupport
import Testing

@Suite("Deputy suggestions")
struct SuggestionTests {
    static func as_(_ deputy: String) async throws -> [(String, String)] {
        let token = try testToken(
            Principal(role: .deputy, subject: deputy, district: "jianghan"), lifetime: 600)
        return [("Authorization", "Bearer \(token)")]
    }

    @Test("an opinion becomes a suggestion; co-signers confirm; submitting sends SuggestionSubmitted and the receipt follows", arguments: Backend.allCases)
    func draftConfirmSubmit(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, db in
            let submitted = try await http(.POST, intake.baseURL + "/api/v1/opinions",
                                           json: #"{"station":"jh-minzu-office","category":"housingProperty","content":"老旧小区加装电梯进展太慢"}"#)
            let opinion = try apiDecoder.decode(SubmissionAccepted.self, from: Data(submitted.body.utf8))
            let draft = """
                {"title":"关于加快老旧小区加装电梯的建议","body":"民族街道多个老旧小区居民反映加装电梯审批慢、补贴到位慢，建议简化审批流程并公开补贴进度。","category":"housingProperty","coSigners":["dep-0088"],"opinions":["\(opinion.id)"]}
                """
            // A deputy of another station cannot build on this station's opinions.
            let foreign = try await http(.POST, intake.baseURL + "/api/v1/suggestions", json: draft, headers: try await Self.as_("dep-0200"))
            #expect(foreign.status == 422)

            let created = try await http(.POST, intake.baseURL + "/api/v1/suggestions", json: draft, headers: try await Self.as_("dep-0001"))
            #expect(created.status == 201, "\(created.body)")
            let suggestion = try apiDecoder.decode(SuggestionView.self, from: Data(created.body.utf8))
            #expect(suggestion.status == "draft" && suggestion.opinions == [opinion.id])

            let early = try await http(.POST, intake.baseURL + "/api/v1/suggestions/\(suggestion.id)/submit", headers: try await Self.as_("dep-0001"))
            #expect(early.status == 409 && early.body.contains("dep-0088"))
            let byCoSigner = try await http(.POST, intake.baseURL + "/api/v1/suggestions/\(suggestion.id)/submit", headers: try await Self.as_("dep-0088"))
            #expect(byCoSigner.status == 403)
            let outsider = try await http(.GET, intake.baseURL + "/api/v1/suggestions/\(suggestion.id)", headers: try await Self.as_("dep-0200"))
            #expect(outsider.status == 404)

            #expect(try await http(.POST, intake.baseURL + "/api/v1/suggestions/\(suggestion.id)/confirm", headers: try await Self.as_("dep-0088")).status == 200)
            let done = try await http(.POST, intake.baseURL + "/api/v1/suggestions/\(suggestion.id)/submit", headers: try await Self.as_("dep-0001"))
            #expect(done.status == 200 && done.body.contains(#""status":"submitted""#))
            #expect(try await http(.POST, intake.baseURL + "/api/v1/suggestions/\(suggestion.id)/submit", headers: try await Self.as_("dep-0001")).status == 409)

            // The message waits in the outbox for routing and evaluation, with what they need.
            let messages = try await db.query("SELECT destination, body FROM outbox WHERE type = 'SuggestionSubmitted' ORDER BY destination")
            #expect(try messages.map { try $0.string("destination") } == ["evaluation", "routing"])
            let body = try apiDecoder.decode(SuggestionSubmittedBody.self, from: Data(try messages[0].string("body").utf8))
            #expect(body.leadDeputy == "dep-0001" && body.coSigners == ["dep-0088"] && body.opinions == [opinion.id] && body.street == "minzu")

            let receipt = try await http(.GET, intake.baseURL + "/api/v1/receipts/\(opinion.receiptCode)")
            let followed = try apiDecoder.decode(Receipt.self, from: Data(receipt.body.utf8))
            #expect(followed.status == "inSuggestion")
            #expect(followed.timeline.map(\.kind) == ["received", "inSuggestion", "suggestionSubmitted"])
        }
    }

    @Test("routing and handling reported by the later services show on the citizen's receipt", arguments: Backend.allCases)
    func receiptFollowsHandling(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, _ in
            let submitted = try await http(.POST, intake.baseURL + "/api/v1/opinions",
                                           json: #"{"station":"jh-minzu-office","category":"housingProperty","content":"小区门口下水道经常堵塞"}"#)
            let opinion = try apiDecoder.decode(SubmissionAccepted.self, from: Data(submitted.body.utf8))
            let draft = #"{"title":"关于改造民族街道下水管网的建议","body":"多个小区反映下水道经常堵塞，雨季尤其严重，建议对老旧管网进行排查和改造。","category":"housingProperty","opinions":["\#(opinion.id)"]}"#
            let created = try await http(.POST, intake.baseURL + "/api/v1/suggestions", json: draft, headers: try await Self.as_("dep-0001"))
            let suggestion = try apiDecoder.decode(SuggestionView.self, from: Data(created.body.utf8))
            #expect(try await http(.POST, intake.baseURL + "/api/v1/suggestions/\(suggestion.id)/submit", headers: try await Self.as_("dep-0001")).status == 200)

            func deliver(_ type: MessageType, from sender: ServiceName, sequence: Int64, body: some Encodable) async throws -> String {
                let service = try testToken(serviceTokenPrincipal(sender), lifetime: 60)
                let envelope = MessageEnvelope(
                    id: makeID(prefix: "msg"), type: type, sender: sender, district: "jianghan", sentAt: Date(),
                    entity: suggestion.id, sequence: sequence, auditHead: nil,
                    body: String(decoding: try apiEncoder.encode(body), as: UTF8.self))
                let answer = try await http(.POST, intake.baseURL + "/internal/v1/messages",
                                            json: String(decoding: try apiEncoder.encode(envelope), as: UTF8.self),
                                            headers: [("Authorization", "Bearer \(service)")])
                #expect(answer.status == 200, "\(answer.body)")
                return answer.body
            }
            _ = try await deliver(.suggestionRouted, from: .routing, sequence: 1, body: SuggestionRoutedBody(
                suggestion: suggestion.id, tier: .district, leadUnit: "water", leadUnitName: "区水务局", coUnits: [], routedAt: Date()))
            _ = try await deliver(.caseStatusChanged, from: .supervision, sequence: 2, body: CaseStatusChangedBody(
                suggestion: suggestion.id, caseID: "case-1", unitName: "区水务局", status: .accepted, publicNote: "", at: Date()))
            // A late retry of an older step is acknowledged but changes nothing.
            let stale = try await deliver(.caseStatusChanged, from: .supervision, sequence: 1, body: CaseStatusChangedBody(
                suggestion: suggestion.id, caseID: "case-1", unitName: "区水务局", status: .assigned, publicNote: "", at: Date()))
            #expect(stale.contains("stale"))

            let receipt = try apiDecoder.decode(Receipt.self, from: Data(try await http(.GET, intake.baseURL + "/api/v1/receipts/\(opinion.receiptCode)").body.utf8))
            #expect(receipt.timeline.map(\.kind) == ["received", "inSuggestion", "suggestionSubmitted", "routed", "case.accepted"])
            #expect(receipt.timeline[3].note.contains("区水务局"))
            #expect(receipt.status == "inHandling")
        }
    }
}
