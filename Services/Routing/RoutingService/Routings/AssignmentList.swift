import Contracts
import Foundation
import ServiceKit
import Hummingbird

/// 清单式交办: confirmed suggestions issued together, each unit's part with its deadline.
public struct AssignmentListInput: Codable, Sendable {
    public var title: String
    public var suggestions: [String]
    public init(title: String, suggestions: [String]) {
        self.title = title
        self.suggestions = suggestions
    }
}

public struct AssignmentView: Codable, Sendable, Equatable {
    public var id: String
    public var suggestion: String
    public var unit: String
    public var unitName: String
    public var role: AssignmentIssuedBody.UnitRole
    /// The lead unit's reply deadline (China Standard Time day).
    public var deadline: String
    public var status: String
    public var returnReason: String?
}

public struct AssignmentListView: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var issuedBy: String
    public var issuedAt: Date
    public var assignments: [AssignmentView]
}

/// Issues the list in one transaction: every unit's assignment, its `AssignmentIssued` message to
/// supervision, and the suggestions' status. Either all of it happens or none; answers with the list.
func issueList(_ input: AssignmentListInput, by principal: Principal, environment: ServiceEnvironment, now: Date) async throws -> Response {
    let database = environment.database
    let title = input.title.trimmingCharacters(in: .whitespaces)
    guard (2...100).contains(title.count) else { throw Problem.validation(["title": "清单名称须为 2 到 100 字。"]) }
    let ids = Array(Set(input.suggestions)).sorted()
    guard !ids.isEmpty, ids.count <= 500 else { throw Problem.validation(["suggestions": "请列出 1 到 500 条已确认交办的建议。"]) }

    var records: [RoutingRecord] = []
    for id in ids {
        guard let record = try await routingRecord(database, district: principal.district, suggestion: id),
              principal.role != .streetStaff || principal.street == record.street else {
            throw Problem.validation(["suggestions": "建议 \(id) 不存在。"])
        }
        guard record.status == .confirmed else {
            throw Problem.conflict("not-confirmed", "建议 \(id) 的交办还没有确认（当前：\(record.status.rawValue)），不能列入清单。")
        }
        try requireMayDecide(principal, tier: record.tier, street: record.street)
        records.append(record)
    }

    let listID = makeID(prefix: "list")
    var pendingMessages: [OutgoingMessage] = []
    var pendingRows: [(id: String, suggestion: String, unit: String, role: AssignmentIssuedBody.UnitRole, deadline: String)] = []
    for record in records {
        let detail = try await database.queryFirst("SELECT body, co_signers, confidential FROM routings WHERE suggestion = \(record.suggestion)")
        let deadline = replyDeadline(issuedAt: now, complex: record.complex, deadlines: environment.deadlines)
        let parts = [(record.leadUnit, AssignmentIssuedBody.UnitRole.lead)] + record.coUnits.map { ($0, .coUnit) }
        for (unitCode, role) in parts {
            let id = makeID(prefix: "asg")
            let unitName = try await unit(database, district: principal.district, code: unitCode)?.name ?? unitCode
            pendingRows.append((id, record.suggestion, unitCode, role, deadline))
            pendingMessages.append(try OutgoingMessage(
                .assignmentIssued, to: [.supervision], district: principal.district, entity: id,
                body: AssignmentIssuedBody(
                    assignment: id, list: listID, suggestion: record.suggestion, title: record.title, body: try detail?.string("body") ?? "",
                    category: record.category, street: record.street, tier: record.tier, unit: unitCode, unitName: unitName, role: role,
                    leadUnit: record.leadUnit, coUnits: record.coUnits, leadDeputy: record.leadDeputy,
                    coSigners: decodeJSONList(try detail?.string("co_signers") ?? "[]"), complex: record.complex, deadline: deadline, issuedAt: now,
                    confidential: try detail?.int("confidential") == 1)))
        }
    }
    let (rows, messages, issued) = (pendingRows, pendingMessages, records)
    defer { environment.outboxWakeup.signal() }
    return try await commit(database) { db in
        try await db.execute("""
            INSERT INTO assignment_lists (id, district, title, issued_by, issued_at) VALUES (\(listID), \(principal.district), \(title), \(principal.subject), \(now))
            """)
        for row in rows {
            try await db.execute("""
                INSERT INTO assignments (id, list_id, suggestion, unit, role, deadline, status, issued_at)
                VALUES (\(row.id), \(listID), \(row.suggestion), \(row.unit), \(row.role.rawValue), \(row.deadline), 'issued', \(now))
                """)
        }
        for record in issued {
            // Guarded by status, so that two lists issued at once cannot both take a suggestion.
            let taken = try await db.query("""
                UPDATE routings SET status = 'issued', return_reason = NULL, updated_at = \(now)
                WHERE suggestion = \(record.suggestion) AND status = 'confirmed' RETURNING suggestion
                """)
            guard !taken.isEmpty else { throw Problem.conflict("not-confirmed", "建议 \(record.suggestion) 已被其他清单交办。") }
        }
        for message in messages { try await enqueue(message, db, at: now) }
        try await environment.audit(db, actor: principal.subject, action: "assignment-list.issue", entity: "assignment-list", entityID: listID,
                                    summary: "\(issued.count) suggestions, \(rows.count) assignments")
        return try .json(try await assignmentList(db, district: principal.district, id: listID, street: streetScope(principal)), status: .created)
    }
}

/// The list as one district sees it. `street`: only that street's suggestions in it (nil: all), and
/// no list at all when none of them is that street's, the same answer as for an unknown id.
func assignmentList(_ db: any SQLExecutor, district: String, id: String, street: String? = nil) async throws -> AssignmentListView? {
    guard let list = try await db.queryFirst("""
        SELECT id, title, issued_by, issued_at FROM assignment_lists WHERE id = \(id) AND district = \(district)
        """) else { return nil }
    let ofStreet: SQL = street.map { " AND a.suggestion IN (SELECT suggestion FROM routings WHERE district = \(district) AND street = \($0))" } ?? ""
    let assignments = try await db.query("""
        SELECT a.id, a.suggestion, a.unit, u.name AS unit_name, a.role, a.deadline, a.status, a.return_reason
        FROM assignments a LEFT JOIN units u ON u.district = \(district) AND u.code = a.unit
        WHERE a.list_id = \(id)\(ofStreet) ORDER BY a.suggestion, a.role DESC, a.unit
        """).map { row in
        AssignmentView(
            id: try row.string("id"), suggestion: try row.string("suggestion"), unit: try row.string("unit"),
            unitName: try row.optionalString("unit_name") ?? row.string("unit"),
            role: AssignmentIssuedBody.UnitRole(rawValue: try row.string("role")) ?? .coUnit, deadline: try row.string("deadline"),
            status: try row.string("status"), returnReason: row.optionalString("return_reason"))
    }
    if street != nil, assignments.isEmpty { return nil }
    return AssignmentListView(id: try list.string("id"), title: try list.string("title"), issuedBy: try list.string("issued_by"),
                              issuedAt: try list.date("issued_at"), assignments: assignments)
}
