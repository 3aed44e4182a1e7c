import ServiceKit

/// `2026年3月2日`: a day as the pages write it.
func chineseDate(_ day: CivilDay) -> String {
    "\(day.year)年\(day.month)月\(day.day)日"
}

/// A deadline in words as seen on `today`: 还剩 3 个工作日, 今天截止, 已超期 2 天. Working days
/// follow the State Council's arrangements; days overdue are calendar days, as reminders count.
func deadlineInWords(_ deadline: CivilDay, today: CivilDay, calendar: WorkingDayCalendar) -> (words: String, overdue: Bool) {
    if today > deadline { return ("已超期 \(deadline.days(until: today)) 天", true) }
    if today == deadline { return ("今天截止", false) }
    return ("还剩 \(calendar.workingDays(from: today, to: deadline)) 个工作日", false)
}
