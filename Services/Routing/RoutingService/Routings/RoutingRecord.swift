import Contracts
import Foundation
import ServiceKit

/// One submitted suggestion in routing: what the rules proposed or staff decided, and where it is.
public struct RoutingRecord: Codable, Sendable, Equatable {
    /// proposed → confirmed → issued; municipal tier: proposed → forwarded → municipalAnswered;
    /// a returned assignment puts it back to `returned` until staff decide again.
    public enum Status: String, Codable, Sendable {
        case proposed, confirmed, issued, forwarded, municipalAnswered, returned
    }
    public var suggestion: String
    public var title: String
    public var category: String
    public var street: String
    public var leadDeputy: String
    public var submittedAt: Date
    public var status: Status
    public var tier: Tier
    public var leadUnit: String
    public var coUnits: [String]
    public var complex: Bool
    public var ruleID: String?
    public var ruleVersion: Int?
    public var reason: String
    public var decidedBy: String?
    public var returnReason: String?
    public var municipalAnswer: String?
}

let routingColumns: SQL = """
    suggestion, title, category, street, lead_deputy, submitted_at, status, tier, lead_unit, co_units, complex,
    rule_id, rule_version, reason, decided_by, return_reason, municipal_answer
    """

func routingRecord(_ row: SQLRow) throws -> RoutingRecord {
    RoutingRecord(
        suggestion: try row.string("suggestion"), title: try row.string("title"), category: try row.string("category"),
        street: try row.string("street"), leadDeputy: try row.string("lead_deputy"), submittedAt: try row.date("submitted_at"),
        status: RoutingRecord.Status(rawValue: try row.string("status")) ?? .proposed, tier: Tier(rawValue: try row.string("tier")) ?? .district,
        leadUnit: try row.string("lead_unit"), coUnits: decodeJSONList(try row.string("co_units")), complex: try row.int("complex") != 0,
        ruleID: row.optionalString("rule_id"), ruleVersion: row.optionalInt("rule_version").map(Int.init), reason: try row.string("reason"),
        decidedBy: row.optionalString("decided_by"), returnReason: row.optionalString("return_reason"),
        municipalAnswer: row.optionalString("municipal_answer"))
}

func routingRecord(_ db: any SQLExecutor, district: String, suggestion: String) async throws -> RoutingRecord? {
    try await db.queryFirst("SELECT \(routingColumns) FROM routings WHERE district = \(district) AND suggestion = \(suggestion)").map(routingRecord)
}

/// The queue as `principal` may see it: street staff their street's suggestions, district staff
/// and council members all.
func routingQueue(_ db: any SQLExecutor, principal: Principal, status: String?) async throws -> [RoutingRecord] {
    var conditions: [SQL] = ["district = \(principal.district)"]
    if principal.role == .streetStaff { conditions.append("street = \(principal.street ?? "")") }
    if let status { conditions.append("status = \(status)") }
    return try await db.query("""
        SELECT \(routingColumns) FROM routings WHERE \(joined(conditions)) ORDER BY submitted_at, suggestion LIMIT 500
        """).map(routingRecord)
}

/// Fragments joined with AND, keeping their bindings in order.
func joined(_ parts: [SQL]) -> SQL {
    parts.dropFirst().reduce(parts.first ?? "") { "\($0) AND \($1)" }
}
