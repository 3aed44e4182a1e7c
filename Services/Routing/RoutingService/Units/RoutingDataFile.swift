import Contracts
import Foundation
import ServiceKit

/// Routing's part of the district data file (`youyue seed`): units and routing rules. The other
/// sections of the file belong to intake and are ignored here.
public struct RoutingDataFile: Codable, Sendable {
    public struct District: Codable, Sendable { public var code: String }
    public var district: District
    public var units: [HandlingUnit]
    public var routingRules: [RoutingRule]
}

/// Loads the file; loading it twice changes nothing. Seeded rules get stable ids from their
/// category and street, and a new version only when their content differs from the one in force.
func importRoutingData(_ file: RoutingDataFile, into db: any SQLExecutor, by actor: String, at now: Date) async throws -> [String: Int] {
    let district = file.district.code
    try await upsertUnits(db, district: district, file.units)
    var changedRules = 0
    let current = try await rules(db, district: district)
    for var rule in file.routingRules {
        rule.id = seededRuleID(rule)
        if let existing = current.first(where: { $0.id == rule.id }), sameContent(existing, rule) { continue }
        _ = try await saveRule(db, district: district, rule, by: actor, at: now)
        changedRules += 1
    }
    return ["units": file.units.count, "routingRules": file.routingRules.count, "rulesChanged": changedRules]
}

/// A seeded rule's id: its own, or one made from its category and street.
func seededRuleID(_ rule: RoutingRule) -> String {
    rule.id ?? "rule-\(rule.category)-\(rule.street == anyStreet ? "any" : rule.street)"
}

/// Problems that make a district file ambiguous, found before anything is written: two rules
/// with one id (given, or made from the same category and street).
func routingFileProblems(_ file: RoutingDataFile) -> [String: String] {
    var seen: Set<String> = []
    for (index, rule) in file.routingRules.enumerated() where !seen.insert(seededRuleID(rule)).inserted {
        return ["routingRules.\(index)": "规则 \(seededRuleID(rule)) 重复：同一类别和街道只能有一条规则。"]
    }
    return [:]
}

private func sameContent(_ a: RoutingRule, _ b: RoutingRule) -> Bool {
    (a.category, a.street, a.tier, a.leadUnit, a.coUnits, a.complex) == (b.category, b.street, b.tier, b.leadUnit, b.coUnits, b.complex)
}

/// Problems in a rule a person typed: unknown units, a street tier without a street office.
func ruleErrors(_ db: any SQLExecutor, district: String, _ rule: RoutingRule) async throws -> [String: String] {
    var errors: [String: String] = [:]
    if rule.category.isEmpty { errors["category"] = "请填写类别。" }
    if rule.street.isEmpty { errors["street"] = "请填写街道代码，或用 * 表示任意街道。" }
    if rule.leadUnit != streetOfficePlaceholder, try await unit(db, district: district, code: rule.leadUnit) == nil {
        errors["leadUnit"] = "承办单位 \(rule.leadUnit) 不存在（或用 @streetOffice 表示所在街道办事处）。"
    }
    for co in rule.coUnits where try await unit(db, district: district, code: co) == nil { errors["coUnits"] = "协办单位 \(co) 不存在。" }
    return errors
}
