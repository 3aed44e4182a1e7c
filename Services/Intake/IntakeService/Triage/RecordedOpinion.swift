import Contracts
import ServiceKit

/// An opinion a deputy or staff member heard in person (reception, visit, research, activity) and
/// records on the citizen's behalf.
public struct RecordedOpinion: Codable, Sendable {
    public var channel: OpinionChannel
    public var opinion: OpinionSubmission

    public init(channel: OpinionChannel, opinion: OpinionSubmission) {
        self.channel = channel
        self.opinion = opinion
    }
}

/// The channels people record by hand; `qrOnline` and `open311` belong to the public.
let recordedChannels: Set<OpinionChannel> = [.reception, .visit, .research, .activity]

/// A deputy records at their own station, street staff at their street's stations.
func requireMayRecord(_ db: any SQLExecutor, station: String, principal: Principal) async throws {
    guard let place = try await stationPlace(db, code: station) else { return } // submitOpinion reports the unknown station
    switch principal.role {
    case .deputy:
        let own = try await db.queryFirst("SELECT station FROM deputies WHERE code = \(principal.subject)")
        guard try own?.string("station") == station else { throw Problem.forbidden("代表只能为本人所在的站点登记意见。") }
    case .streetStaff:
        guard principal.street == place.street else { throw Problem.forbidden("只能为本街道的站点登记意见。") }
    default:
        try principal.requireDistrict(place.district)
    }
}
