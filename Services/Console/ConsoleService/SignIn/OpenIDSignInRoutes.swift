import Foundation
import HTTPTypes
import Hummingbird
import ServiceKit

/// What the sign-in pages give the identity provider's routes: the login page with a message,
/// and what follows a first factor (the same fresh session and next step as after a password).
struct SignInSteps: Sendable {
    let loginPage: @Sendable (_ request: Request, _ error: String, _ status: HTTPResponse.Status) -> Response
    let startSession: @Sendable (_ request: Request, _ account: AccountRecord, _ client: String) async throws -> Response
}

/// Sign-in through the district's identity provider (统一身份认证): `GET /login/oidc` sends the
/// browser to the provider (authorization code with PKCE, state and nonce); the provider sends
/// it back to `GET /login/oidc/callback`, where the code becomes an ID token whose account claim
/// names an existing console account. Roles and scope are the account's, never the provider's.
func addOpenIDSignInRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment, configuration: OpenIDConnectConfiguration,
                           secret: String, secure: Bool, steps: SignInSteps) {
    let provider = OpenIDProvider(configuration: configuration, httpClient: environment.httpClient)
    let attempts = OpenIDAttemptCookie(secret: secret, secure: secure)
    let unavailable = "暂时无法连接统一身份认证服务，请稍后再试，或使用登录名和密码登录。"
    let expired = "统一身份认证登录已超时或无效，请重新点击“统一身份认证登录”。"
    let cancelled = "统一身份认证未完成，没有登录。可重新点击“统一身份认证登录”，或使用登录名和密码登录。"
    // One message for an unknown, disabled or locked account and for a token that fails a
    // check, so that nobody learns from it which accounts exist.
    let refused = "未能通过统一身份认证登录工作平台。请确认已开通工作平台账号，或使用登录名和密码登录；仍有问题请联系管理员。"

    router.get("login/oidc") { request, _ in
        let attempt = OpenIDSignInAttempt.fresh(at: environment.clock.now())
        do {
            var response = redirect(try await provider.authorizationURL(for: attempt))
            response.headers[.setCookie] = attempts.setCookie(for: attempt)
            return response
        } catch let failure as OpenIDFailure {
            environment.logger.warning("sign-in through the identity provider: \(failure)")
            return steps.loginPage(request, unavailable, .serviceUnavailable)
        }
    }

    router.get("login/oidc/callback") { request, context in
        let client = context.clientAddress(of: request, trusting: environment.configuration.trustedProxies) ?? "unknown"
        let query = request.uri.queryParameters

        /// Writes the failure to the audit chain (never a code or token) and shows the login
        /// page with `message`; the attempt's cookie is cleared either way.
        @Sendable func fail(_ reason: String, account: String? = nil, message: String, status: HTTPResponse.Status) async throws -> Response {
            let who = account ?? "unknown"
            try await environment.database.transaction { db in
                try await environment.audit(db, actor: who, action: "sign-in-failed", entity: "account", entityID: who,
                                            summary: "client \(client), identity provider: \(reason)")
            }
            var response = steps.loginPage(request, message, status)
            response.headers.append(HTTPField(name: .setCookie, value: attempts.clearing))
            return response
        }

        if let error = query.get("error") {
            // The person cancelled at the provider, or the provider refused them or the console.
            // Nothing is signed in, so this needs no state (and some providers send none with it).
            let code = String(error.unicodeScalars.filter { ("a"..."z").contains($0) || $0 == "_" }.map(Character.init).prefix(40))
            return try await fail("the provider answered \(code)", message: cancelled, status: .unauthorized)
        }
        guard let attempt = attempts.attempt(in: request, now: environment.clock.now()) else {
            return try await fail("no sign-in under way in this browser, or it started more than 10 minutes ago", message: expired, status: .badRequest)
        }
        guard let state = query.get("state"), constantTimeEquals(state, attempt.state) else {
            return try await fail("the state does not match this browser's sign-in", message: expired, status: .badRequest)
        }
        guard let code = query.get("code"), !code.isEmpty else {
            return try await fail("the provider's answer has no code", message: expired, status: .badRequest)
        }
        let login: String
        do {
            let idToken = try await provider.exchange(code: code, verifier: attempt.verifier)
            let claims = try await provider.verify(idToken: idToken, nonce: attempt.nonce, now: environment.clock.now())
            guard let value = claims.textClaims[configuration.accountClaim]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
                return try await fail("the ID token has no \(configuration.accountClaim) claim", message: refused, status: .unauthorized)
            }
            login = value.lowercased()
        } catch let failure as OpenIDFailure {
            environment.logger.warning("sign-in through the identity provider: \(failure)")
            if case .providerUnavailable = failure { return try await fail(failure.description, message: unavailable, status: .serviceUnavailable) }
            return try await fail(failure.description, message: refused, status: .unauthorized)
        }
        let now = environment.clock.now()
        guard let account = try await AccountStore.find(environment.database, login: login) else {
            return try await fail("no account for \(configuration.accountClaim) \"\(login.prefix(100))\"", message: refused, status: .unauthorized)
        }
        guard account.view.status == .active, !(account.lockedUntil.map { $0 > now } ?? false) else {
            return try await fail("the account is \(account.view.status == .active ? "locked" : "disabled")", account: account.view.login,
                                  message: refused, status: .unauthorized)
        }
        try await environment.database.transaction { db in
            try await environment.audit(db, actor: account.view.login, action: "signed-in", entity: "account", entityID: account.view.login,
                                        summary: "client \(client), identity provider")
        }
        var response = try await steps.startSession(request, account, client)
        response.headers.append(HTTPField(name: .setCookie, value: attempts.clearing))
        return response
    }
}
