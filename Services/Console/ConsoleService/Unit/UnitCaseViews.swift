import Contracts
import Foundation

/// A case as supervision answers it (`GET /api/v1/cases`), with only what the unit's pages show.
/// The console holds no domain data: these are read per request and never stored.
struct UnitCase: Decodable, Sendable {
    enum Role: String, Decodable, Sendable { case lead, coUnit }

    var id: String
    var suggestion: String
    var title: String
    var category: String
    var unit: String
    var unitName: String
    var role: Role
    var leadDeputy: String
    var complex: Bool
    var status: CaseStatus
    var round: Int
    /// `YYYY-MM-DD`: the reply's, or a co-unit's opinion's, last day.
    var deadline: String
    /// `YYYY-MM-DD`: the last day to return the assignment as outside the unit's remit.
    var returnUntil: String
    var overdue: Bool
    var replyResult: ReplyResult?
    var replyText: String?
    var issuedAt: Date

    /// Still the unit's to do: not replied, closed or returned.
    var isOpen: Bool { [.assigned, .accepted, .inProgress, .rehandling, .overdue].contains(status) }
}

/// One case with its history (`GET /api/v1/cases/{id}`).
struct UnitCaseDetail: Decodable, Sendable {
    struct Event: Decodable, Sendable {
        var at: Date
        var kind: String
        var note: String
        var `public`: Bool
    }

    struct Contact: Decodable, Sendable {
        var round: Int
        var method: String
        var day: String
        var summary: String
    }

    struct CoOpinion: Decodable, Sendable {
        var unitName: String
        var text: String
        var at: Date
    }

    struct Promise: Decodable, Sendable {
        var id: String
        var what: String
        var due: String
        var done: Bool
        var doneNote: String?
    }

    var record: UnitCase
    var coOpinions: [CoOpinion]
    var promises: [Promise]
    var body: String?
    var events: [Event]?
    var contacts: [Contact]?
    var replyRequiresContact: Bool?

    /// Whether a contact with the lead deputy is logged in the case's current round.
    var contactLoggedThisRound: Bool { (contacts ?? []).contains { $0.round == record.round } }
}

/// A deputy's public details from intake (`GET /api/v1/deputies?code=`): the unit contacts the
/// lead deputy before it replies.
struct PublicDeputyView: Decodable, Sendable {
    var code: String
    var name: String
    var workUnit: String
    var publicContact: String
}

/// A category's name from intake's public list of categories (Open311 `services.json`).
struct CategoryName: Decodable, Sendable {
    var code: String
    var name: String

    enum CodingKeys: String, CodingKey {
        case code = "service_code", name = "service_name"
    }
}
