import Contracts
import Foundation
import ServiceKit
import SupervisionService
import TestSupport
import Testing

/// The procuratorate's stages of a referred suggestion, as the bridge sends them to supervision's
/// inbox: on the suggestion's timeline, the public board and the receipts, never with the
/// procuratorate's internal notes, and kept when they arrive before the case exists.
@Suite("Supervision: procuratorate progress")
struct ProcuratorateProgressTests {
    /// `ProcuratorateProgressBody` with an internal note beside it, as a careless sender might
    /// write it: supervision must show the public note only.
    struct ProgressWithInternalNote: Encodable {
        var referral = "ref-1"
        var suggestion = "sg-1"
        var stage: String
        var publicNote: String
        var at: Date
        var internalNote = "内部：承办检察官张某，电话13500004444"
    }

    static func progress(_ supervision: RunningService, sequence: Int64, stage: String, note: String, at: Date) async throws -> String {
        try await deliver(.procuratorateProgress, to: supervision.baseURL, from: .procuratorateBridge, entity: "ref-1", sequence: sequence,
                          body: ProgressWithInternalNote(stage: stage, publicNote: note, at: at)).body
    }

    @Test("stages that arrive before the case are kept, then added to the lead case once and in order; later ones go straight on; none shows an internal note",
          arguments: Backend.allCases)
    func beforeTheCase(backend: Backend) async throws {
        let clock = ServiceClock()
        clock.set(to: CaseTests.day("2026-02-10"))
        try await CaseTests.withSupervision(backend, clock: clock) { supervision, db in
            func pending() async throws -> Int {
                Int(try await db.queryFirst("SELECT COUNT(*) AS n FROM pending_procuratorate_progress")?.int("n") ?? -1)
            }
            // Staff referred the suggestion before routing issued it; the procuratorate went on.
            #expect(try await Self.progress(supervision, sequence: 1, stage: "referred", note: "已作为公益诉讼线索移送区人民检察院（生态环境和资源保护）。",
                                            at: CaseTests.day("2026-02-05")).contains("applied"))
            #expect(try await Self.progress(supervision, sequence: 2, stage: "acknowledged", note: "检察院已签收。", at: CaseTests.day("2026-02-06")).contains("applied"))
            #expect(try await Self.progress(supervision, sequence: 3, stage: "received", note: "检察院已受理，已指定专人审查。", at: CaseTests.day("2026-02-07")).contains("applied"))
            // A redelivery of an earlier stage is stale and kept no second time.
            #expect(try await Self.progress(supervision, sequence: 2, stage: "acknowledged", note: "检察院已签收。", at: CaseTests.day("2026-02-06")).contains("stale"))
            #expect(try await pending() == 3)
            #expect(try await http(.GET, supervision.baseURL + "/api/v1/board/sg-1").status == 404)

            // A co-unit's case is not where the suggestion's story is told: the stages wait for the lead.
            _ = try await CaseTests.issue(supervision, db, assignment: "asg-co", unit: "gov-finance", role: .coUnit, deadline: "2026-05-11",
                                          issuedAt: CaseTests.day("2026-02-10"))
            #expect(try await pending() == 3)
            let lead = try await CaseTests.issue(supervision, db, assignment: "asg-lead", unit: "gov-housing", deadline: "2026-05-11",
                                                 issuedAt: CaseTests.day("2026-02-10"))
            #expect(try await pending() == 0)
            func kinds() async throws -> [String] {
                try await db.query("SELECT kind FROM case_events WHERE case_id = \(lead) ORDER BY position").map { try $0.string("kind") }
            }
            #expect(try await kinds() == ["assigned", "procuratorate.referred", "procuratorate.acknowledged", "procuratorate.received"])

            // The assignment delivered again changes nothing: the stages were applied once.
            try await deliver(.assignmentIssued, to: supervision.baseURL, from: .routing, entity: "asg-lead", sequence: 2, body: AssignmentIssuedBody(
                assignment: "asg-lead", list: "list-1", suggestion: "sg-1", title: "关于加装电梯补贴的建议", body: "建议公开补贴进度。",
                category: "housingProperty", street: "minzu", tier: .district, unit: "gov-housing", unitName: "区住房和城市更新局",
                role: .lead, leadUnit: "gov-housing", coUnits: ["gov-finance"], leadDeputy: "dep-0001", coSigners: ["dep-0088"], complex: false,
                deadline: "2026-05-11", issuedAt: CaseTests.day("2026-02-10")))
            #expect(try await kinds().count == 4)

            // Once the case exists, a stage goes straight onto it.
            clock.set(to: CaseTests.day("2026-02-12"))
            #expect(try await Self.progress(supervision, sequence: 4, stage: "filed", note: "检察院已立案，案号 汉检公益立〔2026〕1号。",
                                            at: CaseTests.day("2026-02-12")).contains("applied"))
            #expect(try await kinds() == ["assigned", "procuratorate.referred", "procuratorate.acknowledged", "procuratorate.received", "procuratorate.filed"])
            #expect(try await pending() == 0)

            // The procuratorate's stages run beside the handling: the case's status is the unit's.
            let housing = try await bearer(.unit, "clerk", unit: "gov-housing")
            let detail = try apiDecoder.decode(CaseDetail.self, from: Data(try await http(.GET, supervision.baseURL + "/api/v1/cases/\(lead)", headers: housing).body.utf8))
            #expect(detail.record.status == .assigned)

            // Every stage on the public board, in the order it happened, with the public note only.
            let board = try await http(.GET, supervision.baseURL + "/api/v1/board/sg-1")
            let entry = try apiDecoder.decode(BoardEntry.self, from: Data(board.body.utf8))
            #expect(entry.timeline.map(\.kind).filter { $0.hasPrefix("procuratorate.") }
                    == ["procuratorate.referred", "procuratorate.acknowledged", "procuratorate.received", "procuratorate.filed"])
            #expect(entry.timeline.first?.kind == "procuratorate.referred")
            // Credited to the procuratorate, not to the unit whose case carries them.
            #expect(entry.timeline.contains { $0.unitName == "区人民检察院" && $0.note == "检察院已立案，案号 汉检公益立〔2026〕1号。" })
            #expect(entry.timeline.filter { $0.kind.hasPrefix("procuratorate.") }.allSatisfy { $0.unitName == "区人民检察院" })
            #expect(entry.timeline.filter { !$0.kind.hasPrefix("procuratorate.") }.allSatisfy { $0.unitName != "区人民检察院" })
            let page = try await http(.GET, supervision.baseURL + "/board/sg-1")
            #expect(page.status == 200 && page.body.contains("<strong>区人民检察院</strong>：检察院已受理，已指定专人审查。") && page.body.contains("汉检公益立〔2026〕1号"))
            #expect(!page.body.contains("区住房和城市更新局</strong>：区人民检察院") && !page.body.contains("区人民检察院：区人民检察院"))
            let list = try await http(.GET, supervision.baseURL + "/api/v1/board").body + (try await http(.GET, supervision.baseURL + "/board").body)
            for text in [board.body, page.body, list] {
                #expect(!text.contains("张某") && !text.contains("13500004444") && !text.contains("内部"))
            }
            // The citizens' receipts (through intake) tell the same, without the internal note.
            let receipts = try await db.query("SELECT body FROM outbox WHERE type = 'CaseStatusChanged' AND destination = 'intake'").map { try $0.string("body") }
            #expect(receipts.filter { $0.contains("区人民检察院") }.count == 4)
            // Each says what happened, so intake credits the procuratorate too.
            #expect(receipts.filter { $0.contains(#""step":"procuratorate."#) }.count == 4)
            #expect(receipts.allSatisfy { !$0.contains("张某") && !$0.contains("13500004444") })
        }
    }

    @Test("a returned lead assignment does not take the stages: they wait for the unit that handles it", arguments: Backend.allCases)
    func afterReturn(backend: Backend) async throws {
        let clock = ServiceClock()
        clock.set(to: CaseTests.day("2026-03-02"))
        try await CaseTests.withSupervision(backend, clock: clock) { supervision, db in
            let first = try await CaseTests.issue(supervision, db, assignment: "asg-a", unit: "gov-housing", deadline: "2026-06-02", issuedAt: CaseTests.day("2026-03-02"))
            let housing = try await bearer(.unit, "clerk", unit: "gov-housing")
            #expect(try await http(.POST, supervision.baseURL + "/api/v1/cases/\(first)/return", json: #"{"reason":"属于市级部门职责"}"#, headers: housing).status == 200)
            #expect(try await Self.progress(supervision, sequence: 1, stage: "referred", note: "已作为公益诉讼线索移送区人民检察院。",
                                            at: CaseTests.day("2026-03-03")).contains("applied"))
            #expect(try await db.queryFirst("SELECT COUNT(*) AS n FROM pending_procuratorate_progress")?.int("n") == 1)
            let second = try await CaseTests.issue(supervision, db, assignment: "asg-b", unit: "gov-finance", deadline: "2026-06-04", issuedAt: CaseTests.day("2026-03-04"))
            let kinds = try await db.query("SELECT kind FROM case_events WHERE case_id = \(second) ORDER BY position").map { try $0.string("kind") }
            #expect(kinds == ["assigned", "procuratorate.referred"])
            #expect(try await db.queryFirst("SELECT COUNT(*) AS n FROM case_events WHERE case_id = \(first) AND kind LIKE 'procuratorate.%'")?.int("n") == 0)
        }
    }
}
