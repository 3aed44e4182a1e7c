import Foundation

/// `2026年11月27日 14:30`: a moment as the pages show it, in China Standard Time whatever the
/// server's zone.
public func chinaTime(_ date: Date) -> String {
    let day = CivilDay(date)
    let minutes = Int(date.timeIntervalSince(day.start) / 60)
    let minute = minutes % 60
    return "\(day.year)年\(day.month)月\(day.day)日 \(minutes / 60):\(minute < 10 ? "0" : "")\(minute)"
}
