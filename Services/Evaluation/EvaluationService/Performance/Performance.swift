import Contracts
import Foundation
import ServiceKit

/// A calendar year (`2026`) or quarter (`2026Q3`) in China Standard Time.
public struct PerformancePeriod: Sendable, Equatable {
    public let year: Int
    public let quarter: Int?

    public init?(_ text: String) {
        let upper = text.trimmingCharacters(in: .whitespaces).uppercased()
        let parts = upper.split(separator: "Q", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].count == 4, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
              let year = Int(parts[0]), (2000...2999).contains(year) else { return nil }
        if parts.count == 2 {
            guard parts[1].count == 1, let quarter = Int(parts[1]), (1...4).contains(quarter) else { return nil }
            self.quarter = quarter
        } else {
            quarter = nil
        }
        self.year = year
    }

    init(year: Int, quarter: Int?) {
        self.year = year
        self.quarter = quarter
    }

    /// The year the clock is in, in China.
    static func currentYear(_ now: Date) -> PerformancePeriod { PerformancePeriod(year: CivilDay(now).year, quarter: nil) }

    /// The quarter a moment falls in, in China.
    static func quarter(of date: Date) -> PerformancePeriod {
        let day = CivilDay(date)
        return PerformancePeriod(year: day.year, quarter: (day.month - 1) / 3 + 1)
    }

    public var text: String { quarter.map { "\(year)Q\($0)" } ?? "\(year)" }
    public var chineseName: String {
        guard let quarter else { return "\(year)年" }
        return "\(year)年第\(["一", "二", "三", "四"][quarter - 1])季度"
    }

    public var start: Date { CivilDay(year: year, month: quarter.map { ($0 - 1) * 3 + 1 } ?? 1, day: 1)!.start }
    public var end: Date {
        if let quarter, quarter < 4 { return CivilDay(year: year, month: quarter * 3 + 1, day: 1)!.start }
        return CivilDay(year: year + 1, month: 1, day: 1)!.start
    }
}

/// `?period=` of a request: absent means the current year; anything else unreadable is a 422.
func requestedPeriod(_ text: String?, now: Date) throws -> PerformancePeriod {
    guard let text, !text.isEmpty else { return .currentYear(now) }
    guard let period = PerformancePeriod(text) else {
        throw Problem.validation(["period": "期间应为年份（如 2026）或季度（如 2026Q3）。"])
    }
    return period
}

/// One item of a deputy's record: what was counted and the points it earned.
public struct PerformanceItem: Codable, Sendable, Equatable {
    public var key: String
    public var name: String
    public var count: Int
    public var weight: Double
    public var cap: Double
    public var points: Double
}

/// 代表履职评价: one deputy's record for one period.
public struct DeputyPerformance: Codable, Sendable, Equatable {
    public var deputy: String
    /// The deputy's name as intake's messages gave it; absent until one named them.
    public var name: String?
    public var period: String
    public var periodName: String
    public var criteriaVersion: String
    public var items: [PerformanceItem]
    public var total: Double
    /// Place among the district's deputies with a record in the period (equal totals share a place).
    public var rank: Int
    /// The public page of this record.
    public var page: String
}

/// The public list: ids and scores only.
public struct PerformanceSummary: Codable, Sendable, Equatable {
    public var deputy: String
    public var name: String?
    public var total: Double
    public var rank: Int
    public var page: String
}

public struct PerformanceList: Codable, Sendable, Equatable {
    public var period: String
    public var periodName: String
    public var criteriaVersion: String
    public var deputies: [PerformanceSummary]
}

/// Every record of the period in the district, best first. Deputies appear once they have any
/// counted work in the period; `including` adds deputies with none (scored 0).
func performanceRecords(_ db: any SQLExecutor, district: String, period: PerformancePeriod, criteria: PerformanceCriteria,
                        including: [String] = [], pageBase: String) async throws -> [DeputyPerformance] {
    var counts: [String: [PerformanceSource: Int]] = [:]
    for deputy in including { counts[deputy, default: [:]] = counts[deputy] ?? [:] }
    for row in try await db.query("""
        SELECT deputy, kind, COUNT(*) AS n FROM deputy_facts
        WHERE district = \(district) AND at >= \(period.start) AND at < \(period.end) GROUP BY deputy, kind
        """) {
        guard let source = PerformanceSource(rawValue: try row.string("kind")) else { continue }
        counts[try row.string("deputy"), default: [:]][source, default: 0] += Int(try row.int("n"))
    }
    // Closed is final: only the deciding round of a case is ever closed.
    for row in try await db.query("""
        SELECT s.lead_deputy, e.decision, COUNT(DISTINCT e.suggestion) AS n
        FROM evaluations e JOIN suggestions s ON s.suggestion = e.suggestion
        WHERE e.district = \(district) AND e.status = 'closed' AND e.decided_at >= \(period.start) AND e.decided_at < \(period.end)
        GROUP BY s.lead_deputy, e.decision
        """) {
        let source: PerformanceSource
        switch Satisfaction(rawValue: row.optionalString("decision") ?? "") {
        case .satisfied: source = .ratedSatisfied
        case .basicallySatisfied: source = .ratedBasicallySatisfied
        default: continue
        }
        counts[try row.string("lead_deputy"), default: [:]][source, default: 0] += Int(try row.int("n"))
    }
    let names = try await deputyNames(db, district: district)
    var records = counts.map { deputy, counted -> DeputyPerformance in
        let items = criteria.items.map { criterion -> PerformanceItem in
            let count = counted[criterion.source] ?? 0
            let points = rounded(min(Double(count) * criterion.weight, criterion.cap))
            return PerformanceItem(key: criterion.key, name: criterion.name, count: count, weight: criterion.weight, cap: criterion.cap, points: points)
        }
        return DeputyPerformance(deputy: deputy, name: names[deputy], period: period.text, periodName: period.chineseName, criteriaVersion: criteria.version,
                                 items: items, total: rounded(items.reduce(0) { $0 + $1.points }), rank: 0,
                                 page: pageBase + "/performance/" + pathSegment(deputy) + "?period=" + period.text)
    }
    records.sort { $0.total != $1.total ? $0.total > $1.total : $0.deputy < $1.deputy }
    for index in records.indices {
        records[index].rank = index > 0 && records[index].total == records[index - 1].total ? records[index - 1].rank : index + 1
    }
    return records
}

func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }

/// A value safe inside one path segment of a link.
func pathSegment(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? text
}

/// The district a public request is about: `?district=`, or the only one this service has heard of.
func publicDistrict(_ db: any SQLExecutor, _ named: String?) async throws -> String? {
    if let named, !named.isEmpty { return named }
    let districts = try await db.query("SELECT district FROM suggestions UNION SELECT district FROM deputy_facts").map { try $0.string("district") }
    return Set(districts).count == 1 ? districts[0] : nil
}
