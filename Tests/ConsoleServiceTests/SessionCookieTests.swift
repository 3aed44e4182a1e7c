import ConsoleService
import Foundation
import TestSupport
import Testing

/// Browsers drop a `__Host-` cookie that is not `Secure`: the session cookie is marked `Secure`
/// wherever a browser keeps it, which includes `youyue up`'s plain-http address on this machine.
@Suite("Console session cookie")
struct SessionCookieTests {
    @Test("the session cookie is Secure over https and at 127.0.0.1 or localhost, and not at another plain-http address",
          arguments: [("https://youyue.jianghan.gov.cn", true), ("http://127.0.0.1:8086", true), ("http://localhost:8086", true),
                      ("http://192.0.2.10:8086", false)])
    func secureWhereBrowsersKeepIt(publicBaseURL: String, secure: Bool) async throws {
        try await withConsole(.sqlite, extra: ["YOUYUE_PUBLIC_BASE_URL": publicBaseURL]) { console, _ in
            let oneTime = try await bootstrapAdmin(console)
            let browser = Browser(console.baseURL)
            #expect(try await browser.signIn("admin", oneTime).location == "/password")
            let cookie = try #require(browser.lastSetCookies.first { $0.hasPrefix("__Host-youyue-session=") })
            #expect(cookie.contains("; Secure") == secure, "\(cookie)")
        }
    }
}
