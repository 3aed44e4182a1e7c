import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The procuratorate's own API (`role: procuratorate`, its district only): a feed of new and
/// changed referrals, acknowledgement, and stage reports as a state machine. A repeated report
/// with the same `Idempotency-Key` is answered from the kit's idempotency store, harmlessly.
func addProcuratorateRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment) {
    let database = environment.database
    let api = router.group("api/v1/procuratorate/referrals")

    api.get { request, context in
        let principal = try context.requirePrincipal()
        let limit = min(max(request.uri.queryParameters.get("limit").flatMap(Int.init) ?? 50, 1), 200)
        var condition: SQL = "district = \(principal.district)"
        if let cursor = request.uri.queryParameters.get("cursor") {
            let parts = cursor.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, let at = Int64(parts[0]) else { throw Problem.validation(["cursor": "游标无效，请从头读取。"]) }
            condition = "\(condition) AND (updated_at > \(at) OR (updated_at = \(at) AND id > \(String(parts[1]))))"
        }
        let rows = try await database.query("SELECT id, updated_at FROM referrals WHERE \(condition) ORDER BY updated_at, id LIMIT \(limit)")
        var items: [ReferralView] = []
        let today = CivilDay(environment.clock.now())
        for row in rows {
            if let view = try await referralView(database, id: try row.string("id"), district: principal.district, today: today) { items.append(view) }
        }
        let next = try rows.last.map { "\(try $0.int("updated_at"))_\(try $0.string("id"))" }
        return try jsonResponse(ReferralFeed(items: items, nextCursor: next ?? request.uri.queryParameters.get("cursor")))
    }

    api.get("{id}") { _, context in
        let principal = try context.requirePrincipal()
        guard let view = try await referralView(database, id: try context.parameters.require("id"), district: principal.district,
                                                today: CivilDay(environment.clock.now())) else { throw Problem.notFound("没有这份移送。") }
        return try jsonResponse(view)
    }

    @Sendable func advance(_ context: ServiceRequestContext, to report: StageReport) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let now = environment.clock.now()
        guard let current = try await referralView(database, id: id, district: principal.district, today: CivilDay(now)) else {
            throw Problem.notFound("没有这份移送。")
        }
        let errors = reportErrors(report)
        guard errors.isEmpty || report.stage == .acknowledged else { throw Problem.validation(errors) }
        guard current.stage.next.contains(report.stage) else {
            throw Problem.conflict("illegal-stage", "当前阶段为“\(current.stage.chineseName)”，不能报告“\(report.stage.chineseName)”。")
        }
        let today = CivilDay(now)
        let replyDue = report.stage == .preLitigationSuggestion
            ? report.date.flatMap { CivilDay($0) }.map { environment.deadlines.procuratorialReplyDeadline(receivedOn: $0, urgent: report.urgent ?? false).description } : nil
        let detail = [report.caseNumber, report.reason, report.organ, report.date, report.note].compactMap { $0 }.joined(separator: "；")
        let message = try OutgoingMessage(
            .procuratorateProgress, to: [.supervision], district: principal.district, entity: id,
            body: ProcuratorateProgressBody(referral: id, suggestion: current.document.suggestion, stage: report.stage.rawValue,
                                            publicNote: publicNote(report), at: now))
        defer { environment.outboxWakeup.signal() }
        return try await commit(database) { db in
            let moved = try await db.query("""
                UPDATE referrals SET stage = \(report.stage.rawValue), updated_at = \(now),
                    case_number = COALESCE(\(report.caseNumber), case_number), organ = COALESCE(\(report.organ), organ),
                    received_on = COALESCE(\(report.stage == .received ? today.description : nil), received_on),
                    organ_reply_due = COALESCE(\(replyDue), organ_reply_due),
                    acknowledged_at = COALESCE(\(report.stage == .acknowledged ? now : nil), acknowledged_at)
                WHERE id = \(id) AND stage = \(current.stage.rawValue) RETURNING id
                """)
            guard !moved.isEmpty else { throw Problem.conflict("illegal-stage", "移送的阶段刚刚已被更新，请重新读取后再报告。") }
            let next = try await db.queryFirst("SELECT COALESCE(MAX(position), 0) + 1 AS next FROM referral_reports WHERE referral_id = \(id)")
            try await db.execute("""
                INSERT INTO referral_reports (referral_id, position, stage, detail, internal_note, reported_by, at)
                VALUES (\(id), \(try next?.int("next") ?? 1), \(report.stage.rawValue), \(detail), \(report.internalNote), \(principal.subject), \(now))
                """)
            try await enqueue(message, db, at: now)
            try await environment.audit(db, actor: principal.subject, action: "referral." + report.stage.rawValue, entity: "referral", entityID: id)
            return try .json(try await referralView(db, id: id, district: principal.district, today: today))
        }
    }

    api.post("{id}/ack") { _, context in
        try await advance(context, to: StageReport(stage: .acknowledged))
    }
    api.post("{id}/reports") { request, context in
        try await advance(context, to: try await request.decode(as: StageReport.self, context: context))
    }
}

public struct ReferralFeed: Codable, Sendable, Equatable {
    public var items: [ReferralView]
    /// Pass back as `cursor` to read only what changed since.
    public var nextCursor: String?
}
