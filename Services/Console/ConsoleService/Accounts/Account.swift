import Contracts
import Foundation
import ServiceKit

/// A staff account as the console shows it: never its password hash or second-factor secret.
public struct AccountView: Codable, Sendable, Equatable {
    public var login: String
    public var displayName: String
    public var role: Role
    public var district: String
    public var deputy: String?
    public var street: String?
    public var unit: String?
    public var status: AccountStatus
    public var mustChangePassword: Bool
    public var secondFactor: Bool
    public var changedBy: String
    public var changedAt: Date
}

public enum AccountStatus: String, Codable, Sendable {
    case active, disabled
}

/// What an admin gives to add an account. The scope a role needs must be there: a deputy's id, a
/// street for street staff, a unit for a unit's clerk.
public struct AccountInput: Codable, Sendable {
    public var login: String
    public var displayName: String
    public var role: Role
    public var district: String
    public var deputy: String?
    public var street: String?
    public var unit: String?

    public init(login: String, displayName: String, role: Role, district: String, deputy: String? = nil, street: String? = nil, unit: String? = nil) {
        self.login = login
        self.displayName = displayName
        self.role = role
        self.district = district
        self.deputy = deputy
        self.street = street
        self.unit = unit
    }
}

/// An account just made or reset, with its one-time password: shown once, never stored in clear.
public struct AccountWithPassword: Codable, Sendable {
    public var account: AccountView
    public var oneTimePassword: String
}

extension AccountInput {
    /// The problems with this input, by field; empty when it can be saved.
    func problems() -> [String: String] {
        var problems: [String: String] = [:]
        if !isLogin(login) { problems["login"] = "登录名须为 3–40 位小写字母、数字、点、横线或下划线。" }
        let name = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 40 { problems["displayName"] = "请填写 1–40 字的姓名。" }
        if [.citizen, .service].contains(role) { problems["role"] = "此角色不能登录工作平台。" }
        if !isCode(district) && !(role == .admin && district == "*") { problems["district"] = "请填写区代码。" }
        switch role {
        case .deputy where !isCode(deputy ?? ""): problems["deputy"] = "代表账号须填写代表编号。"
        case .streetStaff where !isCode(street ?? ""): problems["street"] = "街道工作人员账号须填写街道代码。"
        case .unit where !isCode(unit ?? ""): problems["unit"] = "承办单位账号须填写单位代码。"
        default: break
        }
        return problems
    }

    /// The principal this account acts as: a deputy by their deputy id, everyone else by login.
    var principal: Principal {
        Principal(role: role, subject: role == .deputy ? (deputy ?? login) : login, district: district,
                  street: role == .streetStaff ? street : nil, unit: role == .unit ? unit : nil)
    }
}

private func isLogin(_ text: String) -> Bool {
    (3...40).contains(text.count) && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
}

private func isCode(_ text: String) -> Bool {
    (1...64).contains(text.count) && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_".unicodeScalars.contains($0) }
}

/// A one-time password: 16 letters and digits without look-alikes, in groups of four.
func makeOneTimePassword() -> String {
    let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
    // Bytes at or above 248 (8 × 31) are dropped, so that every letter is equally likely.
    var letters: [Character] = []
    while letters.count < 16 {
        letters += randomBytes(32).filter { $0 < 248 }.map { alphabet[Int($0) % alphabet.count] }
    }
    return stride(from: 0, to: 16, by: 4).map { String(letters[$0..<$0 + 4]) }.joined(separator: "-")
}
