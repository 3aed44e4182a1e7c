import Contracts
import Foundation
import ServiceKit

/// One step of a case as the unit and the congress see it; `public` ones are also on the board.
public struct CaseEvent: Codable, Sendable, Equatable {
    public var at: Date
    public var kind: String
    public var note: String
    public var `public`: Bool
}

/// A logged contact with the lead deputy, in the round it belongs to.
public struct DeputyContact: Codable, Sendable, Equatable {
    public var round: Int
    public var method: String
    /// `YYYY-MM-DD`.
    public var day: String
    public var summary: String
    public var at: Date
}

/// What the work platform shows of a case beyond its record: the suggestion's text, every step
/// and the contacts, so that a unit can handle it from one page.
func caseHistory(_ db: any SQLExecutor, caseID: String) async throws -> (body: String, events: [CaseEvent], contacts: [DeputyContact]) {
    let body = try await db.queryFirst("SELECT body FROM cases WHERE id = \(caseID)")?.string("body") ?? ""
    let events = try await db.query("SELECT at, kind, note, public FROM case_events WHERE case_id = \(caseID) ORDER BY position").map {
        CaseEvent(at: try $0.date("at"), kind: try $0.string("kind"), note: try $0.string("note"), public: try $0.int("public") != 0)
    }
    let contacts = try await db.query("SELECT round, method, day, summary, at FROM deputy_contacts WHERE case_id = \(caseID) ORDER BY at").map {
        DeputyContact(round: Int(try $0.int("round")), method: try $0.string("method"), day: try $0.string("day"),
                      summary: try $0.string("summary"), at: try $0.date("at"))
    }
    return (body, events, contacts)
}
