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
/// filters and scopes as the ledger itself.
func ledgerCounts(_ db: any SQLExecutor, district: String, filter: LedgerFilter, by dimension: LedgerDimension) async throws -> [LedgerCount] {
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
