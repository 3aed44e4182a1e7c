import Contracts
import Foundation
import ServiceKit

/// A co-unit's written opinion, shown on the lead unit's case and with its reply.
public struct CoOpinion: Codable, Sendable, Equatable {
    public var unit: String
    public var unitName: String
    public var text: String
    public var at: Date
}

/// What a B-class reply promised ("solved this year", "step by step"), tracked until done.
public struct PromiseRecord: Codable, Sendable, Equatable {
    public var id: String
    public var caseID: String
    public var suggestion: String
    public var unit: String
    public var what: String
    /// `YYYY-MM-DD`.
    public var due: String
    public var done: Bool
    public var doneNote: String?
}

/// One case with what belongs to it: the co-units' opinions (on the lead case) and promises.
public struct CaseDetail: Codable, Sendable, Equatable {
    public var record: CaseRecord
    public var coOpinions: [CoOpinion]
    public var promises: [PromiseRecord]
    /// The suggestion's text, every step and the logged contacts (see `CaseHistory.swift`).
    public var body: String?
    public var events: [CaseEvent]?
    public var contacts: [DeputyContact]?
    /// Whether a reply is refused until a contact of the current round is logged.
    public var replyRequiresContact: Bool?
}

func caseDetail(_ db: any SQLExecutor, record: CaseRecord) async throws -> CaseDetail {
    let coOpinions = record.role == .lead ? try await db.query("""
        SELECT unit, unit_name, text, at FROM co_opinions WHERE suggestion = \(record.suggestion) ORDER BY at, unit
        """).map { CoOpinion(unit: try $0.string("unit"), unitName: try $0.string("unit_name"), text: try $0.string("text"), at: try $0.date("at")) } : []
    let promises = try await db.query("""
        SELECT id, case_id, suggestion, unit, what, due, done_at, done_note FROM promises WHERE case_id = \(record.id) ORDER BY due, id
        """).map(promiseRecord)
    let history = try await caseHistory(db, caseID: record.id)
    return CaseDetail(record: record, coOpinions: coOpinions, promises: promises, body: history.body, events: history.events, contacts: history.contacts)
}

func promiseRecord(_ row: SQLRow) throws -> PromiseRecord {
    PromiseRecord(id: try row.string("id"), caseID: try row.string("case_id"), suggestion: try row.string("suggestion"),
                  unit: try row.string("unit"), what: try row.string("what"), due: try row.string("due"),
                  done: row.optionalInt("done_at") != nil, doneNote: row.optionalString("done_note"))
}

public struct CoOpinionInput: Codable, Sendable {
    public var text: String
}

public struct PromiseInput: Codable, Sendable {
    public var what: String
    public var due: String
}

public struct PromiseDoneInput: Codable, Sendable {
    public var note: String
}

public struct UrgeInput: Codable, Sendable {
    public var note: String
}

/// 约您共督: a supervision meeting — when, who, which cases, what was decided.
public struct MeetingInput: Codable, Sendable {
    public var day: String
    public var participants: [String]
    public var cases: [String]
    public var decisions: String
}
