import Contracts

/// Which records a role reaches once its role lets it call an operation: the object-level rule
/// every handler applies to the record it loads (`requireDistrict`, `requireStreet`, `requireUnit`,
/// a deputy's station or signature). Shown per operation as `x-scope` in the OpenAPI documents.
public func recordScope(of role: Role) -> String {
    switch role {
    case .citizen: "their own receipts"
    case .deputy: "their district: the opinions of their station, the suggestions they signed"
    case .streetStaff: "their district and street"
    case .unit: "their district: the cases of their unit"
    case .districtStaff, .councilMember, .procuratorate: "their district"
    case .admin: "their district; a deployment admin (district *) every district"
    case .service: "the service named by the token, for the districts the installation serves"
    }
}
