import Contracts
import Foundation
import ServiceKit

/// Category × street (or `*`, any street) → tier, lead unit, co-units, complexity. The lead unit
/// `@streetOffice` stands for the office of the suggestion's own street.
public struct RoutingRule: Codable, Sendable, Equatable {
    public var id: String?
    public var version: Int?
    public var category: String
    public var street: String
    public var tier: Tier
    public var leadUnit: String
    public var coUnits: [String]
    public var complex: Bool

    public init(id: String? = nil, version: Int? = nil, category: String, street: String, tier: Tier, leadUnit: String,
                coUnits: [String], complex: Bool) {
        self.id = id
        self.version = version
        self.category = category
        self.street = street
        self.tier = tier
        self.leadUnit = leadUnit
        self.coUnits = coUnits
        self.complex = complex
    }
}

let anyStreet = "*"
let streetOfficePlaceholder = "@streetOffice"

/// Adds a rule, or a new version of rule `id`, retiring the version before it.
func saveRule(_ db: any SQLExecutor, district: String, _ rule: RoutingRule, by actor: String, at now: Date) async throws -> RoutingRule {
    let id = rule.id ?? makeID(prefix: "rule")
    let current = try await db.queryFirst("SELECT MAX(version) AS version FROM routing_rules WHERE id = \(id) AND district = \(district)")
    let version = Int((current?.optionalInt("version") ?? 0) + 1)
    try await db.execute("UPDATE routing_rules SET active = 0 WHERE id = \(id) AND district = \(district)")
    try await db.execute("""
        INSERT INTO routing_rules (id, version, district, category, street, tier, lead_unit, co_units, complex, active, changed_by, changed_at)
        VALUES (\(id), \(version), \(district), \(rule.category), \(rule.street), \(rule.tier.rawValue), \(rule.leadUnit),
                \(jsonList(rule.coUnits)), \(rule.complex), 1, \(actor), \(now))
        """)
    var saved = rule
    saved.id = id
    saved.version = version
    return saved
}

/// The rules in force, or every version when `history` is asked for.
func rules(_ db: any SQLExecutor, district: String, history: Bool = false) async throws -> [RoutingRule] {
    let filter: SQL = history ? "" : " AND active = 1"
    return try await db.query("""
        SELECT id, version, category, street, tier, lead_unit, co_units, complex FROM routing_rules
        WHERE district = \(district)\(filter) ORDER BY category, street, id, version
        """).map(routingRule)
}

func routingRule(_ row: SQLRow) throws -> RoutingRule {
    RoutingRule(
        id: try row.string("id"), version: Int(try row.int("version")), category: try row.string("category"),
        street: try row.string("street"), tier: Tier(rawValue: try row.string("tier")) ?? .district,
        leadUnit: try row.string("lead_unit"), coUnits: decodeJSONList(try row.string("co_units")), complex: try row.int("complex") != 0)
}

