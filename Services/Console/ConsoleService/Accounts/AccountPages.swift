import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The admin's account pages: the list of the district's accounts and a form to add one, which
/// shows the new account's one-time password once.
func addAccountPages(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment, pages: PageRenderer, signedIn: SignedInGate,
                     passwords: PasswordWork) {
    @Sendable func accountsPage(_ session: Session, _ account: AccountRecord, form: AccountForm? = nil, errors: [String: String] = [:],
                                formError: String? = nil, created: AccountWithPassword? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = account.principal
        let accounts = try await AccountOperations.list(by: actor, environment: environment)
        let chosenRole = form?.role ?? Role.deputy.rawValue
        var values: [String: Any] = [
            "csrf": session.csrf, "errors": errors,
            "form": (form ?? AccountForm(district: actor.district == "*" ? "" : actor.district)).templateValues,
            "roles": assignableRoles.map { ["value": $0.rawValue, "name": chineseName(of: $0), "selected": $0.rawValue == chosenRole] },
            "accounts": accounts.map { listed -> [String: Any] in
                var row: [String: Any] = [
                    "login": listed.login, "displayName": listed.displayName, "roleName": chineseName(of: listed.role),
                    "statusName": listed.status == .active ? (listed.mustChangePassword ? "待首次登录" : "正常") : "已停用",
                ]
                if let scope = listed.deputy ?? listed.street ?? listed.unit { row["scope"] = scope }
                return row
            },
        ]
        if let formError { values["formError"] = formError }
        if let created { values["created"] = ["login": created.account.login, "password": created.oneTimePassword] }
        return pages.page("accounts", values, status: status)
    }

    router.get("accounts") { request, _ in
        try await signedIn.page(request, purpose: .work) { session, account in
            guard account.view.role == .admin else { return pages.message("无权访问", "只有管理员可以管理账号。", status: .forbidden, back: "/") }
            return try await accountsPage(session, account)
        }
    }

    router.post("accounts") { request, _ in
        try await signedIn.page(request, purpose: .work) { session, account in
            guard account.view.role == .admin else { return pages.message("无权访问", "只有管理员可以管理账号。", status: .forbidden, back: "/") }
            guard let form = await decodeForm(AccountForm.self, from: request), form.csrf == session.csrf else {
                return try await accountsPage(session, account, formError: "页面已过期，请重新填写。", status: .forbidden)
            }
            let input = AccountInput(
                login: form.login ?? "", displayName: form.displayName ?? "", role: Role(rawValue: form.role ?? "") ?? .citizen,
                district: form.district ?? "", deputy: nonEmpty(form.deputy), street: nonEmpty(form.street), unit: nonEmpty(form.unit))
            do {
                let created = try await AccountOperations.add(input, by: account.principal, environment: environment, passwords: passwords)
                return try await accountsPage(session, account, created: created, status: .created)
            } catch let problem as Problem where [403, 409, 422].contains(problem.status) {
                return try await accountsPage(session, account, form: form, errors: problem.errors ?? [:],
                                              formError: problem.status == 422 ? "有需要修改的地方，请看下方红字提示。" : (problem.detail ?? problem.title),
                                              status: HTTPResponse.Status(code: problem.status))
            }
        }
    }
}

extension AccountForm {
    init(district: String) {
        self.init(csrf: nil, login: nil, displayName: nil, role: nil, district: district, deputy: nil, street: nil, unit: nil)
    }
}
