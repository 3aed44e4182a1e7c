import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// Signing in and out, and the pages a signed-in person starts from: `/login`, `/logout`,
/// `/password`, the home page `/` and the admin's `/accounts`.
func addSignInRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment, passwords: PasswordWork,
                     unitPages: UnitPages, deputyPages: DeputyPages) throws {
    let database = environment.database
    let pages = try PageRenderer(templates: consoleTemplates)
    let limits = try SessionLimits(environment.configuration)
    let secure = Sessions.secureCookies(publicBaseURL: environment.configuration.publicBaseURL)
    let formSecret = environment.configuration.formSecret
    let loginProtection = FormProtection(secret: formSecret, publicBaseURL: environment.configuration.publicBaseURL)
    let passwordCheck = try PasswordCheck(passwords: passwords)
    let signedIn = SignedInGate(database: database, limits: limits, clock: environment.clock)
    let openID = try OpenIDConnectConfiguration.read(environment.configuration)

    @Sendable func loginPage(_ request: Request, login: String = "", error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let (nonce, setCookie) = loginProtection.nonce(for: request)
        var values: [String: Any] = ["csrf": loginProtection.token(for: nonce), "login": login, "identityProvider": openID != nil]
        if let error { values["formError"] = error }
        return pages.page("login", values, status: status, setCookie: setCookie)
    }

    /// After the first factor (a right password, or the district's identity provider): a fresh
    /// session id (the one the browser had, if any, ends), then the TOTP code step, the password
    /// change or the home page.
    @Sendable func startSession(_ request: Request, _ account: AccountRecord, client: String, method: SignInMethod) async throws -> Response {
        let (value, _) = try await database.transaction { db in
            if let old = request.cookies[Sessions.cookieName]?.value { try await Sessions.end(db, idHash: Sessions.hash(old)) }
            return try await Sessions.start(db, login: account.view.login, secondFactor: account.totpSecret == nil, signedInWith: method,
                                            client: client, at: environment.clock.now())
        }
        let changePassword = account.view.mustChangePassword && method == .password
        var response = redirect(account.totpSecret != nil ? "/login/code" : changePassword ? "/password" : "/")
        response.headers[.setCookie] = Sessions.cookie(value, secure: secure)
        return response
    }

    router.get("login") { request, _ in
        if case .signedIn = try await signedIn.check(request, purpose: .any) { return redirect("/") }
        return loginPage(request)
    }

    router.post("login") { request, context in
        guard let form = await decodeForm(LoginForm.self, from: request), loginProtection.accepts(request, token: form.csrf) else {
            return loginPage(request, error: "页面已过期，请重新登录。", status: .forbidden)
        }
        let login = form.login ?? ""
        let client = context.clientAddress(of: request, trusting: environment.configuration.trustedProxies) ?? "unknown"
        let now = environment.clock.now()
        switch try await passwordCheck.check(login: login, password: form.password ?? "", client: client, environment: environment, now: now) {
        case .failure(.throttled):
            var response = loginPage(request, login: login, error: "登录尝试过于频繁，请 15 分钟后再试。", status: .tooManyRequests)
            response.headers[.retryAfter] = "900"
            return response
        case .failure(.wrongCredentials):
            return loginPage(request, login: login, error: "登录名或密码不正确，或账号暂时不能登录。请核对后再试，多次失败后请联系管理员。", status: .unauthorized)
        case .success(let account):
            return try await startSession(request, account, client: client, method: .password)
        }
    }

    if let openID {
        addOpenIDSignInRoutes(to: router, environment: environment, configuration: openID, secret: formSecret, secure: secure, steps: SignInSteps(
            loginPage: { request, error, status in loginPage(request, error: error, status: status) },
            startSession: { request, account, client in try await startSession(request, account, client: client, method: .identityProvider) }))
    }

    @Sendable func codePage(_ session: Session, error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        var values: [String: Any] = ["csrf": session.csrf]
        if let error { values["formError"] = error }
        return pages.page("code", values, status: status)
    }

    router.get("login/code") { request, _ in
        try await signedIn.page(request, purpose: .secondFactorStep) { session, _ in codePage(session) }
    }

    router.post("login/code") { request, context in
        try await signedIn.page(request, purpose: .secondFactorStep) { session, account in
            guard let form = await decodeForm(CodeForm.self, from: request), form.csrf == session.csrf else {
                return codePage(session, error: "页面已过期，请重新输入。", status: .forbidden)
            }
            let client = context.clientAddress(of: request, trusting: environment.configuration.trustedProxies) ?? "unknown"
            guard try await SecondFactor.verify(account, code: form.code ?? "", environment: environment, client: client, lock: passwordCheck) else {
                return codePage(session, error: "验证码不正确或已用过，请输入身份验证器上新的 6 位数字。", status: .unauthorized)
            }
            try await Sessions.markSecondFactor(database, idHash: session.idHash)
            return redirect(account.view.mustChangePassword && session.signedInWith == .password ? "/password" : "/")
        }
    }

    router.post("logout") { request, _ in
        guard case .signedIn(let session, _) = try await signedIn.check(request, purpose: .signOut) else { return redirect("/login") }
        guard let form = await decodeForm(CSRFForm.self, from: request), form.csrf == session.csrf else {
            return pages.message("页面已过期", "请返回后再退出。", status: .forbidden, back: "/")
        }
        try await database.transaction { db in
            try await Sessions.end(db, idHash: session.idHash)
            try await environment.audit(db, actor: session.login, action: "signed-out", entity: "account", entityID: session.login)
        }
        var response = redirect("/login")
        response.headers[.setCookie] = Sessions.clearingCookie(secure: secure)
        return response
    }

    @Sendable func passwordPage(_ session: Session, _ account: AccountRecord, error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        var values: [String: Any] = ["csrf": session.csrf, "mustChange": account.view.mustChangePassword]
        if let error { values["formError"] = error }
        return pages.page("password", values, status: status)
    }

    router.get("password") { request, _ in
        try await signedIn.page(request, purpose: .changePassword) { session, account in passwordPage(session, account) }
    }

    router.post("password") { request, context in
        try await signedIn.page(request, purpose: .changePassword) { session, account in
            guard let form = await decodeForm(PasswordForm.self, from: request), form.csrf == session.csrf else {
                return passwordPage(session, account, error: "页面已过期，请重新填写。", status: .forbidden)
            }
            let new = form.new ?? ""
            if let problem = newPasswordProblem(new, repeat: form.`repeat` ?? "", current: form.current ?? "", login: account.view.login) {
                return passwordPage(session, account, error: problem, status: .unprocessableContent)
            }
            guard await passwords.verify(form.current ?? "", against: account.passwordHash) else {
                return passwordPage(session, account, error: "当前密码不正确。", status: .unprocessableContent)
            }
            let hash = try await passwords.hash(new)
            let now = environment.clock.now()
            try await database.transaction { db in
                try await AccountStore.setPassword(db, login: account.view.login, hash: hash, mustChange: false, by: account.view.login, at: now)
                // Every other browser signed in as this person is signed out.
                try await db.execute("DELETE FROM sessions WHERE login = \(account.view.login) AND id_hash <> \(session.idHash)")
                try await environment.audit(db, actor: account.view.login, action: "password-changed", entity: "account", entityID: account.view.login,
                                            summary: "client \(context.clientAddress(of: request, trusting: environment.configuration.trustedProxies) ?? "unknown")")
            }
            return redirect("/?changed=1")
        }
    }

    router.get("/") { request, _ in
        try await signedIn.page(request, purpose: .work) { session, account in
            // Each role's home is its to-do list (待办).
            if account.view.role == .unit { return try await unitPages.home(request, session: session, account: account) }
            let view = account.view
            if view.role == .deputy { return try await deputyPages.home(request, session: session, account: account) }
            var values: [String: Any] = [
                "displayName": view.displayName, "roleName": chineseName(of: view.role), "district": view.district == "*" ? "全系统" : view.district,
                "isAdmin": view.role == .admin, "csrf": session.csrf,
            ]
            if let scope = view.deputy ?? view.street ?? view.unit { values["scope"] = scope }
            if request.uri.queryParameters.get("changed") != nil { values["notice"] = "新密码已保存。" }
            if request.uri.queryParameters.get("enrolled") != nil { values["notice"] = "两步验证已开启，以后登录时还需输入身份验证器上的验证码。" }
            if account.totpSecret == nil { values["mayEnrol"] = true }
            return pages.page("home", values)
        }
    }

    addAccountPages(to: router, environment: environment, pages: pages, signedIn: signedIn, passwords: passwords)
    addEnrolmentPages(to: router, environment: environment, pages: pages, signedIn: signedIn)
}

/// Why a new password cannot be used, or nil.
func newPasswordProblem(_ new: String, repeat: String, current: String, login: String) -> String? {
    if new.count < 10 { return "新密码至少 10 位。" }
    if new.count > 200 { return "新密码不能超过 200 位。" }
    if new != `repeat` { return "两次输入的新密码不一致。" }
    if new == current { return "新密码不能与当前密码相同。" }
    if new.lowercased().contains(login.lowercased()) { return "新密码不能包含登录名。" }
    return nil
}

func redirect(_ path: String) -> Response {
    Response(status: .seeOther, headers: [.location: path, .cacheControl: "no-store"])
}
