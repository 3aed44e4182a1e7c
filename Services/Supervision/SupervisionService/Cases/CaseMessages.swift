import Contracts
import Foundation
import ServiceKit

/// What supervision learns from the others: an issued assignment becomes a case (once); the
/// deciding rating of a round closes the case or sends it back for rehandling.
func caseHandlers(_ environment: ServiceEnvironment) -> [MessageType: MessageHandler] {
    [
        .assignmentIssued: { envelope, db in
            let body = try decodeBody(AssignmentIssuedBody.self, from: envelope)
            let issued = CivilDay(body.issuedAt)
            // Co-units give their written opinion to the lead unit within a month.
            let deadline = body.role == .lead ? body.deadline : environment.deadlines.coUnitOpinionDeadline(receivedOn: issued).description
            let returnUntil = environment.deadlines.returnWindowEnd(assignedOn: issued).description
            let id = makeID(prefix: "case")
            let inserted = try await db.query("""
                INSERT INTO cases (id, district, assignment, list_id, suggestion, title, body, category, street, tier, unit, unit_name, role,
                    lead_unit, lead_deputy, co_signers, complex, status, round, deadline, return_until, issued_at, updated_at, confidential)
                VALUES (\(id), \(envelope.district), \(body.assignment), \(body.list), \(body.suggestion), \(body.title), \(body.body),
                    \(body.category), \(body.street), \(body.tier.rawValue), \(body.unit), \(body.unitName), \(body.role.rawValue),
                    \(body.leadUnit), \(body.leadDeputy), \(jsonList(body.coSigners)),
                    \(body.complex), 'assigned', 1, \(deadline), \(returnUntil), \(body.issuedAt), \(body.issuedAt), \(body.confidential ?? false))
                ON CONFLICT (assignment) DO NOTHING RETURNING id
                """)
            guard !inserted.isEmpty, let record = try await caseRecord(db, id: id) else { return }
            let note = body.role == .lead ? "交由\(body.unitName)主办，答复期限 \(deadline)。" : "\(body.unitName)协办，书面意见期限 \(deadline)。"
            try await recordStep(db, environment: environment, record: record, status: nil, kind: "assigned", note: note,
                                 isPublic: true, actor: "routing", at: body.issuedAt)
            if record.role == .lead {
                try await applyPendingProgress(db, environment: environment, district: envelope.district, to: record)
            }
        },
        .procuratorateProgress: { envelope, db in
            let body = try decodeBody(ProcuratorateProgressBody.self, from: envelope)
            // The referral runs beside the suggestion's handling: each stage is a public step on
            // its lead case, so the board and the receipt show it.
            let lead = try await db.queryFirst("""
                SELECT \(caseColumns) FROM cases WHERE suggestion = \(body.suggestion) AND role = 'lead' AND status <> 'returned'
                ORDER BY issued_at DESC LIMIT 1
                """).map(caseRecord)
            guard let lead else {
                // Referred before routing issued the assignment: kept until the case exists.
                try await db.execute("""
                    INSERT INTO pending_procuratorate_progress (referral, sequence, district, suggestion, stage, public_note, at, received_at)
                    VALUES (\(body.referral), \(envelope.sequence), \(envelope.district), \(body.suggestion), \(body.stage), \(body.publicNote),
                            \(body.at), \(environment.clock.now()))
                    ON CONFLICT (referral, sequence) DO NOTHING
                    """)
                environment.logger.info("procuratorate progress kept until the case exists", metadata: ["suggestion": "\(body.suggestion)", "stage": "\(body.stage)"])
                return
            }
            try await recordProcuratorateStep(db, environment: environment, record: lead, stage: body.stage, publicNote: body.publicNote, at: body.at)
        },
        .evaluationRecorded: { envelope, db in
            let body = try decodeBody(EvaluationRecordedBody.self, from: envelope)
            guard let record = try await caseRecord(db, id: body.caseID), record.status == .replied, record.round == body.round else { return }
            let now = environment.clock.now()
            switch body.satisfaction {
            case .satisfied, .basicallySatisfied:
                let verdict = body.satisfaction == .satisfied ? "满意" : "基本满意"
                try await recordStep(db, environment: environment, record: record, status: .closed, kind: "closed",
                                     note: "代表测评\(verdict)，办结销号。", isPublic: true, actor: "evaluation", at: now)
            case .unsatisfied where record.round == 1:
                let deadline = environment.deadlines.rehandlingDeadline(ratedUnsatisfiedOn: CivilDay(now)).description
                try await db.execute("UPDATE cases SET round = 2, deadline = \(deadline), overdue = 0 WHERE id = \(record.id)")
                try await recordStep(db, environment: environment, record: record, status: .rehandling, kind: "rehandling",
                                     note: "代表测评不满意，重新办理，期限 \(deadline)。", isPublic: true, actor: "evaluation", at: now)
            case .unsatisfied:
                // A second unsatisfied rating is recorded and escalated; the case stays open for supervision.
                try await recordStep(db, environment: environment, record: record, status: nil, kind: "escalated",
                                     note: "重新办理后代表仍不满意，已报区人大常委会主任会议督办。", isPublic: true, actor: "evaluation", at: now)
            }
        },
    ]
}

/// How the procuratorate is named on public timelines.
let procuratorateName = "区人民检察院"

/// One procuratorate stage as a public step on the suggestion's lead case: the board and the
/// citizens' receipts show it; the case's own status does not change.
func recordProcuratorateStep(_ db: any SQLExecutor, environment: ServiceEnvironment, record: CaseRecord, stage: String, publicNote: String,
                             at: Date) async throws {
    try await recordStep(db, environment: environment, record: record, status: nil, kind: "procuratorate." + stage,
                         note: procuratorateName + "：" + publicNote, isPublic: true, actor: "procuratorate-bridge", at: at)
}

/// The stages that arrived before the lead case existed, onto its timeline in the order the
/// bridge sent them, and out of the pending table in the same transaction: each applies once.
func applyPendingProgress(_ db: any SQLExecutor, environment: ServiceEnvironment, district: String, to record: CaseRecord) async throws {
    let pending = try await db.query("""
        SELECT referral, sequence, stage, public_note, at FROM pending_procuratorate_progress
        WHERE district = \(district) AND suggestion = \(record.suggestion) ORDER BY at, referral, sequence
        """)
    for row in pending {
        try await recordProcuratorateStep(db, environment: environment, record: record, stage: try row.string("stage"),
                                          publicNote: try row.string("public_note"), at: try row.date("at"))
        try await db.execute("""
            DELETE FROM pending_procuratorate_progress WHERE referral = \(try row.string("referral")) AND sequence = \(try row.int("sequence"))
            """)
    }
}
