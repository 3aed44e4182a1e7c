import Contracts
import ServiceKit

/// The facts about one opinion that decide who may act on it.
struct OpinionScope: Sendable {
    let id: String
    let district: String
    let station: String
    let street: String
    let category: String
    let status: String
    let content: String
    let mergedInto: String?
}

/// The opinion, if `principal` may see and triage it: a deputy their own station's, street staff
/// their street's, district staff and admins the district's. Anything else is a 404, so that
/// others cannot even learn that it exists.
func accessibleOpinion(_ db: any SQLExecutor, id: String, principal: Principal) async throws -> OpinionScope {
    guard let row = try await db.queryFirst("""
        SELECT id, district, station, street, category, status, content, merged_into FROM opinions WHERE id = \(id)
        """) else { throw Problem.notFound("没有找到这条意见。") }
    let opinion = OpinionScope(
        id: try row.string("id"), district: try row.string("district"), station: try row.string("station"),
        street: try row.string("street"), category: try row.string("category"), status: try row.string("status"),
        content: try row.string("content"), mergedInto: row.optionalString("merged_into"))
    guard opinion.district == principal.district, try await mayReach(db, opinion, principal: principal) else {
        throw Problem.notFound("没有找到这条意见。")
    }
    return opinion
}

private func mayReach(_ db: any SQLExecutor, _ opinion: OpinionScope, principal: Principal) async throws -> Bool {
    switch principal.role {
    case .deputy:
        return try await ownStation(db, deputy: principal) == opinion.station
    case .streetStaff:
        return principal.street == opinion.street
    case .districtStaff, .admin:
        return true
    default:
        return false
    }
}
