import Contracts
import Foundation
import ServiceKit

/// Keeps receipts up to date from what the later services report: each step of a suggestion's
/// routing and handling becomes a timeline step on every opinion it grew from.
func timelineHandlers() -> [MessageType: MessageHandler] {
    [
        .suggestionRouted: { envelope, db in
            let body = try decodeBody(SuggestionRoutedBody.self, from: envelope)
            try await addStepToSourceOpinions(db, suggestion: body.suggestion, kind: "routed",
                                              note: "已交由\(body.leadUnitName)办理（\(body.tier.chineseName)）。", status: "routed", at: body.routedAt)
        },
        .caseStatusChanged: { envelope, db in
            let body = try decodeBody(CaseStatusChangedBody.self, from: envelope)
            try await addStepToSourceOpinions(db, suggestion: body.suggestion, kind: timelineKind(body),
                                              note: maskPersonalData(caseStepNote(body)), status: body.status == .closed ? "closed" : "inHandling", at: body.at)
        },
    ]
}

func addStepToSourceOpinions(_ db: any SQLExecutor, suggestion: String, kind: String, note: String, status: String, at: Date) async throws {
    var opinions: Set<String> = []
    for row in try await db.query("SELECT opinion_id FROM suggestion_opinions WHERE suggestion_id = \(suggestion)") {
        opinions.formUnion(try await opinionWithMerged(db, try row.string("opinion_id")))
    }
    // In one order, so that two messages stepping the same opinions lock them in the same order.
    for opinion in opinions.sorted() {
        try await addTimelineStep(db, opinion: opinion, kind: kind, note: note, at: at)
        try await db.execute("UPDATE opinions SET status = \(status), updated_at = \(at) WHERE id = \(opinion)")
    }
}

/// The receipt's kind of a case step: the procuratorate's stages keep their own (`procuratorate.filed`),
/// the others are `case.` and what happened (`case.contact`), or the status from older senders.
func timelineKind(_ body: CaseStatusChangedBody) -> String {
    guard let step = body.step else { return "case." + body.status.rawValue }
    return step.hasPrefix("procuratorate.") ? step : "case." + step
}

/// How a case step reads on the receipt, credited to whoever acted: the unit, or the
/// procuratorate for the stages of a referral (their note already names it).
func caseStepNote(_ body: CaseStatusChangedBody) -> String {
    let note = body.publicNote
    switch body.step {
    case let step? where step.hasPrefix("procuratorate."):
        return note.hasPrefix(procuratorateName) ? note : procuratorateName + "：" + note
    case "contact":
        return "\(body.unitName)：已联系代表" + (note.isEmpty ? "" : "。\(note)")
    case "urged", "meeting", "promiseDone", "escalated":
        // Steps that do not change the status say what happened in their note.
        return "\(body.unitName)：\(note)"
    default:
        return "\(body.unitName)：\(caseStatusName(body.status))" + (note.isEmpty ? "" : "。\(note)")
    }
}

/// How the procuratorate is named on receipts (supervision names it so in its notes).
let procuratorateName = "区人民检察院"

func caseStatusName(_ status: CaseStatus) -> String {
    switch status {
    case .assigned: "已交办"
    case .accepted: "已接收办理"
    case .inProgress: "正在办理"
    case .replied: "已答复"
    case .closed: "已办结（销号）"
    case .returned: "因不属职责范围退回，正在重新交办"
    case .rehandling: "代表不满意，重新办理"
    case .overdue: "已超过办理期限，正在督办"
    }
}
