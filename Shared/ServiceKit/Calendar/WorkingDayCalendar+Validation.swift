/// The checks an arrangements file must pass. Each catches a slip that would otherwise move
/// deadlines silently: a mistyped year, a reversed range, a make-up day on a weekday.
extension WorkingDayCalendar {
    /// No State Council holiday has lasted more than nine days; a month means a typo.
    static let longestPlausibleHoliday = 31

    static func validate(_ arrangements: [HolidayArrangement], source: String) throws(WorkingDayDataError) {
        func failure(_ field: String, _ problem: String) -> WorkingDayDataError {
            WorkingDayDataError(source: source, field: field, problem: problem)
        }
        guard !arrangements.isEmpty else {
            throw WorkingDayDataError(source: source, field: "years", problem: "no year is listed")
        }
        var yearIndex: [Int: Int] = [:]
        var daysOff: [CivilDay: String] = [:]        // day → field that made it a day off
        var daysWorked: [CivilDay: String] = [:]     // day → field that made it a make-up day

        for (i, arrangement) in arrangements.enumerated() {
            let yearField = "years[\(i)]"
            guard (1901...9998).contains(arrangement.year), let permitted = arrangement.permittedDays else {
                throw failure("\(yearField).year", "\(arrangement.year) is not a plausible year")
            }
            if let earlier = yearIndex[arrangement.year] {
                throw failure("\(yearField).year", "\(arrangement.year) is already listed at years[\(earlier)]")
            }
            yearIndex[arrangement.year] = i

            for (j, holiday) in arrangement.holidays.enumerated() {
                let field = "\(yearField).holidays[\(j)]"
                if holiday.name.allSatisfy(\.isWhitespace) {
                    throw failure("\(field).name", "the festival's name is empty")
                }
                for (key, day) in [("first", holiday.first), ("last", holiday.last)] where !permitted.contains(day) {
                    throw failure("\(field).\(key)", "\(day) is outside the \(arrangement.year) arrangement "
                        + "(from \(permitted.lowerBound) to \(permitted.upperBound))")
                }
                guard holiday.first <= holiday.last else {
                    throw failure("\(field).last", "\(holiday.last) is before the first day, \(holiday.first)")
                }
                let length = holiday.first.days(until: holiday.last) + 1
                guard length <= longestPlausibleHoliday else {
                    throw failure(field, "\(holiday.name) lasts \(length) days, from \(holiday.first) to \(holiday.last); check the dates")
                }
                for day in holiday.days {
                    if let other = daysOff[day] {
                        throw failure(field, "\(day) is already a day off in \(other)")
                    }
                    daysOff[day] = field
                }
            }

            for (j, day) in arrangement.makeUpWorkdays.enumerated() {
                let field = "\(yearField).makeUpWorkdays[\(j)]"
                guard permitted.contains(day) else {
                    throw failure(field, "\(day) is outside the \(arrangement.year) arrangement "
                        + "(from \(permitted.lowerBound) to \(permitted.upperBound))")
                }
                guard day.weekday.isWeekend else {
                    throw failure(field, "\(day) is a \(day.weekday); make-up working days (调休上班) are Saturdays or Sundays")
                }
                if let other = daysWorked[day] {
                    throw failure(field, "\(day) is already listed at \(other)")
                }
                daysWorked[day] = field
            }
        }

        // Last, so that the message can name both places whichever comes first in the file.
        for (day, workedField) in daysWorked.sorted(by: { $0.key < $1.key }) {
            if let offField = daysOff[day] {
                throw failure(workedField, "\(day) is a make-up working day here but a day off in \(offField)")
            }
        }
    }
}
