import Foundation
import Hummingbird
import ServiceKit

/// The deputy's suggestions: their list, a draft from chosen opinions with co-signers, and one
/// suggestion with its signers, where a co-signer confirms and the lead deputy submits.
extension DeputyPages {
    /// A deputy as `GET /api/v1/deputies` names them.
    struct NamedDeputy: Decodable {
        var code: String
        var name: String
    }

    func suggestions(account: AccountRecord) async throws -> Response {
        let me = account.principal.subject
        let list = try await caller.get([DeputyAPI.Suggestion].self, from: .intake, "/api/v1/suggestions", as: account.principal)
        return pages.page("deputy-suggestions", ["suggestions": list.map { suggestion -> [String: Any] in
            let mine = suggestion.signers.first { $0.deputy == me }
            return ["id": suggestion.id, "title": suggestion.title, "statusName": DeputyWords.suggestionStatus(suggestion.status),
                    "roleName": suggestion.leadDeputy == me ? "领衔" : "附议",
                    "mustConfirm": suggestion.status == "draft" && mine?.confirmed == false]
        }])
    }

    /// What a suggestion action did, as the page says it after the redirect.
    static let suggestionNotices = [
        "drafted": "草稿已保存，所选意见已写入建议。附议代表确认后即可提交。", "confirmed": "您已确认附议。", "submitted": "建议已提交，等待交办。",
    ]

    func suggestion(_ id: String, session: Session, account: AccountRecord, notice: String? = nil, formError: String? = nil,
                    status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = account.principal
        let suggestion = try await caller.get(DeputyAPI.Suggestion.self, from: .intake, "/api/v1/suggestions/" + deputyPathSegment(id), as: principal)
        let workplace = try await caller.get(DeputyAPI.Workplace.self, from: .intake, "/api/v1/workplace", as: principal)
        let names = try await caller.get([NamedDeputy].self, from: .intake, "/api/v1/deputies" + deputyQuery(suggestion.signers.map { ("code", $0.deputy) }), as: principal)
        let me = principal.subject
        let draft = suggestion.status == "draft"
        var values: [String: Any] = [
            "suggestion": ["id": suggestion.id, "title": suggestion.title, "body": suggestion.body],
            "statusName": DeputyWords.suggestionStatus(suggestion.status), "categoryName": workplace.categoryName(suggestion.category),
            "signers": suggestion.signers.map { signer -> [String: Any] in
                ["deputy": signer.deputy, "name": names.first { $0.code == signer.deputy }?.name ?? signer.deputy,
                 "roleName": signer.role == "lead" ? "领衔代表" : "附议代表", "confirmed": signer.confirmed]
            },
            "opinions": suggestion.opinions, "csrf": session.csrf,
            "mayConfirm": draft && suggestion.signers.contains { $0.deputy == me && !$0.confirmed },
            "maySubmit": draft && suggestion.leadDeputy == me,
        ]
        if !draft {
            let cases = await openCases(account, suggestion: suggestion.id)
            values["handling"] = ["cases": cases ?? [], "unavailable": cases == nil, "none": cases?.isEmpty == true]
        }
        if let place = suggestion.place.flatMap(nonEmpty) { values["place"] = place }
        if let notice { values["notice"] = notice }
        if let formError { values["formError"] = formError }
        return pages.page("deputy-suggestion", values, status: status)
    }

    /// Confirm as co-signer, or submit as lead deputy: intake decides whether they may.
    func suggestionAction(_ request: Request, id: String, action: String, session: Session, account: AccountRecord) async throws -> Response {
        guard let form = await decodeForm(CSRFForm.self, from: request), form.csrf == session.csrf else {
            return try await suggestion(id, session: session, account: account, formError: "页面已过期，请重新提交。", status: .forbidden)
        }
        let path = "/api/v1/suggestions/" + deputyPathSegment(id) + "/" + action
        let answer = try await caller.call(.intake, .POST, path, as: account.principal, idempotencyKey: idempotencyKey(account, path, Data()))
        try requireReadable(answer)
        if answer.succeeded {
            return redirect("/suggestions/" + deputyPathSegment(id) + deputyQuery([("done", action == "confirm" ? "confirmed" : "submitted")]))
        }
        if answer.status.code == 404 { throw ServiceRefused(status: answer.status, detail: answer.problemDetail) }
        return try await suggestion(id, session: session, account: account, formError: "没有办成：" + (answer.problemDetail ?? "请稍后再试。"),
                                    status: HTTPResponse.Status(code: Int(answer.status.code)))
    }

    func draftPage(session: Session, account: AccountRecord, form: DeputyDraftForm? = nil, chosen: [String] = [], errors: [String: String] = [:],
                   formError: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = account.principal
        let workplace = try await caller.get(DeputyAPI.Workplace.self, from: .intake, "/api/v1/workplace", as: principal)
        let pending = try await caller.get(DeputyAPI.LedgerPage.self, from: .intake, "/api/v1/ledger?status=received&limit=100", as: principal)
        let fieldOrder = ["title", "category", "body", "coSigners", "opinions"]
        var values: [String: Any] = [
            "csrf": session.csrf, "form": form?.templateValues ?? [:], "errors": errors,
            "focus": fieldOrder.first { errors[$0] != nil }.map { [$0: true] } ?? [:],
            "categories": workplace.categories.map { ["value": $0.code, "name": $0.name, "selected": form?.category == $0.code] },
            "pending": pending.items.map { ["id": $0.id, "summary": deputySummary($0.content), "day": DeputyWords.day($0.createdAt), "chosen": chosen.contains($0.id)] },
        ]
        if let formError { values["formError"] = formError }
        return pages.page("deputy-draft", values, status: status)
    }

    func draft(_ request: Request, session: Session, account: AccountRecord) async throws -> Response {
        guard let form = await decodeForm(DeputyDraftForm.self, from: request), form.csrf == session.csrf else {
            return try await draftPage(session: session, account: account, formError: "页面已过期，请重新填写。", status: .forbidden)
        }
        let chosen = form.opinions ?? []
        var errors: [String: String] = [:]
        if nonEmpty(form.category) == nil { errors["category"] = "请选择类别。" }
        let body = DeputyDraftBody(title: form.title ?? "", body: form.body ?? "", category: form.category ?? "", place: nonEmpty(form.place),
                                   coSigners: form.coSignerCodes, opinions: chosen)
        if errors.isEmpty {
            let json = try JSONEncoder().encode(body)
            let path = "/api/v1/suggestions"
            let answer = try await caller.call(.intake, .POST, path, json: json, as: account.principal, idempotencyKey: idempotencyKey(account, path, json))
            try requireReadable(answer)
            if answer.succeeded {
                let created = try answer.decoded(DeputyAPI.Suggestion.self)
                return redirect("/suggestions/" + deputyPathSegment(created.id) + deputyQuery([("done", "drafted")]))
            }
            let (found, detail) = fieldProblems(answer)
            errors = found
            if errors.isEmpty {
                return try await draftPage(session: session, account: account, form: form, chosen: chosen, formError: detail ?? "没有保存成功，请稍后再试。",
                                           status: HTTPResponse.Status(code: Int(answer.status.code)))
            }
        }
        return try await draftPage(session: session, account: account, form: form, chosen: chosen, errors: errors,
                                   formError: "有需要修改的地方，请看下方红字提示。", status: .unprocessableContent)
    }
}
