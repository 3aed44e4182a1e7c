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

/// A deputy records at their own station, street staff at their street's stations, district staff
/// and admins at their district's; never at another district's station.
func requireMayRecord(_ db: any SQLExecutor, station: String, principal: Principal) async throws {
    guard let place = try await stationPlace(db, code: station) else { return } // submitOpinion reports the unknown station
    guard try await mayActAt(db, station: station, place: place, principal: principal) else { throw notTheirStation(principal, "登记意见") }
}
