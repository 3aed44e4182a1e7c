import Contracts
import Foundation
import IntakeService
import ServiceKit
import TestSupport
import Testing

/// The receipt page tells the opinion's story as a stepper of the main stages, each step
/// credited to whoever acted, with a way back home and on to the suggestion's board page.
@Suite("Receipt story")
struct ReceiptStoryTests {
    /// A citizen's opinion written into a submitted suggestion: its receipt code and the suggestion.
    static func opinionInSuggestion(_ intake: RunningService) async throws -> (receipt: String, suggestion: String) {
        let (opinion, suggestion) = try await TimelineRaceTests.submittedSuggestion(intake)
        return (opinion.receiptCode, suggestion.id)
    }

    /// The stage the page marks as current (its `<summary>` text up to the state).
    static func currentStage(_ page: String) -> String? {
        guard let marker = page.range(of: #"aria-current="step""#), let summary = page[marker.upperBound...].range(of: "<summary>"),
              let end = page[summary.upperBound...].range(of: "<span") else { return nil }
        return String(page[summary.upperBound..<end.lowerBound])
    }

    @Test("a stepper of the main stages with the current one marked; the contact and the procuratorate's steps say who acted; links home and to the board",
          arguments: Backend.allCases)
    func receiptStepper(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend, extra: CitizenHomeTests.publicURLs) { intake, _ in
            let (code, suggestion) = try await Self.opinionInSuggestion(intake)
            var sequence: Int64 = 0
            func report(_ type: MessageType, from sender: ServiceName, _ body: some Encodable) async throws {
                sequence += 1
                let answer = try await deliver(type, to: intake.baseURL, from: sender, entity: suggestion, sequence: sequence, body: body)
                #expect(answer.status == 200, "\(answer.body)")
            }
            func step(_ status: CaseStatus, _ step: String, _ note: String) async throws {
                try await report(.caseStatusChanged, from: .supervision, CaseStatusChangedBody(
                    suggestion: suggestion, caseID: "case-1", unitName: "民族街道办事处", status: status, publicNote: note, at: Date(), step: step))
            }
            let early = try await http(.GET, intake.baseURL + "/r/\(code)")
            #expect(Self.currentStage(early.body) == "建议")
            #expect(!early.body.contains("board-link"))

            try await report(.suggestionRouted, from: .routing, SuggestionRoutedBody(
                suggestion: suggestion, tier: .street, leadUnit: "jh-minzu-office", leadUnitName: "民族街道办事处", coUnits: [], routedAt: Date()))
            try await step(.assigned, "assigned", "交由民族街道办事处主办，答复期限 2027-03-01。")
            try await step(.accepted, "accepted", "民族街道办事处已接收，开始办理。")
            try await step(.accepted, "contact", "2026-12-01 与领衔代表当面沟通。")
            try await step(.accepted, "procuratorate.filed", "区人民检察院：检察院已立案")
            try await step(.replied, "replied", "已完成管网排查，计划明年改造。")

            let page = try await http(.GET, intake.baseURL + "/r/\(code)")
            #expect(page.status == 200)
            // Seven stages in order, the answer current and unfolded, the four before it done.
            let names = ["受理", "建议", "交办", "办理", "答复", "测评", "办结"]
            let positions = names.compactMap { page.body.range(of: "<summary>\($0)<")?.lowerBound }
            #expect(positions.count == 7 && positions == positions.sorted())
            #expect(page.body.components(separatedBy: #"aria-current="step""#).count == 2)
            #expect(Self.currentStage(page.body) == "答复")
            #expect(page.body.contains(#"<li class="stage current" aria-current="step">"#))
            #expect(page.body.components(separatedBy: #"<li class="stage done">"#).count - 1 == 4)
            #expect(page.body.components(separatedBy: "<details open>").count == 2)
            // Each step is credited to whoever acted, in words.
            #expect(page.body.contains("民族街道办事处：已联系代表。2026-12-01 与领衔代表当面沟通。"))
            #expect(page.body.contains("区人民检察院：检察院已立案"))
            #expect(!page.body.contains("民族街道办事处：区人民检察院") && !page.body.contains("已接收办理。2026-12-01"))
            // Home, and the suggestion's page on the public board.
            #expect(page.body.contains(#"<a id="home-link" href="/">返回首页</a>"#))
            #expect(page.body.contains(#"id="board-link" href="https://board.example/board/\#(suggestion)?district=jianghan""#))

            // An unsatisfied rating sends it back to 办理.
            try await step(.rehandling, "rehandling", "代表测评不满意，重新办理，期限 2027-04-01。")
            #expect(Self.currentStage(try await http(.GET, intake.baseURL + "/r/\(code)").body) == "办理")
            try await step(.replied, "replied", "已完成改造。")
            try await step(.closed, "closed", "代表测评满意，办结销号。")
            let closed = try await http(.GET, intake.baseURL + "/r/\(code)")
            #expect(Self.currentStage(closed.body) == "办结" && closed.body.contains("已办结"))

            let receipt = try apiDecoder.decode(Receipt.self, from: Data(try await http(.GET, intake.baseURL + "/api/v1/receipts/\(code)").body.utf8))
            #expect(receipt.timeline.map(\.kind).contains("case.contact") && receipt.timeline.map(\.kind).contains("procuratorate.filed"))
        }
    }
}
