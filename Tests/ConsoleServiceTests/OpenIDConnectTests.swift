import AsyncHTTPClient
import ConsoleService
import Contracts
import Foundation
import NIOCore
import ServiceKit
import TestSupport
import Testing

/// Sign-in through the district's identity provider (统一身份认证), against a real OpenID
/// provider in its own process: `oidc-provider-mock` from PyPI. The test plays the browser: it
/// follows each redirect by hand and, at the provider, submits its authorization form as the
/// person signing in.
@Suite("Console sign-in through the district's identity provider", .timeLimit(.minutes(5)))
struct OpenIDConnectTests {
    @Test("a deputy signs in through the provider: a new session, the console's own name and role (not the provider's), audited with the address",
          arguments: Backend.allCases)
    func deputySignsIn(backend: Backend) async throws {
        try await withProviderAndConsole(backend) { provider, console, _, database in
            _ = try await settledAccount(console, #"{"login":"wang.li","displayName":"王丽","role":"deputy","district":"jianghan","deputy":"dep-0001"}"#)
            // The provider says more than it should be trusted with: a name and a role of its own.
            try await provider.addUser("u-1001", claims: ["preferred_username": "Wang.Li", "name": "冒名者", "role": "admin"])

            let browser = Browser(console.baseURL)
            let login = try await browser.get("/login")
            #expect(login.body.contains("统一身份认证登录") && login.body.contains(#"href="/login/oidc""#))
            browser.cookies["__Host-youyue-session"] = String(repeating: "ab", count: 32)  // planted before sign-in
            let answer = try await provider.signIn(browser, as: "u-1001")
            #expect(answer.status == 303 && answer.location == "/", "\(answer.status) \(answer.body)")
            #expect(browser.cookies["__Host-youyue-session"] != nil && browser.cookies["__Host-youyue-session"] != String(repeating: "ab", count: 32))
            #expect(browser.cookies["__Host-youyue-oidc"] == nil, "the sign-in attempt's cookie is cleared")
            let home = try await browser.get("/")
            #expect(home.status == 200 && home.body.contains("王丽") && home.body.contains("人大代表"))
            #expect(!home.body.contains("冒名者") && !home.body.contains("系统管理员"))

            let audited = try await database.query("SELECT actor, summary FROM audit_log WHERE action = 'signed-in' AND summary LIKE '%identity provider%'")
            #expect(audited.count == 1)
            #expect(try audited.first?.string("actor") == "wang.li" && audited.first?.string("summary").contains("client 127.0.0.1") == true)
        }
    }

    @Test("a person who signs in through the provider is not sent to change a console password they never use; with the password they are", arguments: Backend.allCases)
    func providerSignInSkipsPasswordChange(backend: Backend) async throws {
        try await withProviderAndConsole(backend) { provider, console, _, _ in
            let oneTime = try await addAccount(console, #"{"login":"li.na","displayName":"李娜","role":"deputy","district":"jianghan","deputy":"dep-0002"}"#)
            try await provider.addUser("u-3003", claims: ["preferred_username": "li.na"])
            let browser = Browser(console.baseURL)
            let answer = try await provider.signIn(browser, as: "u-3003")
            #expect(answer.status == 303 && answer.location == "/", "\(answer.status) \(answer.body)")
            let home = try await browser.get("/")
            #expect(home.status == 200 && home.body.contains("李娜"), "\(home.status) \(home.location ?? "")")
            // The same account with its one-time console password must still replace it first.
            let withPassword = Browser(console.baseURL)
            #expect(try await withPassword.signIn("li.na", oneTime).location == "/password")
            #expect(try await withPassword.get("/").location == "/password")
        }
    }

    @Test("district staff signing in through the provider still give their TOTP code before any page", arguments: Backend.allCases)
    func staffStillNeedSecondFactor(backend: Backend) async throws {
        try await withProviderAndConsole(backend) { provider, console, clock, _ in
            let password = try await settledAccount(console, #"{"login":"zhou.qing","displayName":"周清","role":"districtStaff","district":"jianghan"}"#)
            let enrolling = Browser(console.baseURL)
            #expect(try await enrolling.signIn("zhou.qing", password).location == "/")
            let secret = try await enrolTOTP(enrolling, at: clock.now())
            try await provider.addUser("u-2002", claims: ["preferred_username": "zhou.qing"])

            clock.advance(by: 30)
            let browser = Browser(console.baseURL)
            let answer = try await provider.signIn(browser, as: "u-2002")
            #expect(answer.status == 303 && answer.location == "/login/code", "\(answer.status) \(answer.body)")
            #expect(try await browser.get("/").location == "/login/code", "no page before the code")
            let code = OneTimePassword.code(secret: secret, at: clock.now())
            #expect(try await browser.submit("/login/code", to: "/login/code", [("code", code)]).location == "/")
            let home = try await browser.get("/")
            #expect(home.status == 200 && home.body.contains("周清"))
        }
    }

    @Test("an unknown person, a disabled account and an expired ID token are all refused with one message; each refusal is audited",
          arguments: Backend.allCases)
    func refusalsLookAlike(backend: Backend) async throws {
        try await withProviderAndConsole(backend) { provider, console, clock, database in
            _ = try await settledAccount(console, #"{"login":"off.duty","displayName":"离岗","role":"unit","district":"jianghan","unit":"gov-housing"}"#)
            _ = try await settledAccount(console, #"{"login":"li.na","displayName":"李娜","role":"councilMember","district":"jianghan"}"#)
            _ = try await http(.POST, console.baseURL + "/api/v1/accounts/off.duty/disable", json: "{}", headers: try await bearerIn("*", .admin))
            try await provider.addUser("u-unknown", claims: ["preferred_username": "nobody.here"])
            try await provider.addUser("u-disabled", claims: ["preferred_username": "off.duty"])
            try await provider.addUser("u-li", claims: ["preferred_username": "li.na"])
            try await provider.addUser("u-noclaim", claims: ["email": "someone@example.cn"])

            let unknown = try await provider.signIn(Browser(console.baseURL), as: "u-unknown")
            let disabled = try await provider.signIn(Browser(console.baseURL), as: "u-disabled")
            let noClaim = try await provider.signIn(Browser(console.baseURL), as: "u-noclaim")
            // The provider's ID tokens live 2 minutes: 5 minutes later (the attempt itself lasts 10) it has expired.
            let late = Browser(console.baseURL)
            let back = try await provider.authorize(try await late.get("/login/oidc").location ?? "", as: "u-li")
            clock.advance(by: 5 * 60)
            let expired = try await late.get(pathAndQuery(back))
            for answer in [unknown, disabled, noClaim, expired] {
                #expect(answer.status == 401, "\(answer.status) \(answer.body)")
                #expect(alert(answer.body)?.contains("未能通过统一身份认证登录") == true, "\(answer.body)")
                #expect(alert(answer.body) == alert(unknown.body))
            }
            let audited = try await database.query("SELECT actor, summary FROM audit_log WHERE action = 'sign-in-failed' ORDER BY sequence")
            let summaries = try audited.map { try $0.string("summary") }
            #expect(summaries.count == 4 && summaries.allSatisfy { $0.contains("client 127.0.0.1") && $0.contains("identity provider") }, "\(summaries)")
            #expect(summaries.contains { $0.contains("no account") && $0.contains("nobody.here") })
            #expect(summaries.contains { $0.contains("disabled") } && summaries.contains { $0.contains("expired") })
            #expect(try audited.map { try $0.string("actor") }.contains("off.duty"))
        }
    }

    @Test("a tampered or missing state, a replayed callback and a code from another sign-in (its nonce) are refused, and nobody is signed in",
          arguments: Backend.allCases)
    func stateNonceAndReplay(backend: Backend) async throws {
        try await withProviderAndConsole(backend) { provider, console, _, _ in
            _ = try await settledAccount(console, #"{"login":"wang.li","displayName":"王丽","role":"deputy","district":"jianghan","deputy":"dep-0001"}"#)
            try await provider.addUser("u-1001", claims: ["preferred_username": "wang.li"])

            // The state that came back is not the one this browser was sent with.
            let browser = Browser(console.baseURL)
            let back = try await provider.authorize(try await browser.get("/login/oidc").location ?? "", as: "u-1001")
            let tampered = try await browser.get(pathAndQuery(back).replacingOccurrences(of: "state=", with: "state=x"))
            #expect(tampered.status == 400 && alert(tampered.body)?.contains("重新点击") == true, "\(tampered.status) \(tampered.body)")
            #expect(try await browser.get("/").location == "/login")

            // A callback in a browser that never started a sign-in (no attempt cookie), e.g. a link sent by someone else.
            let other = Browser(console.baseURL)
            let stranger = try await provider.authorize(try await other.get("/login/oidc").location ?? "", as: "u-1001")
            let foreign = Browser(console.baseURL)
            #expect(try await foreign.get(pathAndQuery(stranger)).status == 400)
            #expect(try await foreign.get("/").location == "/login")

            // Replayed: once the attempt is used its cookie is gone; with the cookie put back, the code is spent.
            let first = Browser(console.baseURL)
            let toProvider = try #require(try await first.get("/login/oidc").location)
            let attemptCookie = try #require(first.cookies["__Host-youyue-oidc"])
            let callback = pathAndQuery(try await provider.authorize(toProvider, as: "u-1001"))
            #expect(try await first.get(callback).location == "/")
            let replay = Browser(console.baseURL)
            #expect(try await replay.get(callback).status == 400)
            replay.cookies["__Host-youyue-oidc"] = attemptCookie
            let replayed = try await replay.get(callback)
            #expect(replayed.status == 401 && replay.cookies["__Host-youyue-session"] == nil, "\(replayed.status) \(replayed.body)")

            // Two sign-ins started at once: the code of one with the state of the other gets an ID
            // token whose nonce is not the browser's.
            let a = Browser(console.baseURL), b = Browser(console.baseURL)
            let toProviderA = try #require(try await a.get("/login/oidc").location)
            let backB = try await provider.authorize(try #require(try await b.get("/login/oidc").location), as: "u-1001")
            let stateA = try #require(URLComponents(string: toProviderA)?.queryItems?.first { $0.name == "state" }?.value)
            let codeB = try #require(URLComponents(string: backB)?.queryItems?.first { $0.name == "code" }?.value)
            let mixed = try await a.get("/login/oidc/callback?code=\(codeB)&state=\(stateA)")
            #expect(mixed.status == 401 && a.cookies["__Host-youyue-session"] == nil, "\(mixed.status) \(mixed.body)")

            // The person cancels at the provider.
            let cancelling = Browser(console.baseURL)
            let denied = try await provider.authorize(try #require(try await cancelling.get("/login/oidc").location), as: "u-1001", deny: true)
            #expect(denied.hasPrefix(console.baseURL + "/login/oidc/callback?") && denied.contains("error=access_denied"))
            let cancelled = try await cancelling.get(pathAndQuery(denied))
            #expect(cancelled.status == 401 && alert(cancelled.body)?.contains("统一身份认证未完成") == true && cancelling.cookies["__Host-youyue-session"] == nil)
        }
    }

    @Test("the request to the provider carries PKCE (S256), state, nonce and the registered redirect URI; the attempt cookie is HttpOnly and SameSite=Lax",
          arguments: [Backend.sqlite])
    func authorizationRequest(backend: Backend) async throws {
        try await withProviderAndConsole(backend) { provider, console, _, _ in
            let browser = Browser(console.baseURL)
            let start = try await browser.get("/login/oidc")
            let target = try #require(start.location.flatMap { URLComponents(string: $0) })
            #expect(start.status == 303 && target.string?.hasPrefix(provider.issuer + "/oauth2/authorize?") == true)
            let query = Dictionary((target.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { first, _ in first }
            #expect(query["response_type"] == "code" && query["client_id"] == "youyue-console" && query["scope"]?.contains("openid") == true)
            #expect(query["redirect_uri"] == console.baseURL + "/login/oidc/callback")
            #expect(query["code_challenge_method"] == "S256" && query["code_challenge"]?.count == 43)
            #expect((query["state"]?.count ?? 0) >= 43 && (query["nonce"]?.count ?? 0) >= 43 && query["state"] != query["nonce"])
            let cookie = try #require(browser.lastSetCookies.first { $0.hasPrefix("__Host-youyue-oidc=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/") && cookie.contains("Max-Age=600"))
            // A second start gets a new state and nonce.
            let again = try #require(try await browser.get("/login/oidc").location.flatMap { URLComponents(string: $0) })
            #expect(again.queryItems?.first { $0.name == "state" }?.value != query["state"])
        }
    }

    @Test("without a provider configured there is no button and /login/oidc is a 404; a provider that cannot be reached is a 503 page, not a 500",
          arguments: Backend.allCases)
    func notConfiguredOrUnreachable(backend: Backend) async throws {
        try await withConsole(backend) { console in
            let login = try await Browser(console.baseURL).get("/login")
            #expect(login.status == 200 && !login.body.contains("统一身份认证"))
            #expect(try await Browser(console.baseURL).get("/login/oidc").status == 404)
            #expect(try await Browser(console.baseURL).get("/login/oidc/callback?code=x&state=y").status == 404)
        }
        let nobody = try await reservePort()
        try await withConsole(backend, extra: providerSettings(issuer: "http://127.0.0.1:\(nobody)")) { console, _ in
            let start = try await Browser(console.baseURL).get("/login/oidc")
            #expect(start.status == 503 && alert(start.body)?.contains("暂时无法连接统一身份认证服务") == true, "\(start.status) \(start.body)")
        }
    }
}

// MARK: - The provider process and the console beside it

/// `oidc-provider-mock` on a port of its own: any client id and secret are accepted, and its
/// authorization form signs in whoever's `sub` is posted, with the claims set by `addUser`.
final class MockIdentityProvider: Sendable {
    let process: ChildProcess
    let issuer: String
    let log: String

    static func start() async throws -> MockIdentityProvider {
        guard let executable = programOnPath("oidc-provider-mock") else {
            try skipOrFail("OpenID provider skipped: `oidc-provider-mock` is not installed (pip install oidc-provider-mock; .ci/run does)")
        }
        let port = try await reservePort()
        let log = try temporaryFolder() + "/oidc-provider-mock.log"
        // ID tokens live 2 minutes, so that a test can outlast one by moving the console's clock.
        let process = try ChildProcess(executable, ["--port", String(port), "--host", "127.0.0.1", "--token-max-age", "120"],
                                       environment: inheritedEnvironment(["PYTHONWARNINGS": "ignore"]), outputFile: log)
        let provider = MockIdentityProvider(process: process, issuer: "http://127.0.0.1:\(port)", log: log)
        let ready = try await eventually(within: .seconds(60)) {
            guard process.isRunning else { return true }
            return (try? await http(.GET, provider.issuer + "/.well-known/openid-configuration"))?.status == 200
        }
        guard ready, process.isRunning else {
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            await provider.stop()
            throw HarnessError("oidc-provider-mock did not start (exit \(process.exitStatus.map(String.init) ?? "none")): \(output.suffix(2000))")
        }
        return provider
    }

    private init(process: ChildProcess, issuer: String, log: String) {
        self.process = process
        self.issuer = issuer
        self.log = log
    }

    func stop() async {
        await process.stop(grace: .seconds(10))
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: log).deletingLastPathComponent().path)
    }

    /// The mock is a development server that drops idle kept-alive connections at will: a request
    /// on a pooled one then fails with `remoteConnectionClosed`. Each of the test's calls uses a
    /// connection of its own.
    static let freshConnection = [("Connection", "close")]

    /// The person `sub` at the provider, with the claims its ID tokens carry.
    func addUser(_ sub: String, claims: [String: String]) async throws {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: claims), as: UTF8.self)
        let answer = try await http(.PUT, issuer + "/users/\(sub)", json: json, headers: Self.freshConnection)
        guard answer.status == 204 else { throw HarnessError("oidc-provider-mock: PUT /users/\(sub) answered \(answer.status): \(answer.body)") }
    }

    /// What a person does at the provider's page the console sent the browser to: submits its
    /// authorization form as `sub` (or presses "deny"). The provider's redirect back, in full.
    func authorize(_ authorizationURL: String, as sub: String, deny: Bool = false) async throws -> String {
        guard authorizationURL.hasPrefix(issuer) else { throw HarnessError("the console sent the browser to \(authorizationURL), not to the provider") }
        let answer = try await postForm(authorizationURL, fields: deny ? [("action", "deny")] : [("sub", sub)], headers: Self.freshConnection)
        guard answer.status == 302, let back = answer.headers["Location"].first else {
            throw HarnessError("the provider's authorization form answered \(answer.status): \(answer.body.prefix(1000))")
        }
        return back
    }

    /// The whole round trip in `browser`: the console's button, the provider's form, and the
    /// console's answer to the provider's redirect back.
    func signIn(_ browser: Browser, as sub: String) async throws -> (status: Int, body: String, location: String?) {
        let start = try await browser.get("/login/oidc")
        guard start.status == 303, let target = start.location else { throw HarnessError("/login/oidc answered \(start.status): \(start.body.prefix(500))") }
        let back = try await authorize(target, as: sub)
        guard back.hasPrefix(browser.base + "/login/oidc/callback?") else { throw HarnessError("the provider sent the browser back to \(back)") }
        return try await browser.get(pathAndQuery(back))
    }
}

/// The provider started, the console on a port of its own (so that its redirect URI is where it
/// really listens) configured as its client, and the console's database to read the audit chain.
func withProviderAndConsole(_ backend: Backend, _ body: (MockIdentityProvider, RunningService, ServiceClock, any Database) async throws -> Void) async throws {
    let provider = try await MockIdentityProvider.start()
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // The secret through a file, as deployments give it.
    let secretFile = folder + "/oidc-client-secret"
    try "console-secret-at-the-provider\n".write(toFile: secretFile, atomically: true, encoding: .utf8)
    let port = try await reservePort()
    var failure: (any Error)?
    do {
        try await withFreshDatabaseURL(backend) { url in
            let clock = ServiceClock()
            let extra = providerSettings(issuer: provider.issuer, secretFile: secretFile).merging(["YOUYUE_CONSOLE_PORT": String(port)]) { _, own in own }
            let console = try await startService(consoleService, configuration: testConfiguration(.console, database: url, folder: folder, extra: extra), clock: clock)
            let database = try openDatabase(url, logger: testLogger)
            do {
                try await body(provider, console, clock, database)
            } catch {
                failure = error
            }
            await database.close()
            await console.stop()
        }
    } catch {
        failure = failure ?? error
    }
    await provider.stop()
    if let failure { throw failure }
}

func providerSettings(issuer: String, secretFile: String? = nil) -> [String: String] {
    var settings = ["YOUYUE_OIDC_ISSUER": issuer, "YOUYUE_OIDC_CLIENT_ID": "youyue-console"]
    if let secretFile { settings["YOUYUE_OIDC_CLIENT_SECRET_FILE"] = secretFile } else { settings["YOUYUE_OIDC_CLIENT_SECRET"] = "console-secret-at-the-provider" }
    return settings
}

/// An account whose one-time password has been changed (so that signing in leads home rather than
/// to the password page); its password.
func settledAccount(_ console: RunningService, _ json: String) async throws -> String {
    let oneTime = try await addAccount(console, json)
    let login = try #require(json.firstMatch(of: /"login":"([^"]+)"/).map { String($0.1) })
    let browser = Browser(console.baseURL)
    _ = try await browser.signIn(login, oneTime)
    let password = "武汉江汉-长江大桥-2026"
    let changed = try await browser.submit("/password", to: "/password", [("current", oneTime), ("new", password), ("repeat", password)])
    guard changed.status == 303 else { throw HarnessError("changing \(login)'s password answered \(changed.status): \(changed.body.prefix(500))") }
    return password
}

/// Enrols TOTP in a signed-in browser at `/totp`; the secret.
func enrolTOTP(_ browser: Browser, at now: Date) async throws -> [UInt8] {
    let page = try await browser.get("/totp")
    let shown = try #require(page.body.range(of: #"id="secret"[^>]*>[A-Z2-7 ]+<"#, options: .regularExpression).map { String(page.body[$0]) })
    let secret = try #require(Base32.decode(String(shown.split(separator: ">").last!.dropLast())))
    let enrolled = try await browser.submit("/totp", to: "/totp", [("code", OneTimePassword.code(secret: secret, at: now))])
    guard enrolled.location == "/?enrolled=1" else { throw HarnessError("enrolling TOTP answered \(enrolled.status): \(enrolled.body.prefix(500))") }
    return secret
}

/// The path and query of an absolute URL, for the console's `Browser`.
func pathAndQuery(_ url: String) -> String {
    guard let components = URLComponents(string: url) else { return url }
    return components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
}

/// The page's message to the person, if it shows one.
func alert(_ body: String) -> String? {
    body.range(of: #"<p class="alert"[^<]*"#, options: .regularExpression).map { String(body[$0]) }
}

private func programOnPath(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

