/// Day and month arithmetic on the proleptic Gregorian calendar, done on whole day numbers so it
/// needs no `Calendar` and gives the same answer on every machine.
extension CivilDay {
    /// The day `days` later (earlier when negative).
    public func adding(days: Int) -> CivilDay {
        CivilDay(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// The same day of the month `months` later (earlier when negative); when that month is
    /// shorter, its last day: 2025-11-30 plus 3 months is 2026-02-28, 2026-01-31 plus 1 month is
    /// 2026-02-28. This is how the Civil Code counts periods in months (民法典 Art. 202).
    public func adding(months: Int) -> CivilDay {
        let monthIndex = year * 12 + (month - 1) + months
        let newYear = monthIndex.floorDivided(by: 12)
        let newMonth = monthIndex - newYear * 12 + 1
        let newDay = min(day, Self.numberOfDays(inMonth: newMonth, of: newYear))
        guard let result = CivilDay(year: newYear, month: newMonth, day: newDay) else {
            preconditionFailure("\(self) plus \(months) months leaves the years \(Self.supportedYears)")
        }
        return result
    }

    /// How many days from this day to `other`: positive when `other` is later.
    public func days(until other: CivilDay) -> Int {
        other.daysSinceEpoch - daysSinceEpoch
    }

    public var weekday: Weekday {
        // 1970-01-01 was a Thursday (ISO number 4).
        Weekday(rawValue: (daysSinceEpoch + 3).floorModulo(7) + 1)!
    }

    /// Days since 1970-01-01 (negative before). Howard Hinnant's `days_from_civil`.
    var daysSinceEpoch: Int {
        let shiftedYear = month <= 2 ? year - 1 : year   // count years from March, so leap days come last
        let era = shiftedYear.floorDivided(by: 400)
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `daysSinceEpoch`: Howard Hinnant's `civil_from_days`.
    init(daysSinceEpoch: Int) {
        let shifted = daysSinceEpoch + 719_468
        let era = shifted.floorDivided(by: 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        guard let civilDay = CivilDay(year: year, month: month, day: day) else {
            preconditionFailure("day number \(daysSinceEpoch) is outside the years \(Self.supportedYears)")
        }
        self = civilDay
    }
}

extension Int {
    /// Division rounding toward minus infinity, so days before 1970 land in the right year.
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    fileprivate func floorModulo(_ divisor: Int) -> Int {
        self - floorDivided(by: divisor) * divisor
    }
}
