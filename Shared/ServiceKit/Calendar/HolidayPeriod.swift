/// Consecutive days off for one festival, first and last day included.
public struct HolidayPeriod: Sendable, Hashable, Codable {
    /// The festival's name as the notice gives it, e.g. 春节 or 国庆节、中秋节.
    public var name: String
    public var first: CivilDay
    public var last: CivilDay

    public init(name: String, first: CivilDay, last: CivilDay) {
        self.name = name
        self.first = first
        self.last = last
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, first, last
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(allowed: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        first = try container.decode(CivilDay.self, forKey: .first)
        last = try container.decode(CivilDay.self, forKey: .last)
    }

    /// Every day of the period, in order; empty when `last` is before `first`.
    public var days: [CivilDay] {
        guard first <= last else { return [] }
        return (0...first.days(until: last)).map { first.adding(days: $0) }
    }
}
