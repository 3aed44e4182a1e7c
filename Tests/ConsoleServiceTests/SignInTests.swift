import ConsoleService
import Contracts
import Foundation
import ServiceKit
import TestSupport
import Testing

@Suite("Console sign-in and sessions")
struct SignInTests {
    @Test("the first admin signs in with the one-time password, must change it and enrol TOTP, adds a deputy, signs out, and signs in again with a fresh code",
          arguments: Backend.allCases)
    func firstAdminJourney(backend: Backend) async throws {
        try await withConsole(backend) { console, clock in
            let oneTime = try await bootstrapAdmin(console)
            let browser = Browser(console.baseURL)
            #expect(try await browser.get("/").location == "/login")
            let signedIn = try await browser.signIn("admin", oneTime)
            #expect(signedIn.status == 303 && signedIn.location == "/password")
            let cookie = try #require(browser.lastSetCookies.first { $0.hasPrefix("__Host-youyue-session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/") && !cookie.contains("Domain"))
            // Until the one-time password is changed, every page leads to the password page.
            #expect(try await browser.get("/accounts").location == "/password")
            let weak = try await browser.submit("/password", to: "/password", [("current", oneTime), ("new", "short"), ("repeat", "short")])
            #expect(weak.status == 422 && weak.body.contains("至少 10 位"))
            let changed = try await browser.submit("/password", to: "/password", [("current", oneTime), ("new", "江汉区人大2026春"), ("repeat", "江汉区人大2026春")])
            #expect(changed.status == 303)

            // An admin works only with a second factor: enrolment comes first.
            #expect(try await browser.get("/accounts").location == "/totp")
            let enrolment = try await browser.get("/totp")
            #expect(enrolment.status == 200 && enrolment.body.contains("<svg"))
            let shown = try #require(enrolment.body.range(of: #"id="secret"[^>]*>[A-Z2-7 ]+<"#, options: .regularExpression).map { String(enrolment.body[$0]) })
            let secret = try #require(Base32.decode(String(shown.split(separator: ">").last!.dropLast())))
            let wrongCode = OneTimePassword.code(secret: secret, at: clock.now().addingTimeInterval(600))
            #expect(try await browser.submit("/totp", to: "/totp", [("code", wrongCode)]).status == 422)
            let enrolmentCode = OneTimePassword.code(secret: secret, at: clock.now())
            let enrolled = try await browser.submit("/totp", to: "/totp", [("code", enrolmentCode)])
            #expect(enrolled.location == "/?enrolled=1")
            let home = try await browser.get("/?enrolled=1")
            #expect(home.status == 200 && home.body.contains("系统管理员") && home.body.contains("两步验证已开启"))

            let added = try await browser.submit("/accounts", to: "/accounts", [
                ("login", "wang.li"), ("displayName", "王丽"), ("role", "deputy"), ("district", "jianghan"), ("deputy", "dep-0001"),
            ])
            #expect(added.status == 201 && added.body.contains("已创建账号 wang.li"))
            #expect(try await browser.get("/accounts").body.contains("王丽"))

            let signedOut = try await browser.submit("/", to: "/logout", [])
            #expect(signedOut.status == 303 && signedOut.location == "/login")
            #expect(try await browser.get("/").location == "/login")
            // The one-time password no longer works; the new one leads to the code step.
            #expect(try await Browser(console.baseURL).signIn("admin", oneTime).status == 401)
            let again = Browser(console.baseURL)
            #expect(try await again.signIn("admin", "江汉区人大2026春").location == "/login/code")
            #expect(try await again.get("/").location == "/login/code", "no page before the code")
            // The enrolment's code was used: it is not accepted twice; the next step's code is.
            let replay = try await again.submit("/login/code", to: "/login/code", [("code", enrolmentCode)])
            #expect(replay.status == 401)
            clock.advance(by: 30)
            let fresh = try await again.submit("/login/code", to: "/login/code", [("code", OneTimePassword.code(secret: secret, at: clock.now()))])
            #expect(fresh.location == "/")
            #expect(try await again.get("/").status == 200)
        }
    }

    @Test("an unknown login, a wrong password and a disabled account get the same answer; five failures lock the account for 15 minutes",
          arguments: Backend.allCases)
    func failuresLookAlike(backend: Backend) async throws {
        try await withConsole(backend) { console, clock in
            let password = try await addAccount(console, #"{"login":"zhang.min","displayName":"张敏","role":"streetStaff","district":"jianghan","street":"minzu"}"#)
            _ = try await addAccount(console, #"{"login":"off.duty","displayName":"离岗","role":"unit","district":"jianghan","unit":"gov-housing"}"#)
            _ = try await http(.POST, console.baseURL + "/api/v1/accounts/off.duty/disable", json: "{}", headers: try await bearerIn("*", .admin))
            let unknown = try await Browser(console.baseURL).signIn("nobody.here", "whatever-123")
            let wrong = try await Browser(console.baseURL).signIn("zhang.min", "whatever-123")
            let disabled = try await Browser(console.baseURL).signIn("off.duty", "whatever-123")
            #expect(unknown.status == 401 && wrong.status == 401 && disabled.status == 401)
            func message(_ body: String) -> String? { body.range(of: #"<p class="alert"[^<]*"#, options: .regularExpression).map { String(body[$0]) } }
            #expect(message(unknown.body) != nil && message(unknown.body) == message(wrong.body) && message(wrong.body) == message(disabled.body))

            for _ in 0..<4 { _ = try await Browser(console.baseURL).signIn("zhang.min", "wrong-password") }
            let locked = try await Browser(console.baseURL).signIn("zhang.min", password)
            #expect(locked.status == 401 && message(locked.body) == message(wrong.body), "the fifth failure locks; even the right password is refused")
            clock.advance(by: 16 * 60)
            #expect(try await Browser(console.baseURL).signIn("zhang.min", password).location == "/password")
        }
    }

    @Test("20 failures from one address throttle it with 429 and Retry-After, whatever the login", arguments: Backend.allCases)
    func addressThrottle(backend: Backend) async throws {
        try await withConsole(backend) { console in
            for attempt in 0..<20 { _ = try await Browser(console.baseURL).signIn("guess\(attempt)", "password-\(attempt)") }
            let throttled = try await Browser(console.baseURL).signIn("guess99", "password")
            #expect(throttled.status == 429 && throttled.body.contains("15 分钟"))
        }
    }

    @Test("a session ends after 30 idle minutes and after 12 hours however busy; sign-in always gives a new session id", arguments: Backend.allCases)
    func sessionLimits(backend: Backend) async throws {
        try await withConsole(backend) { console, clock in
            let password = try await addAccount(console, #"{"login":"li.wei","displayName":"李伟","role":"councilMember","district":"jianghan"}"#)
            let browser = Browser(console.baseURL)
            browser.cookies["__Host-youyue-session"] = String(repeating: "ab", count: 32)  // planted before sign-in
            _ = try await browser.signIn("li.wei", password)
            #expect(browser.cookies["__Host-youyue-session"] != String(repeating: "ab", count: 32))
            _ = try await browser.submit("/password", to: "/password", [("current", password), ("new", "长江大桥-1957年"), ("repeat", "长江大桥-1957年")])
            #expect(try await browser.get("/").status == 200)
            clock.advance(by: 29 * 60)
            #expect(try await browser.get("/").status == 200, "29 idle minutes are within the limit")
            clock.advance(by: 31 * 60)
            #expect(try await browser.get("/").location == "/login", "31 idle minutes end the session")

            _ = try await browser.signIn("li.wei", "长江大桥-1957年")
            for _ in 0..<((12 * 60) / 25) {
                clock.advance(by: 25 * 60)
                #expect(try await browser.get("/").status == 200)
            }
            clock.advance(by: 25 * 60)
            #expect(try await browser.get("/").location == "/login", "12 hours end the session however busy")
        }
    }

    @Test("disabling an account and resetting its password end its sessions at once; a form without its CSRF token is refused", arguments: Backend.allCases)
    func sessionsEnd(backend: Backend) async throws {
        try await withConsole(backend) { console in
            let password = try await addAccount(console, #"{"login":"chen.jie","displayName":"陈洁","role":"procuratorate","district":"jianghan"}"#)
            let browser = Browser(console.baseURL)
            _ = try await browser.signIn("chen.jie", password)
            _ = try await browser.submit("/password", to: "/password", [("current", password), ("new", "汉口江滩-2026年春"), ("repeat", "汉口江滩-2026年春")])
            #expect(try await browser.get("/").status == 200)
            #expect(try await browser.post("/logout", [("csrf", "forged")]).status == 403)
            #expect(try await browser.post("/logout", []).status == 403)
            #expect(try await Browser(console.baseURL).post("/login", [("login", "chen.jie"), ("password", "汉口江滩-2026年春")]).status == 403,
                    "a sign-in posted without the login page's token is refused")

            let admin = try await bearerIn("*", .admin)
            _ = try await http(.POST, console.baseURL + "/api/v1/accounts/chen.jie/password-reset", json: "{}", headers: admin)
            #expect(try await browser.get("/").location == "/login")

            let other = Browser(console.baseURL)
            let reset = try await http(.POST, console.baseURL + "/api/v1/accounts/chen.jie/password-reset", json: "{}", headers: admin)
            let newPassword = try apiDecoder.decode(AccountWithPassword.self, from: Data(reset.body.utf8)).oneTimePassword
            #expect(try await other.signIn("chen.jie", newPassword).location == "/password")
            _ = try await http(.POST, console.baseURL + "/api/v1/accounts/chen.jie/disable", json: "{}", headers: admin)
            #expect(try await other.get("/password").location == "/login")
        }
    }
}
