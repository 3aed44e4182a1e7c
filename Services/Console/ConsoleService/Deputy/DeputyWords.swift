import Contracts
import Foundation
import ServiceKit

/// The words the deputy's pages use for intake's codes (DESIGN.md's words).
enum DeputyWords {
    static func status(_ status: String) -> String {
        switch status {
        case "received": "待分办"
        case "inSuggestion": "已写入代表建议"
        case "merged": "已合并办理"
        case "resolvedOnSpot": "已现场解决"
        case "explained": "已说明原因"
        case "routed": "已交办"
        case "inHandling": "办理中"
        case "closed": "已办结"
        default: status
        }
    }

    /// The statuses the ledger filter offers, in the order an opinion passes them.
    static let statuses = ["received", "inSuggestion", "merged", "resolvedOnSpot", "explained", "routed", "inHandling", "closed"]

    static func channel(_ channel: String) -> String {
        OpinionChannel(rawValue: channel)?.chineseName ?? channel
    }

    static let channels = OpinionChannel.allCases.map(\.rawValue)

    /// The channels a deputy records by hand.
    static let recordedChannels = ["reception", "visit", "research", "activity"]

    /// `2026年12月3日`, China Standard Time.
    static func day(_ date: Date) -> String {
        let day = CivilDay(date)
        return "\(day.year)年\(day.month)月\(day.day)日"
    }

    /// How long an opinion has waited for triage, in words: 今天收到 / 已等待 3 天.
    static func waiting(since date: Date, now: Date) -> String {
        let days = CivilDay(date).days(until: CivilDay(now))
        return days <= 0 ? "今天收到" : "已等待 \(days) 天"
    }

    static func suggestionStatus(_ status: String) -> String {
        switch status {
        case "draft": "草稿，待提交"
        case "submitted": "已提交，等待交办"
        default: status
        }
    }

    static func caseStatus(_ status: String) -> String {
        CaseStatus(rawValue: status)?.chineseName ?? status
    }

    /// A deadline in words: 还剩 3 个工作日 / 今天到期 / 已超期 2 天 (calendar days once past).
    static func deadline(_ deadline: CivilDay, now: Date, calendar: WorkingDayCalendar) -> String {
        let today = CivilDay(now)
        if today == deadline { return "今天到期" }
        if deadline < today { return "已超期 \(deadline.days(until: today)) 天" }
        return "还剩 \(calendar.workingDays(from: today, to: deadline)) 个工作日"
    }
}
