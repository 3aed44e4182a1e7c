/// Which days are working days in China: Monday to Friday, minus the State Council's holidays,
/// plus the weekend days it makes working days (调休上班).
///
/// For a year no arrangement covers, plain Monday to Friday applies; `coveredYears` says which
/// years are known, so a service can warn when a deadline runs into an uncovered year.
public struct WorkingDayCalendar: Sendable, Equatable {
    /// The arrangements in force, one per year, in year order.
    public let arrangements: [HolidayArrangement]
    private let holidayNames: [CivilDay: String]
    private let makeUpWorkdays: Set<CivilDay>

    /// Checks the arrangements (see `WorkingDayCalendar+Validation.swift`) and builds the
    /// calendar. Errors name the offending field as `years[i]…`, `i` being the index here.
    public init(arrangements: [HolidayArrangement], source: String = "working-day arrangements") throws(WorkingDayDataError) {
        try Self.validate(arrangements, source: source)
        self.arrangements = arrangements.sorted { $0.year < $1.year }
        var holidayNames: [CivilDay: String] = [:]
        for holiday in arrangements.flatMap(\.holidays) {
            for day in holiday.days { holidayNames[day] = holiday.name }
        }
        self.holidayNames = holidayNames
        self.makeUpWorkdays = Set(arrangements.flatMap(\.makeUpWorkdays))
    }

    /// The years an arrangement covers, ascending.
    public var coveredYears: [Int] {
        arrangements.map(\.year)
    }

    public func covers(year: Int) -> Bool {
        coveredYears.contains(year)
    }

    public func isWorkingDay(_ day: CivilDay) -> Bool {
        if holidayNames[day] != nil { return false }
        if makeUpWorkdays.contains(day) { return true }
        return !day.weekday.isWeekend
    }

    /// The festival whose holiday includes `day` (春节, 国庆节…), or nil.
    public func holidayName(on day: CivilDay) -> String? {
        holidayNames[day]
    }

    /// Whether `day` is a weekend day made a working day (调休上班).
    public func isMakeUpWorkday(_ day: CivilDay) -> Bool {
        makeUpWorkdays.contains(day)
    }

    /// The `n`-th working day after `day`, not counting `day` itself: with `n` = 5 it is the last
    /// day of a "within 5 working days" window opened on `day`. `n` = 0 gives `day`; a negative
    /// `n` counts back to the `|n|`-th working day before `day`.
    public func addingWorkingDays(_ n: Int, to day: CivilDay) -> CivilDay {
        let step = n < 0 ? -1 : 1
        var current = day
        var remaining = abs(n)
        while remaining > 0 {
            current = current.adding(days: step)
            if isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }

    /// The number of working days after `start` up to and including `end`, so that
    /// `workingDays(from: d, to: addingWorkingDays(n, to: d)) == n`. Negative when `end` is
    /// before `start`.
    public func workingDays(from start: CivilDay, to end: CivilDay) -> Int {
        if end < start { return -workingDays(from: end, to: start) }
        var count = 0
        var current = start
        while current < end {
            current = current.adding(days: 1)
            if isWorkingDay(current) { count += 1 }
        }
        return count
    }

    /// `day` itself when it is a working day, otherwise the first working day after it.
    public func nextWorkingDay(onOrAfter day: CivilDay) -> CivilDay {
        var current = day
        while !isWorkingDay(current) { current = current.adding(days: 1) }
        return current
    }
}
