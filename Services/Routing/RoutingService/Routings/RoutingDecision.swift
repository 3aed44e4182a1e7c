import Contracts
import Foundation
import ServiceKit

/// Staff confirm the proposal (send nothing) or change any part of it.
public struct RoutingDecisionInput: Codable, Sendable {
    public var tier: Tier?
    public var leadUnit: String?
    public var coUnits: [String]?
    public var complex: Bool?
    public var note: String?

    public init(tier: Tier? = nil, leadUnit: String? = nil, coUnits: [String]? = nil, complex: Bool? = nil, note: String? = nil) {
        self.tier = tier
        self.leadUnit = leadUnit
        self.coUnits = coUnits
        self.complex = complex
        self.note = note
    }
}

/// District staff decide district and municipal tiers; a street's own staff decide its street
/// tier. Who may decide depends on the tier decided, so street staff cannot lift a suggestion
/// to the district, nor district matters be settled by one street.
func requireMayDecide(_ principal: Principal, tier: Tier, street: String) throws {
    switch (principal.role, tier) {
    case (.districtStaff, _), (.admin, _): return
    case (.streetStaff, .street) where principal.street == street: return
    case (.streetStaff, _): throw Problem.forbidden("街道工作人员只能确定本街道的街道级办理。区级和转市人大办理由区人大常委会工作人员确定。")
    default: throw Problem.forbidden("无权确定交办。")
    }
}

/// The decided units, checked against the unit list and the tier: street tier stays within the
/// suggestion's street, municipal tier goes to the municipal congress.
func decisionErrors(_ db: any SQLExecutor, district: String, street: String, tier: Tier, lead: String, coUnits: [String]) async throws -> [String: String] {
    var errors: [String: String] = [:]
    guard let leadUnit = try await unit(db, district: district, code: lead) else { return ["leadUnit": "承办单位 \(lead) 不存在。"] }
    switch tier {
    case .street where leadUnit.street != street:
        errors["leadUnit"] = "街道级办理的主办单位须为本街道的办事处或社区。"
    case .municipal where leadUnit.kind != .municipalCongress:
        errors["leadUnit"] = "转市人大办理的对象须为市人大常委会。"
    case .district where leadUnit.kind == .municipalCongress || leadUnit.kind == .community:
        errors["leadUnit"] = "区级办理的主办单位须为一府一委两院或街道办事处。"
    default: break
    }
    for co in coUnits where try await unit(db, district: district, code: co) == nil { errors["coUnits"] = "协办单位 \(co) 不存在。" }
    if coUnits.contains(lead) { errors["coUnits"] = "协办单位不能与主办单位相同。" }
    if tier == .municipal && !coUnits.isEmpty { errors["coUnits"] = "转市人大办理不设协办单位。" }
    return errors
}
