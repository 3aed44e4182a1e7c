import Contracts
import Foundation
import ServiceKit

/// What an admin gives to register a machine client: its name, the role and scope its tokens carry
/// (a street for street staff, a unit for a unit), and optionally a public key (JWK or PEM) with
/// which it signs its client assertions instead of sending a secret.
public struct MachineClientInput: Codable, Sendable {
    public var displayName: String
    public var role: Role
    public var district: String
    public var street: String?
    public var unit: String?
    public var publicKey: String?

    public init(displayName: String, role: Role, district: String, street: String? = nil, unit: String? = nil, publicKey: String? = nil) {
        self.displayName = displayName
        self.role = role
        self.district = district
        self.street = street
        self.unit = unit
        self.publicKey = publicKey
    }

    /// Roles a machine may act in. Never `service` (that is a service's own key) or `citizen`
    /// (citizens have no sign-in), nor `deputy`: a deputy is a person, known by their deputy id.
    static let refusedRoles: Set<Role> = [.service, .citizen, .deputy]

    /// The problems with this input, by field; empty when it can be saved.
    func problems() async -> [String: String] {
        var problems: [String: String] = [:]
        let name = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 60 { problems["displayName"] = "请填写 1–60 字的客户端名称。" }
        if Self.refusedRoles.contains(role) { problems["role"] = "机器客户端不能使用此角色。" }
        if !isClientCode(district) && !(role == .admin && district == "*") { problems["district"] = "请填写区代码。" }
        switch role {
        case .streetStaff where !isClientCode(street ?? ""): problems["street"] = "街道工作人员角色须填写街道代码。"
        case .unit where !isClientCode(unit ?? ""): problems["unit"] = "承办单位角色须填写单位代码。"
        default: break
        }
        if let publicKey {
            do {
                _ = try await ClientAssertionKey(text: publicKey)
            } catch {
                problems["publicKey"] = "公钥无法识别（\(error.reason)）：须为 EC P-256（ES256）或 RSA 2048 位以上（RS256）的 JWK 或 PEM 公钥。"
            }
        }
        return problems
    }
}

/// A district, street or unit code, as accounts have them.
func isClientCode(_ text: String) -> Bool {
    (1...64).contains(text.count) && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_".unicodeScalars.contains($0) }
}
