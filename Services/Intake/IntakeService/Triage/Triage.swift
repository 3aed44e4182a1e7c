import Contracts
import Foundation
import ServiceKit

/// A checked triage decision: what the decider is told, and the change to apply in the request's
/// transaction (the opinion's status and timeline, and the audit entry naming who decided).
struct TriagePlan: Sendable {
    var outcome: TriageOutcome
    var apply: @Sendable (any SQLExecutor) async throws -> Void
}

/// Checks one triage decision against the opinion and the decider, and plans its change.
func triage(_ request: TriageRequest, opinion: OpinionScope, by principal: Principal, environment: ServiceEnvironment) async throws -> TriagePlan {
    let errors = triageErrors(request)
    guard errors.isEmpty else { throw Problem.validation(errors) }
    guard opinion.status == "received" else {
        throw Problem.conflict("opinion-already-triaged", "这条意见已经处理过（当前状态：\(opinion.status)），不能再次分办。")
    }
    let database = environment.database
    let now = Date()
    let note = request.note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    var outcome = TriageOutcome(id: opinion.id, status: opinion.status)
    let apply: @Sendable (any SQLExecutor) async throws -> Void

    switch request.action {
    case .attach:
        let id = request.suggestion ?? ""
        guard principal.role == .deputy else { throw Problem.forbidden("只有建议的联名代表可以把意见并入建议。") }
        let draft = try await signedSuggestion(database, id: id, deputy: principal)
        guard draft.status == "draft" else { throw Problem.conflict("suggestion-not-draft", "建议已提交，不能再并入意见。") }
        apply = { db in
            try await db.execute("INSERT INTO suggestion_opinions (suggestion_id, opinion_id) VALUES (\(id), \(opinion.id))")
            try await markInSuggestion(db, opinion: opinion.id, at: now)
            try await environment.audit(db, actor: principal.subject, action: "opinion.triage.attach", entity: "opinion", entityID: opinion.id, summary: id)
        }
        outcome.status = "inSuggestion"
        outcome.suggestion = id

    case .merge:
        let target = try await accessibleOpinion(database, id: request.into ?? "", principal: principal)
        // Merging into a merged opinion joins the issue that one already belongs to.
        let root = target.mergedInto ?? target.id
        guard root != opinion.id else { throw Problem.validation(["into": "不能把意见合并到它自己。"]) }
        apply = { db in
            try await db.execute("UPDATE opinions SET status = 'merged', merged_into = \(root), updated_at = \(now) WHERE id = \(opinion.id)")
            // Opinions already merged into this one follow it to the common issue.
            try await db.execute("UPDATE opinions SET merged_into = \(root), updated_at = \(now) WHERE merged_into = \(opinion.id)")
            try await addTimelineStep(db, opinion: opinion.id, kind: "merged", note: "您反映的问题与其他群众的意见相同，已合并为一件一并办理。", at: now)
            try await environment.audit(db, actor: principal.subject, action: "opinion.triage.merge", entity: "opinion", entityID: opinion.id, summary: root)
        }
        outcome.status = "merged"
        outcome.mergedInto = root

    case .resolve:
        apply = { db in
            try await db.execute("UPDATE opinions SET status = 'resolvedOnSpot', updated_at = \(now) WHERE id = \(opinion.id)")
            try await addTimelineStep(db, opinion: opinion.id, kind: "resolvedOnSpot", note: "已现场解决：" + maskPersonalData(note), at: now)
            try await environment.audit(db, actor: principal.subject, action: "opinion.triage.resolve", entity: "opinion", entityID: opinion.id)
        }
        outcome.status = "resolvedOnSpot"

    case .explain:
        apply = { db in
            try await db.execute("UPDATE opinions SET status = 'explained', explanation = \(note), updated_at = \(now) WHERE id = \(opinion.id)")
            try await addTimelineStep(db, opinion: opinion.id, kind: "explained", note: "暂时无法办理，已向您说明原因。", at: now)
            try await environment.audit(db, actor: principal.subject, action: "opinion.triage.explain", entity: "opinion", entityID: opinion.id)
        }
        outcome.status = "explained"
        outcome.explanation = maskPersonalData(note)
    }
    return TriagePlan(outcome: outcome, apply: apply)
}

/// The opinion, and every opinion merged into it, now feeds a suggestion.
func markInSuggestion(_ db: any SQLExecutor, opinion: String, at now: Date) async throws {
    for id in try await opinionWithMerged(db, opinion) {
        try await db.execute("UPDATE opinions SET status = 'inSuggestion', updated_at = \(now) WHERE id = \(id)")
        try await addTimelineStep(db, opinion: id, kind: "inSuggestion", note: "代表已将您的意见写入代表建议。", at: now)
    }
}

/// An opinion and those merged into it: they share one issue, so one receipt step reaches all.
func opinionWithMerged(_ db: any SQLExecutor, _ opinion: String) async throws -> [String] {
    let merged = try await db.query("SELECT id FROM opinions WHERE merged_into = \(opinion) ORDER BY id").map { try $0.string("id") }
    return [opinion] + merged
}
