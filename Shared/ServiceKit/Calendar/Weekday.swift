/// A day of the week, numbered as ISO 8601 and Chinese usage do: Monday is 1, Sunday is 7.
public enum Weekday: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    public var isWeekend: Bool {
        self == .saturday || self == .sunday
    }

    /// English name, for logs and error messages.
    public var description: String {
        switch self {
        case .monday: "Monday"
        case .tuesday: "Tuesday"
        case .wednesday: "Wednesday"
        case .thursday: "Thursday"
        case .friday: "Friday"
        case .saturday: "Saturday"
        case .sunday: "Sunday"
        }
    }

    /// 星期一 … 星期日, for pages.
    public var chineseName: String {
        "星期" + ["一", "二", "三", "四", "五", "六", "日"][rawValue - 1]
    }
}
