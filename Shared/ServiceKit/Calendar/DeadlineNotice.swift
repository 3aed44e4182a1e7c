/// A notice a deadline calls for on a given day: a reminder some days before it, or the overdue
/// notice on the day after it.
public struct DeadlineNotice: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case reminder(daysBefore: Int)
        case overdue

        /// A stable name to record that the notice was sent: "reminder-15d", "overdue".
        public var key: String {
            switch self {
            case .reminder(let daysBefore): "reminder-\(daysBefore)d"
            case .overdue: "overdue"
            }
        }
    }

    public let kind: Kind
    /// The day the notice falls due (from its start, 00:00 China Standard Time).
    public let day: CivilDay

    public init(kind: Kind, day: CivilDay) {
        self.kind = kind
        self.day = day
    }

    public var description: String {
        "\(kind.key) on \(day)"
    }
}
