import Contracts
import Foundation
import ServiceKit

/// One unit's handling of one assignment.
public struct CaseRecord: Codable, Sendable, Equatable {
    public var id: String
    public var assignment: String
    public var suggestion: String
    public var title: String
    public var category: String
    public var street: String
    public var tier: Tier
    public var unit: String
    public var unitName: String
    public var role: AssignmentIssuedBody.UnitRole
    public var leadUnit: String
    public var leadDeputy: String
    public var coSigners: [String]
    public var complex: Bool
    public var status: CaseStatus
    public var round: Int
    /// The day (China Standard Time) the reply, or a co-unit's opinion, is due.
    public var deadline: String
    /// The last day the unit may return the assignment as outside its remit.
    public var returnUntil: String
    public var overdue: Bool
    public var replyResult: ReplyResult?
    public var replyText: String?
    public var issuedAt: Date
}

let caseColumns: SQL = """
    id, assignment, suggestion, title, category, street, tier, unit, unit_name, role, lead_unit, lead_deputy, co_signers, complex,
    status, round, deadline, return_until, overdue, reply_result, reply_text, issued_at
    """

func caseRecord(_ row: SQLRow) throws -> CaseRecord {
    CaseRecord(
        id: try row.string("id"), assignment: try row.string("assignment"), suggestion: try row.string("suggestion"),
        title: try row.string("title"), category: try row.string("category"), street: try row.string("street"),
        tier: Tier(rawValue: try row.string("tier")) ?? .district, unit: try row.string("unit"), unitName: try row.string("unit_name"),
        role: AssignmentIssuedBody.UnitRole(rawValue: try row.string("role")) ?? .lead, leadUnit: try row.string("lead_unit"),
        leadDeputy: try row.string("lead_deputy"),
        coSigners: decodeJSONList(try row.string("co_signers")),
        complex: try row.int("complex") != 0, status: CaseStatus(rawValue: try row.string("status")) ?? .assigned,
        round: Int(try row.int("round")), deadline: try row.string("deadline"), returnUntil: try row.string("return_until"),
        overdue: try row.int("overdue") != 0, replyResult: row.optionalString("reply_result").flatMap(ReplyResult.init(rawValue:)),
        replyText: row.optionalString("reply_text"), issuedAt: try row.date("issued_at"))
}

func caseRecord(_ db: any SQLExecutor, id: String) async throws -> CaseRecord? {
    try await db.queryFirst("SELECT \(caseColumns) FROM cases WHERE id = \(id)").map(caseRecord)
}

/// The case, if `principal` may see it: a unit its own cases, street staff their street's,
/// district staff and council members all, a deputy the cases of suggestions they signed.
/// Anything else is a 404, so that a unit guessing another unit's case ID learns nothing.
func visibleCase(_ db: any SQLExecutor, id: String, principal: Principal) async throws -> CaseRecord {
    guard let found = try await db.queryFirst("SELECT \(caseColumns), district FROM cases WHERE id = \(id)"),
          try found.string("district") == principal.district else { throw Problem.notFound("没有找到这件交办。") }
    let record = try caseRecord(found)
    let allowed = switch principal.role {
    case .unit: principal.unit == record.unit
    case .streetStaff: principal.street == record.street
    case .districtStaff, .councilMember, .admin: true
    case .deputy: record.leadDeputy == principal.subject || record.coSigners.contains(principal.subject)
    default: false
    }
    guard allowed else { throw Problem.notFound("没有找到这件交办。") }
    return record
}

/// The cases `principal` may see, newest first.
func visibleCases(_ db: any SQLExecutor, principal: Principal, status: String?) async throws -> [CaseRecord] {
    var conditions: [SQL] = ["district = \(principal.district)"]
    switch principal.role {
    case .unit: conditions.append("unit = \(principal.unit ?? "")")
    case .streetStaff: conditions.append("street = \(principal.street ?? "")")
    case .deputy: conditions.append("(lead_deputy = \(principal.subject) OR co_signers LIKE \("%\"" + principal.subject + "\"%"))")
    default: break
    }
    if let status { conditions.append("status = \(status)") }
    let condition = conditions.dropFirst().reduce(conditions[0]) { "\($0) AND \($1)" }
    return try await db.query("SELECT \(caseColumns) FROM cases WHERE \(condition) ORDER BY issued_at DESC, id LIMIT 500").map(caseRecord)
}
