/// How long a time limit runs, counted from the day after its start (the start day itself is
/// not counted: 民法典 Art. 201).
public enum DeadlinePeriod: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    /// Calendar days.
    case days(Int)
    /// Calendar months, ending on the same day of the month or, when the month is shorter, on
    /// its last day (民法典 Art. 202).
    case months(Int)
    /// Working days of the `WorkingDayCalendar`.
    case workingDays(Int)

    /// "3 months", "15 days", "5 working days": also the form a configuration value takes.
    public var description: String {
        switch self {
        case .days(let n): "\(n) \(n == 1 ? "day" : "days")"
        case .months(let n): "\(n) \(n == 1 ? "month" : "months")"
        case .workingDays(let n): "\(n) \(n == 1 ? "working day" : "working days")"
        }
    }

    /// Parses the `description` form; the number must be positive.
    public init?(_ text: String) {
        let words = text.lowercased().split(whereSeparator: \.isWhitespace)
        guard words.count >= 2, let count = Int(words[0]), count > 0 else { return nil }
        switch words.dropFirst().joined(separator: " ") {
        case "day", "days": self = .days(count)
        case "month", "months": self = .months(count)
        case "working day", "working days": self = .workingDays(count)
        default: return nil
        }
    }
}
