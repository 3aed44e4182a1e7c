import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The handling unit's pages (承办单位): its to-do list as its home, and one page per case where
/// it accepts, reports progress, logs contact with the lead deputy, replies, returns or gives a
/// co-unit's opinion. Every figure and every action goes to supervision as the signed-in person;
/// supervision decides what the unit may see and do, and the page shows its reasons.
struct UnitPages: Sendable {
    let pages: PageRenderer
    let caller: ServiceCaller
    let environment: ServiceEnvironment
    static let pageSize = 20

    init(_ environment: ServiceEnvironment) throws {
        pages = try PageRenderer(templates: unitTemplates)
        caller = ServiceCaller(environment)
        self.environment = environment
    }

    private var today: CivilDay { CivilDay(environment.clock.now()) }

    /// Which of the unit's cases the home page lists.
    enum View: String, CaseIterable {
        case todo, done, all

        var name: String {
            switch self {
            case .todo: "待办"
            case .done: "已答复、已办结"
            case .all: "全部"
            }
        }

        func includes(_ record: UnitCase) -> Bool {
            switch self {
            case .todo: record.isOpen
            case .done: !record.isOpen
            case .all: true
            }
        }
    }

    // MARK: Home

    /// The unit's home (待办): counts, then its cases, new ones first, then by deadline.
    func home(_ request: Request, session: Session, account: AccountRecord) async throws -> Response {
        try await answering {
            let all = try await caller.get([UnitCase].self, from: .supervision, "/api/v1/cases", as: account.principal)
            let view = View(rawValue: request.uri.queryParameters.get("show") ?? "") ?? .todo
            let listed = all.filter(view.includes).sorted(by: Self.toDoOrder)
            let pageCount = max(1, (listed.count + Self.pageSize - 1) / Self.pageSize)
            let page = min(max(1, request.uri.queryParameters.get("page").flatMap(Int.init) ?? 1), pageCount)
            let shown = listed.dropFirst((page - 1) * Self.pageSize).prefix(Self.pageSize)
            let open = all.filter(\.isOpen)
            var values: [String: Any] = [
                "styles": unitStyles, "csrf": session.csrf, "displayName": account.view.displayName,
                "unitName": all.first?.unitName ?? account.view.unit ?? "承办单位",
                "counts": [
                    "new": open.filter { $0.status == .assigned }.count,
                    "handling": open.filter { $0.status != .assigned }.count,
                    "overdue": open.filter { isLate($0) }.count,
                    "replied": all.filter { $0.status == .replied }.count,
                ],
                "anyOverdue": open.contains { isLate($0) },
                "listHeading": view == .todo ? "需要办理的交办" : view.name,
                "views": View.allCases.map { ["value": $0.rawValue, "name": $0.name, "current": $0 == view] },
                "cases": shown.map(listRow),
                "emptyText": view == .todo ? "目前没有需要办理的交办。" : "没有交办。",
                "mayEnrol": account.totpSecret == nil,
            ]
            if pageCount > 1 {
                var paging: [String: Any] = ["page": page, "pages": pageCount]
                if page > 1 { paging["previous"] = "/?show=\(view.rawValue)&page=\(page - 1)" }
                if page < pageCount { paging["next"] = "/?show=\(view.rawValue)&page=\(page + 1)" }
                values["paging"] = paging
            }
            return pages.page("unitHome", values)
        }
    }

    /// New (not yet accepted) first, then the nearest deadline, then the latest issued.
    static func toDoOrder(_ a: UnitCase, _ b: UnitCase) -> Bool {
        let aNew = a.status == .assigned, bNew = b.status == .assigned
        if aNew != bNew { return aNew }
        if a.isOpen != b.isOpen { return a.isOpen }
        if a.deadline != b.deadline { return a.isOpen ? a.deadline < b.deadline : a.deadline > b.deadline }
        return a.issuedAt > b.issuedAt
    }

    private func isLate(_ record: UnitCase) -> Bool {
        record.isOpen && (record.overdue || CivilDay(record.deadline).map { today > $0 } ?? false)
    }

    private func listRow(_ record: UnitCase) -> [String: Any] {
        var row: [String: Any] = [
            "id": record.id, "title": record.title, "statusName": statusName(record), "roleName": record.role == .lead ? "主办" : "协办",
            "complex": record.complex, "issuedDate": chineseDate(CivilDay(record.issuedAt)),
        ]
        if record.isOpen, let deadline = CivilDay(record.deadline) {
            let words = deadlineInWords(deadline, today: today, calendar: environment.calendar)
            row["deadlineLabel"] = deadlineLabel(record)
            row["deadline"] = record.deadline
            row["deadlineDate"] = chineseDate(deadline)
            row["deadlineWords"] = words.words
            row["late"] = words.overdue
        }
        return row
    }

    private func deadlineLabel(_ record: UnitCase) -> String {
        record.role == .lead ? "答复期限" : "协办意见期限"
    }

    private func statusName(_ record: UnitCase) -> String {
        record.status == .assigned ? "待接收" : record.status.chineseName
    }

    // MARK: One case

    /// What went wrong with the form just posted, to show beside it.
    struct Failure {
        var action: UnitCaseAction
        var form: UnitCaseForm
        var errors: [String: String] = [:]
        var formError: String?
    }

    /// The case's page: what was suggested, where it stands, the forms its state allows, and its
    /// steps so far.
    func casePage(_ id: String, session: Session, account: AccountRecord, notice: UnitCaseAction? = nil, failure: Failure? = nil,
                  status: HTTPResponse.Status = .ok) async throws -> Response {
        try await answering {
            let detail = try await caller.get(UnitCaseDetail.self, from: .supervision, "/api/v1/cases/\(pathSegment(id))", as: account.principal)
            let record = detail.record
            let deadline = CivilDay(record.deadline)
            let (deputy, category) = await namesFromIntake(record, as: account.principal)
            var values: [String: Any] = [
                "styles": unitStyles, "csrf": session.csrf, "caseID": record.id,
                "record": [
                    "title": record.title, "complex": record.complex, "deadline": record.deadline, "leadDeputy": deputy?.name ?? record.leadDeputy,
                    "category": category ?? record.category, "round": record.round, "replyText": record.replyText ?? "",
                ],
                "statusName": statusName(record), "roleName": record.role == .lead ? "主办" : "协办",
                "deadlineLabel": deadlineLabel(record), "deadlineDate": deadline.map(chineseDate) ?? record.deadline,
                "issuedAt": chinaTime(record.issuedAt), "rehandlingRound": record.round > 1,
                "body": detail.body ?? "",
                "events": (detail.events ?? []).reversed().map { event -> [String: Any] in
                    ["when": chinaTime(event.at), "iso": event.at.formatted(.iso8601), "note": event.note, "public": event.public]
                },
            ]
            if let deputy {
                // Empty details are left out, so that the page shows no empty line for them.
                values["deputy"] = ["workUnit": nonEmpty(deputy.workUnit), "publicContact": nonEmpty(deputy.publicContact)].compactMapValues { $0 }
            }
            if record.isOpen, let deadline {
                let words = deadlineInWords(deadline, today: today, calendar: environment.calendar)
                values["deadlineWords"] = words.words
                values["late"] = words.overdue
            }
            if let result = record.replyResult {
                values["replied"] = true
                values["resultName"] = replyResultName(result)
                values["promises"] = detail.promises.map { promise -> [String: Any] in
                    var row: [String: Any] = ["id": promise.id, "what": promise.what, "dueDate": CivilDay(promise.due).map(chineseDate) ?? promise.due,
                                              "done": promise.done, "doneNote": promise.doneNote ?? "", "key": makeID(prefix: "form"), "note": ""]
                    // The report refused just now stands beside its own promise, with what was typed.
                    if let failure, failure.action == .promiseDone, failure.form.promise == promise.id {
                        row["note"] = failure.form.note ?? ""
                        row["errors"] = failure.errors
                        if let formError = failure.formError { row["formError"] = formError }
                    }
                    return row
                }
                values["hasPromises"] = !detail.promises.isEmpty
            }
            if !detail.coOpinions.isEmpty {
                values["hasCoOpinions"] = true
                values["coOpinions"] = detail.coOpinions.map { ["unitName": $0.unitName, "text": $0.text, "when": chinaTime($0.at)] }
            }
            if let notice { values["notice"] = notice.doneNotice }
            for action in offered(detail) { values[templateName(action)] = formValues(action, detail: detail, failure: failure) }
            // A unit that may still return the assignment sees until when; after the window, no form.
            if [.assigned, .accepted].contains(record.status), let lastDay = CivilDay(record.returnUntil) {
                values["returnUntil"] = record.returnUntil
                values["returnUntilDate"] = chineseDate(lastDay)
                if today > lastDay { values["returnClosed"] = true }
            }
            return pages.page("unitCase", values, status: status)
        }
    }

    /// The lead deputy's public details and the category's name, from intake's public lists. The
    /// page is still shown, with the codes, when intake cannot answer.
    private func namesFromIntake(_ record: UnitCase, as principal: Principal) async -> (PublicDeputyView?, String?) {
        async let deputies = try? caller.get([PublicDeputyView].self, from: .intake, "/api/v1/deputies?code=\(pathSegment(record.leadDeputy))", as: principal)
        async let categories = try? caller.get([CategoryName].self, from: .intake,
                                               "/open311/v2/services.json?jurisdiction_id=\(pathSegment(principal.district))", as: principal)
        let deputy = await deputies?.first { $0.code == record.leadDeputy }
        let category = await categories?.first { $0.code == record.category }?.name
        return (deputy, category)
    }

    /// The forms the case's state and the unit's role allow (supervision checks again).
    func offered(_ detail: UnitCaseDetail) -> [UnitCaseAction] {
        let record = detail.record
        var actions: [UnitCaseAction] = []
        if record.status == .assigned { actions.append(.accept) }
        if [.accepted, .inProgress, .rehandling].contains(record.status) {
            actions += record.role == .lead ? [.contact, .progress, .reply] : [.progress]
        }
        if record.role == .coUnit, [.assigned, .accepted, .inProgress].contains(record.status) { actions.append(.coOpinion) }
        if [.assigned, .accepted].contains(record.status), let lastDay = CivilDay(record.returnUntil), today <= lastDay { actions.append(.return) }
        return actions
    }

    private func templateName(_ action: UnitCaseAction) -> String {
        switch action {
        case .return: "returnForm"
        case .coOpinion: "coOpinion"
        default: action.rawValue
        }
    }

    /// One form's values: a fresh idempotency key, what was typed (after a refusal), the errors.
    private func formValues(_ action: UnitCaseAction, detail: UnitCaseDetail, failure: Failure?) -> [String: Any] {
        let mine = failure?.action == action ? failure : nil
        let form = mine?.form
        var values: [String: Any] = [
            "key": makeID(prefix: "form"), "errors": mine?.errors ?? [:],
            "form": [
                "note": form?.note ?? "", "public": form.map { $0.public != nil } ?? true, "method": form?.method ?? "",
                "day": form?.day ?? today.description, "summary": form?.summary ?? "", "text": form?.text ?? "",
                "promiseWhat": form?.promiseWhat ?? "", "promiseDue": form?.promiseDue ?? "", "reason": form?.reason ?? "",
            ] as [String: Any],
        ]
        if let formError = mine?.formError { values["formError"] = formError }
        switch action {
        case .reply:
            values["contactRule"] = detail.replyRequiresContact ?? true
            values["contactLogged"] = detail.contactLoggedThisRound
            values["results"] = ReplyResult.allCases.map { ["value": $0.rawValue, "name": replyResultName($0), "checked": form?.result == $0.rawValue] }
        case .contact:
            let logged = (detail.contacts ?? []).filter { $0.round == detail.record.round }
            values["hasLogged"] = !logged.isEmpty
            values["logged"] = logged.map { ["day": $0.day, "method": $0.method, "summary": $0.summary] }
        case .return:
            if let lastDay = CivilDay(detail.record.returnUntil) {
                values["returnWords"] = deadlineInWords(lastDay, today: today, calendar: environment.calendar).words
            }
        default: break
        }
        return values
    }

    // MARK: Acting on a case

    /// Posts one form to supervision: on success back to the case with what changed; on a
    /// refusal the page again, with supervision's reasons beside the form and its fields.
    func act(_ action: UnitCaseAction, caseID: String, form: UnitCaseForm, session: Session, account: AccountRecord) async throws -> Response {
        try await answering {
            let (json, errors) = action.body(form)
            guard errors.isEmpty else {
                return try await casePage(caseID, session: session, account: account,
                                          failure: Failure(action: action, form: form, errors: errors, formError: "有需要修改的地方，请看下方红字提示。"),
                                          status: .unprocessableContent)
            }
            let key = nonEmpty(form.key).flatMap { $0.count <= 100 ? $0 : nil } ?? makeID(prefix: "form")
            let answer = try await caller.call(.supervision, .POST, "/api/v1/cases/\(pathSegment(caseID))/\(action.apiPath(form))", json: json,
                                               as: account.principal, idempotencyKey: key)
            if answer.succeeded { return redirect("/cases/\(pathSegment(caseID))?done=\(action.rawValue)#notice") }
            if answer.status.code >= 500 { throw ServiceUnavailable(detail: "supervision answered \(answer.status.code)") }
            let problem = try? JSONDecoder().decode(Problem.self, from: answer.body)
            var fieldErrors: [String: String] = [:]
            for (field, message) in problem?.errors ?? [:] { fieldErrors[UnitCaseAction.formField(field)] = message }
            let formError = fieldErrors.isEmpty ? (problem?.detail ?? problem?.title ?? "没有办成，请稍后再试。") : "有需要修改的地方，请看下方红字提示。"
            return try await casePage(caseID, session: session, account: account,
                                      failure: Failure(action: action, form: form, errors: fieldErrors, formError: formError),
                                      status: HTTPResponse.Status(code: Int(answer.status.code)))
        }
    }

    // MARK: Answers when a service refuses or is down

    /// Runs a page's work; a service that is down is a 503 page, a refused read the service's reason.
    private func answering(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let refused as ServiceRefused {
            switch refused.status.code {
            case 404: return pages.message("没有找到这件交办", refused.detail ?? "没有找到这件交办，或它不属于本单位。", status: .notFound, back: "/")
            case 401, 403: return pages.message("无权查看", refused.detail ?? "本账号无权查看这一页。", status: .forbidden, back: "/")
            default:
                if refused.status.code >= 500 { return unavailable() }
                return pages.message("无法显示", refused.detail ?? "请求没有被受理。", status: HTTPResponse.Status(code: Int(refused.status.code)), back: "/")
            }
        } catch is ServiceUnavailable {
            return unavailable()
        }
    }

    private func unavailable() -> Response {
        var response = pages.message("督办系统暂时无法访问", "交办数据暂时读不到，您的操作没有提交。请稍后刷新再试；如果一直这样，请联系区人大信息化管理员。",
                                     status: .serviceUnavailable, back: "/")
        response.headers[.retryAfter] = "30"
        return response
    }
}

/// How a reply's result class reads on the unit's pages.
func replyResultName(_ result: ReplyResult) -> String {
    switch result {
    case .A: "A 类：已解决或采纳"
    case .B: "B 类：正在解决或列入计划解决"
    case .C: "C 类：因条件限制暂时无法解决，已作说明"
    }
}

/// An id from the address, safe to put back into a path.
func pathSegment(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? ""
}

/// The unit's routes: a case's page and its forms. The home page `/` calls `UnitPages.home` for a
/// unit account (see `addSignInRoutes`).
func addUnitPages(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment, unitPages: UnitPages) throws {
    let signedIn = SignedInGate(database: environment.database, limits: try SessionLimits(environment.configuration), clock: environment.clock)
    let notForYou: @Sendable () -> Response = { unitPages.pages.message("无权访问", "这一页供承办单位办理交办使用。", status: .forbidden, back: "/") }

    router.get("cases/{id}") { request, context in
        try await signedIn.page(request, purpose: .work) { session, account in
            guard account.view.role == .unit else { return notForYou() }
            let done = request.uri.queryParameters.get("done").flatMap { UnitCaseAction(rawValue: String($0)) }
            return try await unitPages.casePage(try context.parameters.require("id"), session: session, account: account, notice: done)
        }
    }

    router.post("cases/{id}/{action}") { request, context in
        try await signedIn.page(request, purpose: .work) { session, account in
            guard account.view.role == .unit else { return notForYou() }
            guard let action = UnitCaseAction(rawValue: try context.parameters.require("action")) else {
                return unitPages.pages.message("没有这项操作", "请返回交办页面重新操作。", status: .notFound, back: "/")
            }
            let id = try context.parameters.require("id")
            guard let form = await decodeForm(UnitCaseForm.self, from: request), form.csrf == session.csrf else {
                return try await unitPages.casePage(id, session: session, account: account,
                                                    failure: .init(action: action, form: UnitCaseForm(), formError: "页面已过期，请重新填写后提交。"), status: .forbidden)
            }
            return try await unitPages.act(action, caseID: id, form: form, session: session, account: account)
        }
    }
}
