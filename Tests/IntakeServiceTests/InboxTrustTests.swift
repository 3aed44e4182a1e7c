import Contracts
import Foundation
import IntakeService
import ServiceKit
import TestSupport
import Testing

/// The inbox applies a message only from the service that may send it, carried by that service's
/// own token, for a district the installation serves; a forged step never reaches a receipt.
@Suite("Intake inbox: whose word it takes")
struct InboxTrustTests {
    static func send(_ envelope: MessageEnvelope, as token: ServiceName, to intake: RunningService) async throws -> (status: Int, body: String) {
        let bearer = try testToken(serviceTokenPrincipal(token), lifetime: 60)
        let answer = try await http(.POST, intake.baseURL + "/internal/v1/messages", json: String(decoding: try apiEncoder.encode(envelope), as: UTF8.self),
                                    headers: [("Authorization", "Bearer \(bearer)")])
        return (answer.status, answer.body)
    }

    @Test("a forged CaseStatusChanged is refused, logged in the audit chain, and the receipt does not change", arguments: Backend.allCases)
    func forgedStepsRefused(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend, extra: ["YOUYUE_DISTRICTS": "jianghan"]) { intake, db in
            let (opinion, suggestion) = try await TimelineRaceTests.submittedSuggestion(intake)
            func closed(district: String = "jianghan", sender: ServiceName = .supervision, type: MessageType = .caseStatusChanged) throws -> MessageEnvelope {
                MessageEnvelope(id: makeID(prefix: "msg"), type: type, sender: sender, district: district, sentAt: Date(), entity: suggestion.id,
                                sequence: 1, auditHead: nil, body: String(decoding: try apiEncoder.encode(CaseStatusChangedBody(
                                    suggestion: suggestion.id, caseID: "case-1", unitName: "区水务局", status: .closed, publicNote: "伪造的办结说明", at: Date())), as: UTF8.self))
            }
            // The bridge's token speaking for supervision.
            let impersonated = try await Self.send(try closed(), as: .procuratorateBridge, to: intake)
            #expect(impersonated.status == 403 && impersonated.body.contains("message-refused"))
            // The bridge in its own name, with a message only supervision sends.
            let wrongType = try await Self.send(try closed(sender: .procuratorateBridge), as: .procuratorateBridge, to: intake)
            #expect(wrongType.status == 403)
            // Supervision itself, about a district this installation does not serve.
            let foreign = try await Self.send(try closed(district: "wuchang"), as: .supervision, to: intake)
            #expect(foreign.status == 403)

            let receipt = try apiDecoder.decode(Receipt.self, from: Data(try await http(.GET, intake.baseURL + "/api/v1/receipts/\(opinion.receiptCode)").body.utf8))
            #expect(receipt.status != "closed")
            #expect(!receipt.timeline.contains { $0.note.contains("伪造") })
            let refusals = try await db.query("SELECT actor, summary FROM audit_log WHERE action = 'message.refused' ORDER BY sequence")
            #expect(try refusals.map { try $0.string("actor") } == ["procuratorate-bridge", "procuratorate-bridge", "supervision"])

            // The real thing is applied.
            let genuine = try await Self.send(try closed(), as: .supervision, to: intake)
            #expect(genuine.status == 200 && genuine.body.contains("applied"))
            let after = try apiDecoder.decode(Receipt.self, from: Data(try await http(.GET, intake.baseURL + "/api/v1/receipts/\(opinion.receiptCode)").body.utf8))
            #expect(after.status == "closed")
        }
    }
}
