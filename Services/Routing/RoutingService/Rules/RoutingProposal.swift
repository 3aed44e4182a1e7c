import Contracts
import ServiceKit

/// What the rules propose for one suggestion, and why.
struct RoutingProposal: Sendable, Equatable {
    var tier: Tier
    var leadUnit: String
    var coUnits: [String]
    var complex: Bool
    var ruleID: String?
    var ruleVersion: Int?
    var reason: String
}

/// The rule in force for the suggestion's category and street — one naming the street wins over
/// the category's any-street rule — applied to it. Without a rule, the district government's
/// office takes it at district tier, and the reason says so, so that staff decide.
func propose(_ db: any SQLExecutor, district: String, category: String, street: String) async throws -> RoutingProposal {
    let candidates = try await db.query("""
        SELECT id, version, category, street, tier, lead_unit, co_units, complex FROM routing_rules
        WHERE district = \(district) AND category = \(category) AND active = 1 AND (street = \(street) OR street = \(anyStreet))
        """).map(routingRule)
    guard let rule = candidates.first(where: { $0.street == street }) ?? candidates.first else {
        return RoutingProposal(tier: .district, leadUnit: "gov-office", coUnits: [], complex: false, ruleID: nil, ruleVersion: nil,
                               reason: "没有适用于类别 \(category) 的规则，暂按区级办理交区人民政府办公室，请工作人员确认。")
    }
    var lead = rule.leadUnit
    if lead == streetOfficePlaceholder {
        let office = try await db.queryFirst("SELECT code FROM units WHERE district = \(district) AND kind = 'streetOffice' AND street = \(street)")
        lead = try office?.string("code") ?? lead
    }
    let scope = rule.street == anyStreet ? "任意街道" : "街道 \(rule.street)"
    let leadName = try await unit(db, district: district, code: lead)?.name ?? lead
    return RoutingProposal(
        tier: rule.tier, leadUnit: lead, coUnits: rule.coUnits, complex: rule.complex, ruleID: rule.id, ruleVersion: rule.version,
        reason: "规则 \(rule.id ?? "") 第 \(rule.version ?? 1) 版：类别 \(category) × \(scope) → \(rule.tier.chineseName)，主办 \(leadName)\(rule.complex ? "（复杂，6 个月）" : "")。")
}
