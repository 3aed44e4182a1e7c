import ConsoleService
import Contracts
import Foundation
import ServiceKit
import TestSupport
import Testing

/// A real phone-sized browser (headless Chromium through selenium) signs the first admin in at
/// the console: one-time password, a new password, TOTP enrolment from the secret on the page,
/// a deputy added, signed out, and signed in again with a fresh code. axe-core checks /login and
/// the TOTP pages. The journey lives in scripts/browser/console_sign_in.py.
@Suite("Console sign-in in a browser")
struct BrowserSignInTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct SignInResult: Decodable {
        let deputy: String
        let screenshots: [String]
    }

    @Test("on a phone: a wrong password refused, the one-time password, new password, TOTP enrolment, a deputy added, sign-out, sign-in with password and code")
    func phoneSignIn() async throws {
        try await requireBrowser()
        let port = try await reservePort()
        let base = "http://127.0.0.1:\(port)"
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withFreshDatabaseURL(.sqlite) { url in
            let console = try await startService(consoleService, configuration: testConfiguration(
                .console, database: url, port: port, folder: folder, extra: ["YOUYUE_PUBLIC_BASE_URL": base]))
            do {
                let oneTime = try await bootstrapAdmin(console)
                // Kept under the test's folder while it runs; YOUYUE_KEEP_SCREENSHOTS keeps a copy to look at.
                let screenshots = folder + "/screenshots"
                let (status, output, errors) = try await runBrowserCheck("console_sign_in.py", [
                    "--base-url", base, "--login", "admin", "--password", oneTime, "--screenshots", screenshots,
                ])
                if let keep = ProcessInfo.processInfo.environment["YOUYUE_KEEP_SCREENSHOTS"] {
                    try? FileManager.default.removeItem(atPath: keep)
                    try? FileManager.default.copyItem(atPath: screenshots, toPath: keep)
                }
                #expect(status == 0, "console_sign_in.py failed:\n\(errors)")
                if status == 0, let line = output.split(separator: "\n").last {
                    let result = try JSONDecoder().decode(SignInResult.self, from: Data(line.utf8))
                    #expect(result.screenshots.count == 10)
                    // What the browser did is what the console keeps: the admin's own password and
                    // second factor, and the deputy waiting for a first sign-in.
                    let accounts = try await http(.GET, console.baseURL + "/api/v1/accounts", headers: try await bearerIn("*", .admin))
                    let views = try apiDecoder.decode([AccountView].self, from: Data(accounts.body.utf8))
                    let admin = try #require(views.first { $0.login == "admin" })
                    #expect(admin.secondFactor && !admin.mustChangePassword)
                    let deputy = try #require(views.first { $0.login == result.deputy })
                    #expect(deputy.role == .deputy && deputy.deputy == "dep-0001" && deputy.mustChangePassword)
                }
            } catch {
                await console.stop()
                throw error
            }
            await console.stop()
        }
    }

    func requireBrowser() async throws {
        let files = FileManager.default
        guard files.isExecutableFile(atPath: "/usr/bin/chromium"), files.isExecutableFile(atPath: "/usr/bin/chromedriver") else {
            try skipOrFail("Chromium skipped: needs Debian's chromium and chromium-driver (bash scripts/browser/install.sh; .ci/run does)")
        }
        guard (try? await runProcess("/usr/bin/env", ["python3", "-c", "import selenium, selenium_axe_python"]).status) == 0 else {
            try skipOrFail("Chromium skipped: needs selenium and selenium-axe-python from PyPI (bash scripts/browser/install.sh; .ci/run does)")
        }
    }
}
