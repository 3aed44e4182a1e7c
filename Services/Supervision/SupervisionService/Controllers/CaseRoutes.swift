import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// A unit works its cases: accept, report progress, log contact with the lead deputy, reply with
/// a result class, or return the assignment as outside its remit within the return window.
func addCaseRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment) {
    let database = environment.database
    let cases = router.group("api/v1/cases")
    let replyNeedsContact = environment.configuration.replyRequiresContact

    cases.get { request, context in
        try jsonResponse(try await visibleCases(database, principal: try context.requirePrincipal(), status: request.uri.queryParameters.get("status")))
    }
    cases.get("{id}") { _, context in
        let record = try await visibleCase(database, id: try context.parameters.require("id"), principal: try context.requirePrincipal())
        var detail = try await caseDetail(database, record: record)
        detail.replyRequiresContact = replyNeedsContact
        return try jsonResponse(detail)
    }

    /// The unit's own case, for acting on it: others may look but not act.
    @Sendable func ownCase(_ context: ServiceRequestContext, _ action: CaseAction) async throws -> (Principal, CaseRecord) {
        let principal = try context.requirePrincipal()
        let record = try await visibleCase(database, id: try context.parameters.require("id"), principal: principal)
        guard principal.role == .unit else { throw Problem.forbidden("只有承办单位可以办理本单位的交办。") }
        try requireAllowed(action, on: record)
        return (principal, record)
    }

    @Sendable func step(_ record: CaseRecord, _ principal: Principal, status: CaseStatus?, kind: String, note: String, isPublic: Bool) async throws -> Response {
        let now = environment.clock.now()
        defer { environment.outboxWakeup.signal() }
        return try await commit(database) { db in
            try await recordStep(db, environment: environment, record: record, status: status, kind: kind, note: note, isPublic: isPublic,
                                 actor: principal.subject, at: now)
            return try .json(try await caseRecord(db, id: record.id))
        }
    }

    cases.post("{id}/accept") { _, context in
        let (principal, record) = try await ownCase(context, .accept)
        return try await step(record, principal, status: .accepted, kind: "accepted", note: "\(record.unitName)已接收，开始办理。", isPublic: true)
    }

    cases.post("{id}/progress") { request, context in
        let (principal, record) = try await ownCase(context, .progress)
        let input = try await request.decode(as: ProgressInput.self, context: context)
        let errors = textError(input.note, field: "note", range: 2...2000, what: "办理进展")
        guard errors.isEmpty else { throw Problem.validation(errors) }
        return try await step(record, principal, status: .inProgress, kind: "progress", note: input.note, isPublic: input.public ?? true)
    }

    cases.post("{id}/contacts") { request, context in
        let (principal, record) = try await ownCase(context, .contact)
        let input = try await request.decode(as: ContactInput.self, context: context)
        var errors = textError(input.summary, field: "summary", range: 2...2000, what: "沟通情况")
        if CivilDay(input.day) == nil { errors["day"] = "日期格式应为 YYYY-MM-DD。" }
        if !(1...20).contains(input.method.count) { errors["method"] = "请写明沟通方式（如 当面、电话、座谈）。" }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        let now = environment.clock.now()
        defer { environment.outboxWakeup.signal() }
        return try await commit(database) { db in
            try await db.execute("""
                INSERT INTO deputy_contacts (case_id, round, method, day, summary, logged_by, at)
                VALUES (\(record.id), \(record.round), \(input.method), \(input.day), \(input.summary), \(principal.subject), \(now))
                """)
            try await recordStep(db, environment: environment, record: record, status: nil, kind: "contact",
                                 note: "\(input.day) 与领衔代表\(input.method)沟通。", isPublic: true, actor: principal.subject, at: now)
            return try .json(try await caseRecord(db, id: record.id), status: .created)
        }
    }

    cases.post("{id}/reply") { request, context in
        let (principal, record) = try await ownCase(context, .reply)
        guard record.role == .lead else { throw Problem.conflict("co-unit-reply", "协办单位不直接答复代表，请向主办单位提交书面意见。") }
        let input = try await request.decode(as: ReplyInput.self, context: context)
        var errors = textError(input.text, field: "text", range: 10...20_000, what: "答复内容")
        let today = CivilDay(environment.clock.now())
        if input.result == .B {
            if let promise = input.promise {
                errors.merge(textError(promise.what, field: "promise.what", range: 2...500, what: "承诺事项")) { first, _ in first }
                if CivilDay(promise.due).map({ $0 < today }) ?? true { errors["promise.due"] = "承诺完成日期须为今天或以后的 YYYY-MM-DD。" }
            } else {
                errors["promise"] = "B 类答复须写明承诺解决的事项和完成日期，以便跟踪落实。"
            }
        }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        if replyNeedsContact, try await database.queryFirst("SELECT 1 AS known FROM deputy_contacts WHERE case_id = \(record.id) AND round = \(record.round)") == nil {
            throw Problem.conflict("contact-before-reply", "答复前须先与领衔代表沟通并登记沟通情况。")
        }
        let now = environment.clock.now()
        let message = try OutgoingMessage(
            .replySubmitted, to: [.evaluation], district: principal.district, entity: record.id,
            body: ReplySubmittedBody(caseID: record.id, suggestion: record.suggestion, unit: record.unit, unitName: record.unitName,
                                     round: record.round, result: input.result, text: input.text, leadDeputy: record.leadDeputy, repliedAt: now,
                                     deadline: record.deadline))
        defer { environment.outboxWakeup.signal() }
        return try await commit(database) { db in
            try await db.execute("UPDATE cases SET reply_result = \(input.result.rawValue), reply_text = \(input.text) WHERE id = \(record.id)")
            if input.result == .B, let promise = input.promise {
                try await db.execute("""
                    INSERT INTO promises (id, district, case_id, suggestion, unit, what, due, created_at)
                    VALUES (\(makeID(prefix: "pr")), \(principal.district), \(record.id), \(record.suggestion), \(record.unit), \(promise.what), \(promise.due), \(now))
                    """)
            }
            try await enqueue(message, db, at: now)
            try await recordStep(db, environment: environment, record: record, status: .replied, kind: "replied",
                                 note: "\(record.unitName)已答复（\(resultName(input.result))）。", isPublic: true, actor: principal.subject, at: now)
            return try .json(try await caseRecord(db, id: record.id))
        }
    }

    cases.post("{id}/co-opinion") { request, context in
        let (principal, record) = try await ownCase(context, .coOpinion)
        guard record.role == .coUnit else { throw Problem.conflict("not-co-unit", "只有协办单位提交书面协办意见；主办单位请直接答复。") }
        let input = try await request.decode(as: CoOpinionInput.self, context: context)
        let errors = textError(input.text, field: "text", range: 10...10_000, what: "协办意见")
        guard errors.isEmpty else { throw Problem.validation(errors) }
        let now = environment.clock.now()
        return try await commit(database) { db in
            try await db.execute("""
                INSERT INTO co_opinions (case_id, suggestion, unit, unit_name, text, at)
                VALUES (\(record.id), \(record.suggestion), \(record.unit), \(record.unitName), \(input.text), \(now))
                """)
            try await recordStep(db, environment: environment, record: record, status: .closed, kind: "coOpinion",
                                 note: "\(record.unitName)已向主办单位提交书面协办意见。", isPublic: true, actor: principal.subject, at: now)
            return try .json(try await caseDetail(db, record: try await visibleCase(db, id: record.id, principal: principal)))
        }
    }

    cases.post("{id}/promises/{promise}/done") { request, context in
        let principal = try context.requirePrincipal()
        let record = try await visibleCase(database, id: try context.parameters.require("id"), principal: principal)
        guard principal.role == .unit else { throw Problem.forbidden("只有承办单位可以报告承诺事项已完成。") }
        let input = try await request.decode(as: PromiseDoneInput.self, context: context)
        let errors = textError(input.note, field: "note", range: 2...2000, what: "完成情况")
        guard errors.isEmpty else { throw Problem.validation(errors) }
        let promise = try context.parameters.require("promise")
        let now = environment.clock.now()
        defer { environment.outboxWakeup.signal() }
        return try await commit(database) { db in
            let done = try await db.query("""
                UPDATE promises SET done_at = \(now), done_note = \(input.note) WHERE id = \(promise) AND case_id = \(record.id) AND done_at IS NULL RETURNING id
                """)
            guard !done.isEmpty else { throw Problem.conflict("promise-not-open", "没有这项待落实的承诺，或已报告完成。") }
            try await recordStep(db, environment: environment, record: record, status: nil, kind: "promiseDone",
                                 note: "承诺事项已落实：\(input.note)", isPublic: true, actor: principal.subject, at: now)
            return try .json(try await caseDetail(db, record: record))
        }
    }

    cases.post("{id}/urge") { request, context in
        let principal = try context.requirePrincipal()
        let record = try await visibleCase(database, id: try context.parameters.require("id"), principal: principal)
        guard [.districtStaff, .councilMember, .streetStaff, .admin].contains(principal.role) else { throw Problem.forbidden("催办由人大常委会工作人员或主任会议成员发出。") }
        guard [.assigned, .accepted, .inProgress, .rehandling].contains(record.status) else {
            throw Problem.conflict("case-not-open", "交办当前状态为 \(record.status.chineseName)，无需催办。")
        }
        let input = try await request.decode(as: UrgeInput.self, context: context)
        let errors = textError(input.note, field: "note", range: 2...1000, what: "催办意见")
        guard errors.isEmpty else { throw Problem.validation(errors) }
        return try await step(record, principal, status: nil, kind: "urged", note: "区人大常委会催办：\(input.note)", isPublic: true)
    }

    cases.post("{id}/return") { request, context in
        let (principal, record) = try await ownCase(context, .returnAssignment)
        let input = try await request.decode(as: ReturnInput.self, context: context)
        let errors = textError(input.reason, field: "reason", range: 5...2000, what: "退回理由")
        guard errors.isEmpty else { throw Problem.validation(errors) }
        let now = environment.clock.now()
        guard let lastDay = CivilDay(record.returnUntil), CivilDay(now) <= lastDay else {
            throw Problem.conflict("return-window-closed", "退回须在交办后 5 个工作日内提出（截至 \(record.returnUntil)），现已超过期限，请按交办要求办理。")
        }
        let message = try OutgoingMessage(
            .assignmentReturned, to: [.routing], district: principal.district, entity: record.assignment,
            body: AssignmentReturnedBody(assignment: record.assignment, suggestion: record.suggestion, unit: record.unit, reason: input.reason, returnedAt: now))
        defer { environment.outboxWakeup.signal() }
        return try await commit(database) { db in
            try await enqueue(message, db, at: now)
            try await recordStep(db, environment: environment, record: record, status: .returned, kind: "returned",
                                 note: "\(record.unitName)认为不属本单位职责，已退回重新交办。", isPublic: true, actor: principal.subject, at: now)
            return try .json(try await caseRecord(db, id: record.id))
        }
    }
}

func resultName(_ result: ReplyResult) -> String {
    switch result {
    case .A: "A 类：已解决或采纳"
    case .B: "B 类：正在解决或列入计划解决"
    case .C: "C 类：因条件限制暂时无法解决，已作说明"
    }
}
