import AdminKit
import Contracts
import Foundation
import TestSupport
import Testing

/// `youyue seed` on the sample district also makes the work platform's sign-ins the demo story
/// acts as, and prints their development passwords (issue 23, item 2).
@Suite("youyue seed: the sample district's sign-ins")
struct SeedSignInTests {
    @Test("seed prints a development-only table of one sign-in per role and scope; a printed login and password sign in at the console; a second seed resets and prints them again")
    func seedPrintsWorkingSignIns() async throws {
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let ports = try await reserveSuitePorts()
        let environment = portEnvironment(ports).merging(["YOUYUE_DATA_DIR": work + "/suite"]) { _, own in own }
        let running = try await RunningSuite(SuiteOptions(dataDirectory: work + "/suite", ports: ports, baseEnvironment: environment))
        defer { Task { await running.stop() } }
        let console = "http://127.0.0.1:\(ports[.console] ?? 0)"

        let first = try await youyue(["seed"], environment: environment, in: work)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("仅供演示"), "\(first.output)")
        #expect(first.output.contains("\(console)/login"))
        let printed = signIns(in: first.output)
        #expect(printed.map(\.role).sorted() == ["councilMember", "deputy", "districtStaff", "procuratorate", "streetStaff", "unit"], "\(first.output)")
        #expect(printed.contains { $0.login == "staff-minzu" && $0.scope == "jianghan, street minzu" })
        #expect(printed.contains { $0.login == "clerk-minzu" && $0.scope == "jianghan, unit minzu-office" })
        let deputy = try #require(printed.first { $0.role == "deputy" })
        #expect(deputy.scope == "jianghan, deputy dep-0001")

        // Seeding again does not fail: the accounts are there, with new passwords printed.
        let second = try await youyue(["seed"], environment: environment, in: work)
        #expect(second.status == 0, "\(second.output)")
        let again = try #require(signIns(in: second.output).first { $0.login == deputy.login })
        #expect(again.reset && again.password != deputy.password)
        #expect(try await signIn(console, deputy.login, deputy.password).status == 401, "the first run's password was reset")

        // The printed password signs in; the console asks for a password of one's own first.
        let signedIn = try await signIn(console, again.login, again.password)
        #expect(signedIn.status == 303 && signedIn.location == "/password")
        let session = try #require(signedIn.session)
        let passwordPage = try await http(.GET, console + "/password", headers: [("Cookie", session)])
        let changed = try await postForm(console + "/password", fields: [
            ("csrf", hiddenField(passwordPage.body, named: "csrf") ?? ""), ("current", again.password),
            ("new", "民族街道-2026春"), ("repeat", "民族街道-2026春"),
        ], headers: [("Cookie", session)])
        #expect(changed.status == 303)
        let home = try await http(.GET, console + "/", headers: [("Cookie", session)])
        #expect(home.status == 200 && home.body.contains("高涵竹") && home.body.contains("人大代表") && home.body.contains("待办"), "\(home.body)")

        // A real district's file (not marked as sample) gets no sign-ins and prints no password.
        var district = try #require(try JSONSerialization.jsonObject(with: Data(builtInSampleDistrict)) as? [String: Any])
        district["sample"] = false
        try JSONSerialization.data(withJSONObject: district).write(to: URL(fileURLWithPath: work + "/district.json"))
        let real = try await youyue(["seed", "--file", work + "/district.json"], environment: environment, in: work)
        #expect(real.status == 0, "\(real.output)")
        #expect(signIns(in: real.output).isEmpty && !real.output.contains("仅供演示"), "\(real.output)")
        await running.stop()
    }

    struct PrintedSignIn {
        let login: String
        let role: String
        let scope: String
        let password: String
        let reset: Bool
    }

    /// The rows of seed's table: login, role, scope and password, columns two spaces apart.
    func signIns(in output: String) -> [PrintedSignIn] {
        let lines = output.split(separator: "\n").map(String.init)
        guard let header = lines.firstIndex(where: { $0.hasPrefix("login ") && $0.contains("password") }) else { return [] }
        return lines[(header + 1)...].compactMap { line in
            let cells = line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard cells.count >= 4 else { return nil }
            return PrintedSignIn(login: cells[0], role: cells[1], scope: cells[2], password: cells[3], reset: cells.dropFirst(4).contains("(reset)"))
        }
    }

    /// Signs in at the console's /login form as a browser would; the session cookie when it worked.
    func signIn(_ console: String, _ login: String, _ password: String) async throws -> (status: Int, location: String?, session: String?) {
        let page = try await http(.GET, console + "/login")
        let nonce = cookiePair(page.headers, named: "yy_csrf") ?? ""
        let answer = try await postForm(console + "/login", fields: [
            ("csrf", hiddenField(page.body, named: "csrf") ?? ""), ("login", login), ("password", password),
        ], headers: [("Cookie", nonce)])
        return (answer.status, answer.headers["Location"].first, cookiePair(answer.headers, named: "__Host-youyue-session"))
    }
}
