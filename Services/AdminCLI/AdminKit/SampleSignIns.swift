import ConsoleService
import Contracts
import Foundation

/// The sample district's sign-ins that `youyue seed` makes: one per role and scope that
/// `youyue demo` acts as (DemoStory's tokens; their logins are the story's subjects), and a
/// council member. For the invented sample district only, never for a real one.
public let sampleDistrictSignIns: [AccountInput] = [
    AccountInput(login: "dep-0001", displayName: "高涵竹", role: .deputy, district: "jianghan", deputy: "dep-0001"),
    AccountInput(login: "staff-minzu", displayName: "民族街道工作人员", role: .streetStaff, district: "jianghan", street: "minzu"),
    AccountInput(login: "clerk-minzu", displayName: "民族街道办事处承办人", role: .unit, district: "jianghan", unit: "minzu-office"),
    AccountInput(login: "staff-district", displayName: "江汉区人大工作人员", role: .districtStaff, district: "jianghan"),
    AccountInput(login: "council-jianghan", displayName: "江汉区人大常委会组成人员", role: .councilMember, district: "jianghan"),
    AccountInput(login: "jianghan-procuratorate", displayName: "江汉区人民检察院", role: .procuratorate, district: "jianghan"),
]

/// Whether a reference data file is invented sample data (`"sample": true`, as
/// SampleData/jianghan-sample.json says): only then does `seed` make sign-ins with printed passwords.
public func isSampleReferenceData(_ file: [UInt8]) -> Bool {
    ((try? JSONSerialization.jsonObject(with: Data(file))) as? [String: Any])?["sample"] as? Bool == true
}

/// A sample sign-in as `seed` left it: its password, and whether it was made now or already
/// there (then its password was reset, so that every run prints passwords that work).
public struct SampleSignIn: Sendable {
    public let account: AccountView
    public let password: String
    public let existed: Bool
}

/// Makes the sample sign-ins through the console's accounts API; an account that exists gets a
/// new password instead, so running `seed` again does not fail.
public func seedSampleSignIns(consoleURL: String, admin: AdminClient, accounts: [AccountInput] = sampleDistrictSignIns) async throws -> [SampleSignIn] {
    var seeded: [SampleSignIn] = []
    for input in accounts {
        do {
            let created = try await admin.post(consoleURL + "/api/v1/accounts", json: input, as: AccountWithPassword.self)
            seeded.append(SampleSignIn(account: created.account, password: created.oneTimePassword, existed: false))
        } catch let failed as AdminRequestFailed where failed.status == 409 {
            let reset = try await admin.post(consoleURL + "/api/v1/accounts/\(input.login)/password-reset", body: Array("{}".utf8), as: AccountWithPassword.self)
            seeded.append(SampleSignIn(account: reset.account, password: reset.oneTimePassword, existed: true))
        }
    }
    return seeded
}

/// What `seed` prints: where to sign in and a table of login, role, scope and password, marked
/// as development-only.
public func sampleSignInLines(_ signIns: [SampleSignIn], consoleURL: String) -> [String] {
    func padded(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
    let rows = signIns.map { signIn -> [String] in
        let account = signIn.account
        let scope = account.deputy.map { "deputy \($0)" } ?? account.street.map { "street \($0)" } ?? account.unit.map { "unit \($0)" } ?? ""
        return [account.login, account.role.rawValue, "\(account.district)\(scope.isEmpty ? "" : ", " + scope)", signIn.password + (signIn.existed ? "  (reset)" : "")]
    }
    let header = ["login", "role", "scope", "password"]
    let widths = (0..<header.count).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { $0.offset == cells.count - 1 ? $0.element : padded($0.element, widths[$0.offset]) }.joined(separator: "  ")
    }
    return [
        "",
        "示例区的演示账号（仅供演示，只用于虚构的示例数据，切勿用于正式环境）。Development-only sign-ins of the sample district:",
        "登录：\(consoleURL)/login　首次登录须修改密码；区人大工作人员还须开启两步验证。",
        line(header),
    ] + rows.map(line)
}
