/// One year's State Council notice on public holidays (国务院办公厅关于某年部分节假日安排的通知):
/// the days off and the weekend days worked in exchange (调休上班).
///
/// A notice may reach into the neighbouring year (the 2023 notice gave 2022-12-31 off), so its
/// days may fall from 1 December of the year before to 31 January of the year after.
public struct HolidayArrangement: Sendable, Hashable, Codable {
    public var year: Int
    /// The notice it comes from, for people checking the file.
    public var source: String?
    public var holidays: [HolidayPeriod]
    /// Saturdays or Sundays that are working days.
    public var makeUpWorkdays: [CivilDay]

    public init(year: Int, source: String? = nil, holidays: [HolidayPeriod], makeUpWorkdays: [CivilDay]) {
        self.year = year
        self.source = source
        self.holidays = holidays
        self.makeUpWorkdays = makeUpWorkdays
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case year, source, holidays, makeUpWorkdays
    }

    public init(from decoder: any Decoder) throws {
        // A misspelt field ("makeupWorkdays") must not silently drop the make-up days.
        try decoder.rejectUnknownFields(allowed: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        year = try container.decode(Int.self, forKey: .year)
        source = try container.decodeIfPresent(String.self, forKey: .source)
        holidays = try container.decode([HolidayPeriod].self, forKey: .holidays)
        makeUpWorkdays = try container.decode([CivilDay].self, forKey: .makeUpWorkdays)
    }

    /// The earliest and latest day a notice for this year may mention.
    var permittedDays: ClosedRange<CivilDay>? {
        guard let first = CivilDay(year: year - 1, month: 12, day: 1),
              let last = CivilDay(year: year + 1, month: 1, day: 31) else { return nil }
        return first...last
    }
}
