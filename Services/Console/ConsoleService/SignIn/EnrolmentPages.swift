import Foundation
import Hummingbird
import ServiceKit

/// `/totp`: enrolling the second factor. The page shows a QR code for an authenticator app and the
/// secret to type in by hand; the first code from it confirms the enrolment.
func addEnrolmentPages(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment, pages: PageRenderer, signedIn: SignedInGate) {
    @Sendable func enrolmentPage(_ session: Session, _ account: AccountRecord, secret: [UInt8], error: String? = nil,
                                 status: HTTPResponse.Status = .ok) throws -> Response {
        let uri = OneTimePassword.provisioningURI(secret: secret, account: account.view.login, issuer: SecondFactor.issuer)
        let grouped = stride(from: 0, to: Base32.encode(secret).count, by: 4).map { start -> String in
            let text = Array(Base32.encode(secret))
            return String(text[start..<min(start + 4, text.count)])
        }.joined(separator: " ")
        var values: [String: Any] = [
            "csrf": session.csrf, "qr": try OneTimePassword.qrCodeSVG(uri: uri), "secret": grouped,
            "required": account.requiresSecondFactor,
        ]
        if let error { values["formError"] = error }
        return pages.page("totp", values, status: status)
    }

    router.get("totp") { request, _ in
        try await signedIn.page(request, purpose: .enrol) { session, account in
            guard account.totpSecret == nil else { return pages.message("已开启两步验证", "如需更换身份验证器，请联系管理员重设。", status: .ok, back: "/") }
            var secret = try await SecondFactor.pendingSecret(login: account.view.login, environment: environment)
            if secret == nil { secret = try await SecondFactor.startEnrolment(login: account.view.login, environment: environment) }
            guard let secret else { return redirect("/") }
            return try enrolmentPage(session, account, secret: secret)
        }
    }

    router.post("totp") { request, context in
        try await signedIn.page(request, purpose: .enrol) { session, account in
            guard account.totpSecret == nil, let secret = try await SecondFactor.pendingSecret(login: account.view.login, environment: environment) else {
                return redirect("/totp")
            }
            guard let form = await decodeForm(CodeForm.self, from: request), form.csrf == session.csrf else {
                return try enrolmentPage(session, account, secret: secret, error: "页面已过期，请重新输入。", status: .forbidden)
            }
            let client = context.clientAddress(of: request, trusting: environment.configuration.trustedProxies) ?? "unknown"
            guard try await SecondFactor.confirmEnrolment(login: account.view.login, code: form.code ?? "", environment: environment, client: client) else {
                return try enrolmentPage(session, account, secret: secret, error: "验证码不正确，请输入身份验证器上当前显示的 6 位数字。", status: .unprocessableContent)
            }
            return redirect("/?enrolled=1")
        }
    }
}
