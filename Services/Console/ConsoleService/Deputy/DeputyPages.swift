import Contracts
import Foundation
import Hummingbird
import Logging
import ServiceKit

/// The deputy's pages: their to-do list, their station's ledger, triage of one opinion and the
/// form for an opinion heard in person. Every figure and every change goes through intake's API
/// as the signed-in deputy, so intake decides what they may see and do; a refusal is shown in
/// words, a service that does not answer as a 503 page.
struct DeputyPages: Sendable {
    let pages: PageRenderer
    let caller: ServiceCaller
    let signedIn: SignedInGate
    let clock: ServiceClock
    let calendar: WorkingDayCalendar
    let logger: Logger

    init(_ environment: ServiceEnvironment) throws {
        pages = try PageRenderer(templates: deputyTemplates)
        caller = ServiceCaller(environment)
        signedIn = SignedInGate(database: environment.database, limits: try SessionLimits(environment.configuration), clock: environment.clock)
        clock = environment.clock
        calendar = environment.calendar
        logger = environment.logger
    }

    /// A page only a signed-in deputy sees; others are told it is not theirs.
    func deputyPage(_ request: Request, _ body: (Session, AccountRecord) async throws -> Response) async throws -> Response {
        try await signedIn.page(request, purpose: .work) { session, account in
            guard account.view.role == .deputy else {
                return pages.message("无权访问", "这个页面供人大代表使用。", status: .forbidden, back: "/")
            }
            return try await answering { try await body(session, account) }
        }
    }

    /// The page `body` builds, or the page that says why it cannot be shown.
    func answering(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let unavailable as ServiceUnavailable {
            logger.warning("deputy page: \(unavailable)")
            var response = problemPage("暂时无法打开", "民意台账服务暂时无法访问，请稍后再试。如果一直这样，请联系区人大信息化工作人员。",
                                       status: .serviceUnavailable)
            response.headers[.retryAfter] = "60"
            return response
        } catch let refused as ServiceRefused {
            switch refused.status.code {
            case 404: return problemPage("没有找到", refused.detail ?? "没有找到这条记录，或它不属于您所在的站点。", status: .notFound)
            case 403: return problemPage("无权查看", refused.detail ?? "这条记录不属于您所在的站点。", status: .forbidden)
            case 400, 422: return problemPage("无法打开", refused.detail ?? "请求的内容有误，请返回后重试。", status: .badRequest)
            default:
                logger.warning("deputy page: intake answered \(refused)")
                return problemPage("暂时无法打开", "民意台账服务暂时无法办理，请稍后再试。", status: .serviceUnavailable)
            }
        }
    }

    func problemPage(_ heading: String, _ message: String, status: HTTPResponse.Status, back: String = "/") -> Response {
        pages.page("deputy-problem", ["heading": heading, "message": message, "back": back], status: status)
    }

    /// An idempotency key for a posted form: the same deputy posting the same thing to the same
    /// place (a double tap) gets one effect.
    func idempotencyKey(_ account: AccountRecord, _ path: String, _ body: Data) -> String {
        "console-" + Sessions.hash(account.view.login + "\n" + path + "\n" + String(decoding: body, as: UTF8.self))
    }

    /// The per-field messages of a 422 from intake, and its detail.
    func fieldProblems(_ answer: ServiceCaller.Answer) -> (errors: [String: String], detail: String?) {
        let problems = try? JSONDecoder().decode(DeputyAPI.FieldProblems.self, from: answer.body)
        return (problems?.errors ?? [:], problems?.detail)
    }

    /// A refused write other than a 422 becomes an error a page can show; a server error is the
    /// 503 page.
    func requireReadable(_ answer: ServiceCaller.Answer) throws {
        if answer.status.code >= 500 { throw ServiceUnavailable(detail: "intake answered \(answer.status.code)") }
    }

    // MARK: - Home (待办)

    /// The to-do list. When intake does not answer or refuses (down, or not trusting the
    /// console's token), it still greets the deputy and lets them sign out, saying that the to-do
    /// list cannot be had now.
    func home(_ request: Request, session: Session, account: AccountRecord) async throws -> Response {
        do {
            return try await homeWithItems(request, session: session, account: account)
        } catch let error where error is ServiceUnavailable || error is ServiceRefused {
            logger.warning("deputy home: \(error)")
            return pages.page("deputy-home", [
                "displayName": account.view.displayName, "unavailable": true, "csrf": session.csrf, "mayEnrol": account.totpSecret == nil,
            ])
        }
    }

    private func homeWithItems(_ request: Request, session: Session, account: AccountRecord) async throws -> Response {
        let principal = account.principal
        let workplace = try await caller.get(DeputyAPI.Workplace.self, from: .intake, "/api/v1/workplace", as: principal)
        let pending = try await caller.get(DeputyAPI.LedgerPage.self, from: .intake, "/api/v1/ledger?status=received&limit=100", as: principal)
        let pendingCount = try await caller.get([LedgerCountLine].self, from: .intake, "/api/v1/ledger/stats?by=street&status=received", as: principal)
        let totalCount = try await caller.get([LedgerCountLine].self, from: .intake, "/api/v1/ledger/stats?by=street", as: principal)
        let toConfirm = try await caller.get([DeputyAPI.Suggestion].self, from: .intake, "/api/v1/suggestions", as: principal).filter { suggestion in
            suggestion.status == "draft" && suggestion.signers.contains { $0.deputy == principal.subject && !$0.confirmed }
        }
        let cases = await openCases(account)
        let now = clock.now()
        // The ledger answers newest first; the one waiting longest comes first here.
        let oldestFirst = pending.items.sorted { $0.createdAt < $1.createdAt }
        var values: [String: Any] = [
            "displayName": account.view.displayName, "stationName": workplace.stations.first?.name ?? "",
            "pendingCount": pendingCount.reduce(0) { $0 + $1.count }, "totalCount": totalCount.reduce(0) { $0 + $1.count },
            "pending": oldestFirst.map { entry -> [String: Any] in
                ["id": entry.id, "summary": deputySummary(entry.content), "categoryName": workplace.categoryName(entry.category),
                 "channelName": DeputyWords.channel(entry.channel), "day": DeputyWords.day(entry.createdAt),
                 "waiting": DeputyWords.waiting(since: entry.createdAt, now: now)]
            },
            "more": pending.nextCursor != nil, "csrf": session.csrf, "mayEnrol": account.totpSecret == nil,
            "confirmCount": toConfirm.count, "hasToConfirm": !toConfirm.isEmpty,
            "cases": cases ?? [], "hasCases": cases?.isEmpty == false, "casesUnavailable": cases == nil,
            "toConfirm": toConfirm.map { ["id": $0.id, "title": $0.title] },
        ]
        if request.uri.queryParameters.get("changed") != nil { values["notice"] = "新密码已保存。" }
        if request.uri.queryParameters.get("enrolled") != nil { values["notice"] = "两步验证已开启，以后登录时还需输入身份验证器上的验证码。" }
        return pages.page("deputy-home", values)
    }

    /// The open cases of the deputy's suggestions, nearest deadline first, as a list's lines; nil
    /// when supervision cannot say (the page says so instead of failing).
    func openCases(_ account: AccountRecord, suggestion: String? = nil) async -> [[String: Any]]? {
        do {
            let cases = try await caller.get([DeputyAPI.Case].self, from: .supervision, "/api/v1/cases", as: account.principal)
            let now = clock.now()
            return cases.filter { !["closed", "returned"].contains($0.status) && (suggestion == nil || $0.suggestion == suggestion) }
                .sorted { ($0.deadline, $0.id) < ($1.deadline, $1.id) }
                .map { handling -> [String: Any] in
                    let day = CivilDay(handling.deadline)
                    return ["suggestion": handling.suggestion, "title": handling.title, "unitName": handling.unitName,
                            "roleName": handling.role == "lead" ? "主办" : "协办", "statusName": DeputyWords.caseStatus(handling.status),
                            "deadline": day.map { "\($0.year)年\($0.month)月\($0.day)日" } ?? handling.deadline,
                            "deadlineWords": day.map { DeputyWords.deadline($0, now: now, calendar: calendar) } ?? "",
                            "late": handling.overdue || day.map { $0 < CivilDay(now) } == true]
                }
        } catch {
            logger.warning("deputy pages: no cases from supervision: \(error)")
            return nil
        }
    }

    /// One line of `GET /api/v1/ledger/stats`.
    struct LedgerCountLine: Decodable {
        var key: String
        var count: Int
    }

    // MARK: - Ledger (民意台账)

    func ledger(_ request: Request, account: AccountRecord) async throws -> Response {
        let principal = account.principal
        let query = request.uri.queryParameters
        let names = ["q", "status", "channel", "category", "from", "to"]
        var form: [String: String] = [:]
        for name in names { form[name] = query.get(name).flatMap(nonEmpty) }
        let workplace = try await caller.get(DeputyAPI.Workplace.self, from: .intake, "/api/v1/workplace", as: principal)
        let filters = names.map { ($0, form[$0]) }
        let cursor = query.get("cursor").flatMap(nonEmpty)
        let answer = try await caller.call(.intake, .GET, "/api/v1/ledger" + deputyQuery(filters + [("limit", "20"), ("cursor", cursor)]), as: principal)
        try requireReadable(answer)
        var values: [String: Any] = [
            "stationName": workplace.stations.first?.name ?? "本站", "form": form, "searching": names.contains { form[$0] != nil },
            "statuses": DeputyWords.statuses.map { ["value": $0, "name": DeputyWords.status($0), "selected": form["status"] == $0] },
            "channels": DeputyWords.channels.map { ["value": $0, "name": DeputyWords.channel($0), "selected": form["channel"] == $0] },
            "categories": workplace.categories.map { ["value": $0.code, "name": $0.name, "selected": form["category"] == $0.code] },
        ]
        guard answer.succeeded else {
            guard [400, 422].contains(answer.status.code) else { throw ServiceRefused(status: answer.status, detail: answer.problemDetail) }
            let (errors, detail) = fieldProblems(answer)
            values["errors"] = errors
            values["formError"] = errors.isEmpty ? (detail ?? "查找条件有误，请修改后再试。") : "查找条件有误，请看下方红字提示。"
            values["items"] = [[String: Any]]()
            return pages.page("deputy-ledger", values, status: .unprocessableContent)
        }
        let page = try answer.decoded(DeputyAPI.LedgerPage.self)
        values["items"] = page.items.map { entry -> [String: Any] in
            ["id": entry.id, "summary": deputySummary(entry.content), "statusName": DeputyWords.status(entry.status),
             "categoryName": workplace.categoryName(entry.category), "channelName": DeputyWords.channel(entry.channel),
             "day": DeputyWords.day(entry.createdAt)]
        }
        if let next = page.nextCursor { values["nextPage"] = "/ledger" + deputyQuery(filters + [("cursor", next)]) }
        if cursor != nil { values["firstPage"] = "/ledger" + deputyQuery(filters) }
        values["paged"] = page.nextCursor != nil || cursor != nil
        return pages.page("deputy-ledger", values)
    }

    // MARK: - One opinion and its triage

    /// What a triage action did, as the page says it after the redirect.
    static let triageNotices = [
        "resolve": "已记为现场解决，群众在回执页可以看到。", "explain": "已提交说明，群众在回执页可以看到原因。",
        "merge": "已与同类意见合并，一并办理。", "attach": "已并入建议草稿。",
        "recorded": "意见已登记，进入本站民意台账。",
    ]

    func opinion(_ id: String, session: Session, account: AccountRecord, notice: String? = nil, form: [String: String] = [:],
                 errors: [String: String] = [:], formError: String? = nil, expanded: String? = nil,
                 status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = account.principal
        let path = "/api/v1/opinions/" + deputyPathSegment(id)
        let opinion = try await caller.get(DeputyAPI.Opinion.self, from: .intake, path, as: principal)
        let mayTriage = opinion.status == "received"
        let similar = mayTriage ? try await caller.get([DeputyAPI.SimilarOpinion].self, from: .intake, path + "/similar?limit=5", as: principal) : []
        let drafts = mayTriage ? try await caller.get([DeputyAPI.Suggestion].self, from: .intake, "/api/v1/suggestions", as: principal)
            .filter { $0.status == "draft" } : []
        // Absent fields stay out: Mustache takes an empty string for true.
        var shown: [String: Any] = ["id": opinion.id, "stationName": opinion.stationName, "content": opinion.content]
        if let place = opinion.place.flatMap(nonEmpty) { shown["place"] = place }
        if let mergedInto = opinion.mergedInto { shown["mergedInto"] = mergedInto }
        if let explanation = opinion.explanation.flatMap(nonEmpty) { shown["explanation"] = explanation }
        var values: [String: Any] = [
            "opinion": shown,
            "categoryName": opinion.categoryName, "channelName": DeputyWords.channel(opinion.channel),
            "statusName": DeputyWords.status(opinion.status), "day": DeputyWords.day(opinion.createdAt),
            "steps": opinion.timeline.map { ["at": chinaTime($0.at), "note": $0.note] },
            "mayTriage": mayTriage, "csrf": session.csrf, "form": form, "errors": errors,
            "expanded": expanded.map { [$0: true] } ?? [:],
            "hasSimilar": !similar.isEmpty, "hasDrafts": !drafts.isEmpty, "drafts": drafts.map { ["id": $0.id, "title": $0.title] },
            "similar": similar.map { ["id": $0.id, "summary": deputySummary($0.content), "day": DeputyWords.day($0.createdAt)] },
        ]
        if let notice { values["notice"] = notice }
        if let formError { values["formError"] = formError }
        return pages.page("deputy-opinion", values, status: status)
    }

    func triage(_ request: Request, id: String, session: Session, account: AccountRecord) async throws -> Response {
        guard let form = await decodeForm(DeputyTriageForm.self, from: request), form.csrf == session.csrf else {
            return try await opinion(id, session: session, account: account, formError: "页面已过期，请重新提交。", status: .forbidden)
        }
        let action = form.action ?? ""
        guard ["resolve", "explain", "merge", "attach"].contains(action) else {
            return try await opinion(id, session: session, account: account, formError: "请选择一种处理方式。", status: .unprocessableContent)
        }
        let body = DeputyTriageBody(
            action: action, note: action == "resolve" || action == "explain" ? form.note : nil,
            into: action == "merge" ? nonEmpty(form.intoTyped) ?? nonEmpty(form.into) : nil,
            suggestion: action == "attach" ? nonEmpty(form.suggestion) : nil)
        let json = try JSONEncoder().encode(body)
        let path = "/api/v1/opinions/" + deputyPathSegment(id) + "/triage"
        let answer = try await caller.call(.intake, .POST, path, json: json, as: account.principal,
                                           idempotencyKey: idempotencyKey(account, path, json))
        try requireReadable(answer)
        if answer.succeeded { return redirect("/opinions/" + deputyPathSegment(id) + deputyQuery([("done", action)])) }
        // The form shows again, open, with the typed text and intake's reason beside its field.
        let typed = body.note ?? body.into ?? body.suggestion ?? ""
        let (errors, detail) = fieldProblems(answer)
        let fieldError = errors["note"] ?? errors["into"] ?? errors["suggestion"]
        if answer.status.code == 404 && fieldError == nil && action != "merge" { throw ServiceRefused(status: answer.status, detail: detail) }
        let reason = fieldError ?? detail ?? "没有办成，请稍后再试。"
        return try await opinion(id, session: session, account: account, form: [action: typed], errors: [action: reason],
                                 formError: "没有办成：" + reason, expanded: action, status: HTTPResponse.Status(code: Int(answer.status.code)))
    }

    // MARK: - Recording an opinion heard in person

    func recordPage(session: Session, account: AccountRecord, form: DeputyRecordForm? = nil, errors: [String: String] = [:],
                    formError: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let workplace = try await caller.get(DeputyAPI.Workplace.self, from: .intake, "/api/v1/workplace", as: account.principal)
        let chosenChannel = form?.channel ?? "reception"
        let fieldOrder = ["station", "channel", "category", "content", "place", "contact", "contactConsent"]
        var values: [String: Any] = [
            "csrf": session.csrf, "form": form?.templateValues ?? [:], "errors": errors,
            "focus": fieldOrder.first { errors[$0] != nil }.map { [$0: true] } ?? [:],
            "stations": workplace.stations.map { ["value": $0.code, "name": $0.name, "selected": form?.station == $0.code] },
            "channels": DeputyWords.recordedChannels.map { ["value": $0, "name": DeputyWords.channel($0), "selected": chosenChannel == $0] },
            "categories": workplace.categories.map { ["value": $0.code, "name": $0.name, "selected": form?.category == $0.code] },
        ]
        if let formError { values["formError"] = formError }
        return pages.page("deputy-record", values, status: status)
    }

    func record(_ request: Request, session: Session, account: AccountRecord) async throws -> Response {
        guard let form = await decodeForm(DeputyRecordForm.self, from: request), form.csrf == session.csrf else {
            return try await recordPage(session: session, account: account, formError: "页面已过期，请重新填写。", status: .forbidden)
        }
        let body = DeputyRecordBody(
            channel: form.channel ?? "",
            opinion: .init(station: form.station ?? "", category: form.category ?? "", content: form.content ?? "",
                           place: nonEmpty(form.place), contact: nonEmpty(form.contact), contactConsent: form.contactConsent != nil ? true : nil))
        guard DeputyWords.recordedChannels.contains(body.channel) else {
            return try await recordPage(session: session, account: account, form: form, errors: ["channel": "请选择在哪里听到的。"],
                                        formError: "有需要修改的地方，请看下方红字提示。", status: .unprocessableContent)
        }
        let json = try JSONEncoder().encode(body)
        let path = "/api/v1/opinions/recorded"
        let answer = try await caller.call(.intake, .POST, path, json: json, as: account.principal, idempotencyKey: idempotencyKey(account, path, json))
        try requireReadable(answer)
        if answer.succeeded {
            let accepted = try answer.decoded(DeputyAPI.Accepted.self)
            return redirect("/opinions/" + deputyPathSegment(accepted.id) + deputyQuery([("done", "recorded"), ("receipt", accepted.receiptCode)]))
        }
        let (errors, detail) = fieldProblems(answer)
        return try await recordPage(session: session, account: account, form: form, errors: errors,
                                    formError: errors.isEmpty ? (detail ?? "没有登记成功，请稍后再试。") : "有需要修改的地方，请看下方红字提示。",
                                    status: HTTPResponse.Status(code: Int(answer.status.code)))
    }
}
