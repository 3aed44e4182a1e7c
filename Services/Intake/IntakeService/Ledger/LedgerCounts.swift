import Contracts
import Foundation
import ServiceKit

/// What ledger statistics are grouped by.
enum LedgerDimension: String, Sendable {
    case street, channel, category, month
}

public struct LedgerCount: Codable, Sendable, Equatable {
    public var key: String
    public var count: Int
}

/// Opinion counts per street, channel, category or month (China Standard Time), under the same
/// filters and scopes as the ledger itself. Filtered only by street, channel and category (the
/// public figures, district staff's overview) they come from the running counts; any other filter
/// counts the opinions themselves.
func ledgerCounts(_ db: any SQLExecutor, district: String, filter: LedgerFilter, by dimension: LedgerDimension) async throws -> [LedgerCount] {
    if let counted = try await runningCounts(db, district: district, filter: filter, by: dimension) { return counted }
    let key: SQL = switch (dimension, db.dialect) {
    case (.street, _): "o.street"
    case (.channel, _): "o.channel"
    case (.category, _): "o.category"
    case (.month, .sqlite): "strftime('%Y-%m', o.created_at / 1000 + 8 * 3600, 'unixepoch')"
    case (.month, .postgres): "to_char(to_timestamp(o.created_at / 1000.0) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')"
    }
    return try await db.query("""
        SELECT \(key) AS grouped, COUNT(*) AS n FROM opinions o WHERE \(ledgerConditions(db, district: district, filter: filter, cursor: nil))
        GROUP BY grouped ORDER BY grouped
        """).map { LedgerCount(key: try $0.string("grouped"), count: Int(try $0.int("n"))) }
}

/// The counts from `opinion_counts`, or nil when the filter asks for more than it keeps.
private func runningCounts(_ db: any SQLExecutor, district: String, filter: LedgerFilter, by dimension: LedgerDimension) async throws -> [LedgerCount]? {
    guard filter.text == nil, filter.community == nil, filter.station == nil, filter.deputy == nil, filter.status == nil,
          filter.from == nil, filter.to == nil else { return nil }
    var conditions: [SQL] = ["district = \(district)"]
    if let street = filter.street { conditions.append("street = \(street)") }
    if let channel = filter.channel { conditions.append("channel = \(channel)") }
    if let category = filter.category { conditions.append("category = \(category)") }
    let key: SQL = switch dimension {
    case .street: "street"
    case .channel: "channel"
    case .category: "category"
    case .month: "month"
    }
    return try await db.query("""
        SELECT \(key) AS grouped, SUM(n) AS n FROM opinion_counts WHERE \(joined(conditions, separator: " AND "))
        GROUP BY \(key) ORDER BY \(key)
        """).map { LedgerCount(key: try $0.string("grouped"), count: Int(try $0.int("n"))) }
}

/// One opinion as the running counts see it.
struct CountedOpinion: Hashable, Sendable {
    let month: String
    let street: String
    let channel: String
    let category: String

    init(createdAt: Date, street: String, channel: String, category: String) {
        month = String(CivilDay(createdAt).description.prefix(7))
        self.street = street
        self.channel = channel
        self.category = category
    }
}

/// Adds newly written opinions to the running counts, in the caller's transaction.
func addToCounts(_ db: any SQLExecutor, district: String, _ opinions: [CountedOpinion]) async throws {
    var tally: [CountedOpinion: Int] = [:]
    for opinion in opinions { tally[opinion, default: 0] += 1 }
    for (key, added) in tally {
        try await db.execute("""
            INSERT INTO opinion_counts (district, month, street, channel, category, n)
            VALUES (\(district), \(key.month), \(key.street), \(key.channel), \(key.category), \(added))
            ON CONFLICT (district, month, street, channel, category) DO UPDATE SET n = opinion_counts.n + excluded.n
            """)
    }
}
