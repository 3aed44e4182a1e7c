import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The routing queue and staff decisions: confirm or change the proposal; municipal tier is
/// forwarded to the municipal congress and its answer recorded.
func addRoutingRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment) {
    let database = environment.database
    let routings = router.group("api/v1/routings")

    @Sendable func visibleRecord(_ context: ServiceRequestContext) async throws -> (Principal, RoutingRecord) {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("suggestion")
        guard let record = try await routingRecord(database, district: principal.district, suggestion: id),
              principal.role != .streetStaff || principal.street == record.street else {
            throw Problem.notFound("没有找到这条建议的交办记录。")
        }
        return (principal, record)
    }

    routings.get { request, context in
        let status = request.uri.queryParameters.get("status")
        if let status, RoutingRecord.Status(rawValue: status) == nil {
            throw Problem.validation(["status": "状态须为 proposed、confirmed、issued、forwarded、municipalAnswered 或 returned。"])
        }
        return try jsonResponse(try await routingQueue(database, principal: try context.requirePrincipal(), status: status))
    }

    routings.get("{suggestion}") { _, context in
        try jsonResponse(try await visibleRecord(context).1)
    }

    routings.post("{suggestion}/decision") { request, context in
        let (principal, record) = try await visibleRecord(context)
        let input = try await request.decode(as: RoutingDecisionInput.self, context: context)
        guard record.status == .proposed || record.status == .returned || record.status == .confirmed else {
            throw Problem.conflict("routing-decided", "这条建议已经\(record.status == .issued ? "交办" : "转市人大")，不能再改变交办决定。")
        }
        let tier = input.tier ?? record.tier
        try requireMayDecide(principal, tier: tier, street: record.street)
        // Changing the tier without naming units would keep units of the wrong tier.
        let lead = input.leadUnit ?? record.leadUnit
        let coUnits = Array(Set(input.coUnits ?? record.coUnits)).sorted()
        let errors = try await decisionErrors(database, district: principal.district, street: record.street, tier: tier, lead: lead, coUnits: coUnits)
        guard errors.isEmpty else { throw Problem.validation(errors) }
        let now = Date()
        let leadName = try await unit(database, district: principal.district, code: lead)?.name ?? lead
        let status: RoutingRecord.Status = tier == .municipal ? .forwarded : .confirmed
        let message = try OutgoingMessage(
            .suggestionRouted, to: [.intake], district: principal.district, entity: record.suggestion,
            body: SuggestionRoutedBody(suggestion: record.suggestion, tier: tier, leadUnit: lead, leadUnitName: leadName, coUnits: coUnits, routedAt: now))
        defer { environment.outboxWakeup.signal() }
        return try await commit(database) { db in
            try await db.execute("""
                UPDATE routings SET status = \(status.rawValue), tier = \(tier.rawValue), lead_unit = \(lead), co_units = \(jsonList(coUnits)),
                    complex = \(input.complex ?? record.complex), decided_by = \(principal.subject), decided_at = \(now), updated_at = \(now)
                WHERE suggestion = \(record.suggestion)
                """)
            try await enqueue(message, db, at: now)
            try await environment.audit(db, actor: principal.subject, action: "routing.decide", entity: "suggestion", entityID: record.suggestion,
                                        summary: "\(tier.rawValue) \(lead)" + (input.note.map { "：\($0)" } ?? ""))
            return try .json(try await routingRecord(db, district: principal.district, suggestion: record.suggestion))
        }
    }

    routings.post("{suggestion}/municipal-answer") { request, context in
        let (principal, record) = try await visibleRecord(context)
        guard principal.role == .districtStaff || principal.role == .admin else { throw Problem.forbidden("市人大的答复由区人大常委会工作人员登记。") }
        guard record.status == .forwarded else { throw Problem.conflict("not-forwarded", "这条建议没有转市人大办理，或答复已经登记。") }
        let input = try await request.decode(as: MunicipalAnswerInput.self, context: context)
        let answer = input.answer.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (5...5000).contains(answer.count) else { throw Problem.validation(["answer": "请登记市人大的答复（5 到 5000 字）。"]) }
        let now = Date()
        let congress = try await unit(database, district: principal.district, code: record.leadUnit)?.name ?? "市人大常委会"
        // The receipt tells the end of the story in the words handling steps use.
        let message = try OutgoingMessage(
            .caseStatusChanged, to: [.intake], district: principal.district, entity: record.suggestion,
            body: CaseStatusChangedBody(suggestion: record.suggestion, caseID: "municipal-" + record.suggestion, unitName: congress,
                                        status: .closed, publicNote: answer, at: now))
        defer { environment.outboxWakeup.signal() }
        return try await commit(database) { db in
            try await db.execute("""
                UPDATE routings SET status = 'municipalAnswered', municipal_answer = \(answer), municipal_answered_at = \(now), updated_at = \(now)
                WHERE suggestion = \(record.suggestion)
                """)
            try await enqueue(message, db, at: now)
            try await environment.audit(db, actor: principal.subject, action: "routing.municipal-answer", entity: "suggestion", entityID: record.suggestion)
            return try .json(try await routingRecord(db, district: principal.district, suggestion: record.suggestion))
        }
    }
}

public struct MunicipalAnswerInput: Codable, Sendable {
    public var answer: String
    public init(answer: String) { self.answer = answer }
}
