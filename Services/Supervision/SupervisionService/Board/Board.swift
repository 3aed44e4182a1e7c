import Contracts
import Foundation
import ServiceKit

/// 办理过程网上晒: one line per suggestion with its units, deadline, status and public timeline.
/// Internal notes (reminders, escalations) are left out; free text is `PublicText`, so masked.
public struct BoardEntry: Codable, Sendable, Equatable {
    public struct Step: Codable, Sendable, Equatable {
        public var at: Date
        public var unitName: String
        public var kind: String
        public var note: PublicText
    }
    public var suggestion: String
    public var title: PublicText
    public var street: String
    public var leadUnit: String
    public var leadUnitName: String
    public var coUnits: [String]
    public var deadline: String
    public var status: CaseStatus
    public var overdue: Bool
    public var key: Bool
    public var replyResult: ReplyResult?
    public var timeline: [Step]
}

public struct BoardFilter: Sendable {
    public var street: String?
    public var unit: String?
    public var status: CaseStatus?
    public var overdue: Bool?
    public var key: Bool?
}

/// The board, newest first; the lead unit's current case decides status and deadline.
func board(_ db: any SQLExecutor, district: String, filter: BoardFilter, suggestion: String? = nil) async throws -> [BoardEntry] {
    // Suggestions touching state secrets are handled confidentially and never published.
    var conditions: [SQL] = ["c.district = \(district)", "c.role = 'lead'", "c.status <> 'returned'", "c.confidential = 0"]
    if let suggestion { conditions.append("c.suggestion = \(suggestion)") }
    if let street = filter.street { conditions.append("c.street = \(street)") }
    if let unit = filter.unit { conditions.append("(c.unit = \(unit) OR c.suggestion IN (SELECT suggestion FROM cases WHERE unit = \(unit)))") }
    if let status = filter.status { conditions.append("c.status = \(status.rawValue)") }
    if let overdue = filter.overdue { conditions.append("c.overdue = \(overdue)") }
    if let key = filter.key { conditions.append(key ? "k.suggestion IS NOT NULL" : "k.suggestion IS NULL") }
    let condition = conditions.dropFirst().reduce(conditions[0]) { "\($0) AND \($1)" }
    let leads = try await db.query("""
        SELECT c.suggestion, c.title, c.street, c.unit, c.unit_name, c.deadline, c.status, c.overdue, c.reply_result, k.suggestion AS key_mark
        FROM cases c LEFT JOIN key_suggestions k ON k.suggestion = c.suggestion
        WHERE \(condition) ORDER BY c.issued_at DESC, c.suggestion LIMIT 500
        """)
    var entries: [BoardEntry] = []
    for row in leads {
        let id = try row.string("suggestion")
        let coUnits = try await db.query("""
            SELECT DISTINCT unit_name FROM cases WHERE suggestion = \(id) AND role = 'coUnit' AND status <> 'returned' ORDER BY unit_name
            """).map { try $0.string("unit_name") }
        let steps = try await db.query("""
            SELECT e.at, c.unit_name, e.kind, e.note FROM case_events e JOIN cases c ON c.id = e.case_id
            WHERE c.suggestion = \(id) AND e.public = 1 ORDER BY e.at, c.id, e.position
            """).map { row in
            let (unitName, note) = creditedStep(kind: try row.string("kind"), unitName: try row.string("unit_name"), note: try row.string("note"))
            return BoardEntry.Step(at: try row.date("at"), unitName: unitName, kind: try row.string("kind"), note: PublicText(note))
        }
        entries.append(BoardEntry(
            suggestion: id, title: PublicText(try row.string("title")), street: try row.string("street"), leadUnit: try row.string("unit"),
            leadUnitName: try row.string("unit_name"), coUnits: coUnits, deadline: try row.string("deadline"),
            status: CaseStatus(rawValue: try row.string("status")) ?? .assigned, overdue: try row.int("overdue") != 0,
            key: row.optionalString("key_mark") != nil, replyResult: row.optionalString("reply_result").flatMap(ReplyResult.init(rawValue:)),
            timeline: steps))
    }
    return entries
}

/// Per unit: lead cases, replied by their deadline, overdue now, and the on-time-and-satisfied
/// record: closed (only a 满意 or 基本满意 rating closes a case) without ever having gone overdue.
public struct UnitRecord: Codable, Sendable, Equatable {
    public var unit: String
    public var unitName: String
    public var cases: Int
    public var repliedOnTime: Int
    public var overdue: Int
    public var closedSatisfied: Int
    public var onTimeAndSatisfied: Int
}

func unitRecords(_ db: any SQLExecutor, district: String) async throws -> [UnitRecord] {
    try await db.query("""
        SELECT c.unit, c.unit_name, COUNT(*) AS cases,
               SUM(CASE WHEN c.status IN ('replied', 'closed') AND c.overdue = 0 THEN 1 ELSE 0 END) AS on_time,
               SUM(CASE WHEN c.overdue = 1 AND c.status NOT IN ('replied', 'closed') THEN 1 ELSE 0 END) AS overdue,
               SUM(CASE WHEN c.status = 'closed' THEN 1 ELSE 0 END) AS closed_satisfied,
               SUM(CASE WHEN c.status = 'closed' AND NOT EXISTS (
                   SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = 'overdue') THEN 1 ELSE 0 END) AS on_time_satisfied
        FROM cases c WHERE c.district = \(district) AND c.role = 'lead' AND c.status <> 'returned'
        GROUP BY c.unit, c.unit_name ORDER BY c.unit
        """).map { row in
        UnitRecord(unit: try row.string("unit"), unitName: try row.string("unit_name"), cases: Int(try row.int("cases")),
                   repliedOnTime: Int(try row.int("on_time")), overdue: Int(try row.int("overdue")),
                   closedSatisfied: Int(try row.int("closed_satisfied")), onTimeAndSatisfied: Int(try row.int("on_time_satisfied")))
    }
}

/// Who a public step is credited to: the case's unit, except for the procuratorate's stages of a
/// referral, which sit on the lead case's timeline but are the procuratorate's own doing.
func creditedStep(kind: String, unitName: String, note: String) -> (unitName: String, note: String) {
    guard kind.hasPrefix("procuratorate.") else { return (unitName, note) }
    let prefix = procuratorateName + "："
    return (procuratorateName, note.hasPrefix(prefix) ? String(note.dropFirst(prefix.count)) : note)
}
