import Contracts
import ServiceKit

/// The station a deputy is placed in, looked up in the deputy's own district: a deputy code may
/// repeat across the districts one deployment serves, so the code alone names nobody.
func ownStation(_ db: any SQLExecutor, deputy: Principal) async throws -> String? {
    guard deputy.role == .deputy else { return nil }
    return try await db.queryFirst("SELECT station FROM deputies WHERE code = \(deputy.subject) AND district = \(deputy.district)")?
        .string("station")
}

/// Whether `principal` may act at `station` (in `place`): a deputy only at their own station,
/// street staff only in their street, district staff and admins only in their district; nobody
/// outside their district.
func mayActAt(_ db: any SQLExecutor, station: String, place: StationPlace, principal: Principal) async throws -> Bool {
    guard place.district == principal.district else { return false }
    switch principal.role {
    case .deputy: return try await ownStation(db, deputy: principal) == station
    case .streetStaff: return principal.street == place.street
    case .districtStaff, .admin: return true
    default: return false
    }
}

/// The 403 for someone `mayActAt` refuses, naming what they tried (`action`: 登记意见, 发起活动 …).
func notTheirStation(_ principal: Principal, _ action: String) -> Problem {
    switch principal.role {
    case .deputy: Problem.forbidden("代表只能在本人所在的站点\(action)。")
    case .streetStaff: Problem.forbidden("只能在本街道的站点\(action)。")
    default: Problem.forbidden("不能在其他区的站点\(action)。")
    }
}
