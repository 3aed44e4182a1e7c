import Contracts
import Foundation
import ServiceKit

/// One opinion as the deputy or staff member who may triage it sees it (the console's triage
/// page): free text masked, never the citizen's contact or receipt code.
public struct OpinionDetail: Codable, Sendable, Equatable {
    public struct Step: Codable, Sendable, Equatable {
        public var at: Date
        public var kind: String
        public var note: PublicText
    }
    public var id: String
    public var station: String
    public var stationName: String
    public var street: String
    public var category: String
    public var categoryName: String
    public var channel: String
    public var status: String
    public var content: PublicText
    public var place: PublicText?
    public var createdAt: Date
    public var mergedInto: String?
    public var explanation: PublicText?
    public var timeline: [Step]
}

/// The opinion `id` with its names and timeline; call after `accessibleOpinion` allowed it.
func opinionDetail(_ db: any SQLExecutor, id: String) async throws -> OpinionDetail {
    guard let row = try await db.queryFirst("""
        SELECT o.id, o.station, s.name AS station_name, o.street, o.category, c.name AS category_name, o.channel, o.status,
               o.content, o.place, o.created_at, o.merged_into, o.explanation
        FROM opinions o JOIN stations s ON s.code = o.station
        LEFT JOIN categories c ON c.district = o.district AND c.code = o.category
        WHERE o.id = \(id)
        """) else { throw Problem.notFound("没有找到这条意见。") }
    let steps = try await db.query("SELECT at, kind, note FROM opinion_timeline WHERE opinion_id = \(id) ORDER BY position").map { step in
        OpinionDetail.Step(at: try step.date("at"), kind: try step.string("kind"), note: PublicText(try step.string("note")))
    }
    let category = try row.string("category")
    return OpinionDetail(
        id: try row.string("id"), station: try row.string("station"), stationName: try row.string("station_name"),
        street: try row.string("street"), category: category, categoryName: row.optionalString("category_name") ?? category,
        channel: try row.string("channel"), status: try row.string("status"), content: PublicText(try row.string("content")),
        place: row.optionalString("place").map { PublicText($0) }, createdAt: try row.date("created_at"),
        mergedInto: row.optionalString("merged_into"), explanation: row.optionalString("explanation").map { PublicText($0) },
        timeline: steps)
}

/// What a deputy or staff member works with: the stations where they may record opinions (a
/// deputy their own, street staff their street's, district staff and admins the district's) and
/// the district's categories, with their names.
public struct Workplace: Codable, Sendable, Equatable {
    public struct Named: Codable, Sendable, Equatable {
        public var code: String
        public var name: String
    }
    public var stations: [Named]
    public var categories: [Named]
}

func workplace(_ db: any SQLExecutor, principal: Principal) async throws -> Workplace {
    let district = principal.district
    let stations: SQL = switch principal.role {
    case .deputy: "SELECT s.code, s.name FROM stations s JOIN deputies d ON d.station = s.code AND d.district = s.district WHERE d.code = \(principal.subject) AND d.district = \(district)"
    case .streetStaff: "SELECT code, name FROM stations WHERE district = \(district) AND street = \(principal.street ?? "") ORDER BY code"
    default: "SELECT code, name FROM stations WHERE district = \(district) ORDER BY code"
    }
    func named(_ rows: [SQLRow]) throws -> [Workplace.Named] {
        try rows.map { Workplace.Named(code: try $0.string("code"), name: try $0.string("name")) }
    }
    return Workplace(
        stations: try named(try await db.query(stations)),
        categories: try named(try await db.query("SELECT code, name FROM categories WHERE district = \(district) ORDER BY code")))
}
