import ConsoleService
import Contracts
import Foundation
import ServiceKit

/// The installation's first admin, made by the console while it has no account: its one-time
/// password, or nil when accounts exist already (it is printed once, on the first `up`).
public func bootstrapConsoleAdmin(consoleURL: String, admin: AdminClient) async throws -> AccountWithPassword? {
    do {
        return try await admin.post(consoleURL + "/internal/v1/bootstrap-admin", body: Array("{}".utf8), as: AccountWithPassword.self)
    } catch let failed as AdminRequestFailed where failed.status == 409 {
        return nil
    }
}

/// One row of `youyue users import --csv`: login,displayName,role,district,deputy,street,unit
/// (a header row naming those columns is skipped; empty cells are "not given").
public func parseAccountsCSV(_ text: String) throws -> [AccountInput] {
    var accounts: [AccountInput] = []
    for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() {
        let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if index == 0 && cells.first?.lowercased() == "login" { continue }
        if cells.allSatisfy(\.isEmpty) { continue }
        guard cells.count >= 4, let role = Role(rawValue: cells[2]) else {
            throw AccountsFileError(line: index + 1, reason: "expected login,displayName,role,district[,deputy,street,unit] with a role such as deputy")
        }
        func cell(_ i: Int) -> String? { cells.count > i && !cells[i].isEmpty ? cells[i] : nil }
        accounts.append(AccountInput(login: cells[0], displayName: cells[1], role: role, district: cells[3], deputy: cell(4), street: cell(5), unit: cell(6)))
    }
    return accounts
}

public struct AccountsFileError: Error, CustomStringConvertible {
    public let line: Int
    public let reason: String
    public var description: String { "line \(line): \(reason)" }
}

/// What `youyue up` prints once the six are ready: where staff sign in and, on an installation
/// without accounts, the first admin's one-time password (printed this once; the console keeps
/// only its hash, and the first sign-in must change it).
public func consoleSignInLines(consoleURL: String, firstAdmin: AccountWithPassword?) -> [String] {
    var lines = ["工作平台登录：\(consoleURL)/login"]
    if let firstAdmin {
        lines.append("初始管理员：登录名 \(firstAdmin.account.login)，一次性密码 \(firstAdmin.oneTimePassword)（只显示这一次，首次登录须修改）")
    }
    return lines
}
