import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// 检察建议 → 代表建议: the procuratorate posts a procuratorial suggestion it wants the congress to
/// follow up; the bridge sends it to intake as a suggestion draft deputies can take up (linked
/// both ways by the suggestion id chosen here) and tracks the organ's reply deadline.
func addProposalRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment) {
    let database = environment.database
    let proposals = router.group("api/v1/procuratorate/proposals")

    proposals.post { request, context in
        let principal = try context.requirePrincipal()
        let input = try await request.decode(as: ProposalInput.self, context: context)
        var errors: [String: String] = [:]
        if input.organ.trimmingCharacters(in: .whitespaces).isEmpty { errors["organ"] = "须写明检察建议发往的行政机关。" }
        if !(4...100).contains(input.issue.count) { errors["issue"] = "问题概述须为 4 到 100 字。" }
        if !publicInterestFields.contains(where: { $0.code == input.field }) { errors["field"] = "领域须为法定公益诉讼领域之一（见 /api/v1/fields）。" }
        if !(20...20_000).contains(input.text.count) { errors["text"] = "检察建议正文须为 20 到 20000 字。" }
        guard let issued = CivilDay(input.date) else { errors["date"] = "日期格式应为 YYYY-MM-DD。"; throw Problem.validation(errors) }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        let id = makeID(prefix: "pp"), suggestion = makeID(prefix: "sg")
        let replyDue = environment.deadlines.procuratorialReplyDeadline(receivedOn: issued, urgent: input.urgent ?? false).description
        let now = environment.clock.now()
        let message = try OutgoingMessage(
            .procuratorialProposalReceived, to: [.intake], district: principal.district, entity: id,
            body: ProcuratorialProposalBody(proposal: id, suggestion: suggestion, organ: input.organ, issue: input.issue, field: input.field,
                                            text: input.text, issuedOn: issued.description, replyDue: replyDue))
        defer { environment.outboxWakeup.signal() }
        return try await commit(database) { db in
            try await db.execute("""
                INSERT INTO proposals (id, district, suggestion, organ, issue, field, text, issued_on, reply_due, created_by, created_at)
                VALUES (\(id), \(principal.district), \(suggestion), \(input.organ), \(input.issue), \(input.field), \(input.text),
                        \(issued.description), \(replyDue), \(principal.subject), \(now))
                """)
            try await enqueue(message, db, at: now)
            try await environment.audit(db, actor: principal.subject, action: "proposal.receive", entity: "proposal", entityID: id, summary: suggestion)
            return try .json(ProposalView(id: id, suggestion: suggestion, organ: input.organ, issue: input.issue, field: input.field,
                                          replyDue: replyDue, replyOverdue: false), status: .created)
        }
    }

    proposals.get("{id}") { _, context in
        let principal = try context.requirePrincipal()
        guard let row = try await database.queryFirst("""
            SELECT id, suggestion, organ, issue, field, reply_due FROM proposals WHERE id = \(try context.parameters.require("id")) AND district = \(principal.district)
            """) else { throw Problem.notFound("没有这份检察建议。") }
        let due = try row.string("reply_due")
        return try jsonResponse(ProposalView(
            id: try row.string("id"), suggestion: try row.string("suggestion"), organ: try row.string("organ"), issue: try row.string("issue"),
            field: try row.string("field"), replyDue: due, replyOverdue: CivilDay(due).map { CivilDay(environment.clock.now()) > $0 } ?? false))
    }
}

public struct ProposalInput: Codable, Sendable {
    public var organ: String
    public var issue: String
    public var field: String
    public var date: String
    public var text: String
    public var urgent: Bool?
}

public struct ProposalView: Codable, Sendable, Equatable {
    public var id: String
    /// The suggestion draft in intake that deputies take up.
    public var suggestion: String
    public var organ: String
    public var issue: String
    public var field: String
    public var replyDue: String
    public var replyOverdue: Bool
}
