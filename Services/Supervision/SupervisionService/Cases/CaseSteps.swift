import Contracts
import Foundation
import ServiceKit

/// What a unit may do from which state. Anything else is a 409 that names the current state.
enum CaseAction: String, Sendable {
    case accept, progress, contact, reply, returnAssignment = "return", coOpinion

    var allowedFrom: Set<CaseStatus> {
        switch self {
        case .accept: [.assigned]
        case .progress, .contact: [.accepted, .inProgress, .rehandling]
        case .reply: [.accepted, .inProgress, .rehandling]
        case .returnAssignment: [.assigned, .accepted]
        case .coOpinion: [.assigned, .accepted, .inProgress]
        }
    }
}

func requireAllowed(_ action: CaseAction, on record: CaseRecord) throws {
    guard action.allowedFrom.contains(record.status) else {
        throw Problem.conflict("illegal-transition", "交办当前状态为 \(record.status.chineseName)，不能执行此操作（\(action.rawValue)）。")
    }
}

/// Records one step of a case in the caller's transaction: the event, the new status, the audit
/// entry, and — for public steps of a lead unit's case — `CaseStatusChanged` to intake, so that
/// the receipt tells the same story as the board.
func recordStep(_ db: any SQLExecutor, environment: ServiceEnvironment, record: CaseRecord, status: CaseStatus?, kind: String,
                note: String, isPublic: Bool, actor: String, at now: Date, reportAs reported: CaseStatus? = nil) async throws {
    // Two steps of one case at once take turns at the case's row, so each numbers after the other.
    try await lockForUpdate(db, "SELECT id FROM cases WHERE id = \(record.id)")
    let next = try await db.queryFirst("SELECT COALESCE(MAX(position), 0) + 1 AS next FROM case_events WHERE case_id = \(record.id)")
    try await db.execute("""
        INSERT INTO case_events (case_id, position, at, kind, public, note, actor)
        VALUES (\(record.id), \(try next?.int("next") ?? 1), \(now), \(kind), \(isPublic), \(note), \(actor))
        """)
    if let status {
        try await db.execute("UPDATE cases SET status = \(status.rawValue), updated_at = \(now) WHERE id = \(record.id)")
    }
    if isPublic && record.role == .lead {
        try await enqueue(try OutgoingMessage(
            .caseStatusChanged, to: [.intake], district: try await district(db, record), entity: record.suggestion,
            body: CaseStatusChangedBody(suggestion: record.suggestion, caseID: record.id, unitName: record.unitName,
                                        status: reported ?? status ?? record.status, publicNote: maskPersonalData(note), at: now, step: kind)), db, at: now)
    }
    try await environment.audit(db, actor: actor, action: "case." + kind, entity: "case", entityID: record.id)
}

private func district(_ db: any SQLExecutor, _ record: CaseRecord) async throws -> String {
    try await db.queryFirst("SELECT district FROM cases WHERE id = \(record.id)")?.string("district") ?? ""
}

