import Foundation

/// A calendar date in China Standard Time (UTC+8): the unit in which deadlines are set and
/// working days are counted. Written as `YYYY-MM-DD` in JSON and in text.
///
/// China has kept UTC+8 all year since 1992 (it last observed daylight saving in 1991), so the
/// conversion from a `Date` is a fixed offset. That makes it independent of the server's time
/// zone and of whether the container has time-zone data installed.
public struct CivilDay: Sendable, Hashable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Years outside 1...9999 do not fit the four-digit text form.
    public static let supportedYears = 1...9999

    /// Offset of China Standard Time from UTC.
    static let secondsEastOfUTC = 8 * 3600
    static let secondsPerDay = 86_400

    /// Nil when the three numbers do not name a real date (2025-02-29, 2026-04-31, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard Self.supportedYears.contains(year), (1...12).contains(month),
              (1...Self.numberOfDays(inMonth: month, of: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day it is in China at `date`, whatever the server's own time zone is.
    public init(_ date: Date) {
        let seconds = date.timeIntervalSince1970 + Double(Self.secondsEastOfUTC)
        self.init(daysSinceEpoch: Int((seconds / Double(Self.secondsPerDay)).rounded(.down)))
    }

    /// 00:00 China Standard Time on this day.
    public var start: Date {
        Date(timeIntervalSince1970: Double(daysSinceEpoch * Self.secondsPerDay - Self.secondsEastOfUTC))
    }

    /// The exclusive end of this day: 00:00 China Standard Time on the next day. A moment `t`
    /// belongs to this day when `start <= t && t < end`; a deadline day is over at `end`.
    /// (Exclusive, rather than "23:59:59.999", so no instant falls between two days.)
    public var end: Date {
        adding(days: 1).start
    }

    /// Whether `date` falls on this day in China.
    public func contains(_ date: Date) -> Bool {
        start <= date && date < end
    }

    static func numberOfDays(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }
}

extension CivilDay: Comparable {
    public static func < (lhs: CivilDay, rhs: CivilDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
