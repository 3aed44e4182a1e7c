import Contracts
import Foundation
import ServiceKit

/// Filters of the opinion ledger. Every one is optional; together they narrow (AND).
struct LedgerFilter: Sendable {
    var text: String?
    var street: String?
    var community: String?
    var station: String?
    var deputy: String?
    var channel: String?
    var status: String?
    var category: String?
    var from: Date?
    var to: Date?
}

/// One line of the ledger. Free text has phone and ID numbers masked; contact never appears.
public struct LedgerEntry: Codable, Sendable, Equatable {
    public var id: String
    public var station: String
    public var street: String
    public var category: String
    public var channel: String
    public var status: String
    public var content: String
    /// Where the problem is, as the citizen or deputy wrote it (masked).
    public var place: String?
    public var createdAt: Date
}

public struct LedgerPage: Codable, Sendable, Equatable {
    public var items: [LedgerEntry]
    /// Pass back as `cursor` for the next page; nil on the last page.
    public var nextCursor: String?
}

/// Newest first, paged by (created_at, id) so that a page never repeats or skips an opinion
/// when new ones arrive between requests. A ranked text search (see `TextQuery`) puts the
/// opinions sharing more of the query first, and pages by (overlap, created_at, id).
func ledgerPage(_ db: any SQLExecutor, district: String, filter: LedgerFilter, cursor: LedgerCursor?, limit: Int) async throws -> LedgerPage {
    let rows: [SQLRow]
    let text = TextQuery(filter.text)
    let columns: SQL = "o.id, o.station, o.street, o.category, o.channel, o.status, o.content, o.place, o.created_at"
    if let text, text.isRanked {
        rows = try await db.query("""
            SELECT \(columns), \(text.overlap) AS overlap
            FROM opinions o WHERE \(ledgerConditions(db, district: district, filter: filter, cursor: cursor))
            ORDER BY overlap DESC, o.created_at DESC, o.id DESC LIMIT \(limit + 1)
            """)
    } else if db.dialect == .postgres, text != nil {
        // PostgreSQL reads each match's row to sort it, so it walks the spans; SQLite's FTS5 hands
        // over rowids cheaply but pays per query for long token lists, so one query is faster there.
        rows = try await searchRows(db, district: district, filter: filter, cursor: cursor, limit: limit + 1)
    } else {
        rows = try await db.query("""
            SELECT \(columns)
            FROM opinions o WHERE \(ledgerConditions(db, district: district, filter: filter, cursor: cursor))
            ORDER BY o.created_at DESC, o.id DESC LIMIT \(limit + 1)
            """)
    }
    let items = try rows.prefix(limit).map { row in
        LedgerEntry(
            id: try row.string("id"), station: try row.string("station"), street: try row.string("street"),
            category: try row.string("category"), channel: try row.string("channel"), status: try row.string("status"),
            content: maskPersonalData(try row.string("content")), place: row.optionalString("place").map(maskPersonalData),
            createdAt: try row.date("created_at"))
    }
    var next: String?
    if rows.count > limit, let last = items.last {
        let overlap = text?.isRanked == true ? try rows[limit - 1].int("overlap") : nil
        next = LedgerCursor(createdAt: last.createdAt.millisecondsSince1970, id: last.id, overlap: overlap.map(Int.init)).text
    }
    return LedgerPage(items: items, nextCursor: next)
}

/// A search page on PostgreSQL, newest first, one 30-day span of the index at a time from the
/// newest that can hold a result down to the oldest opinion (or `from`): each probe reads only
/// that span's matching rows, where one query over all spans read every match to sort them.
private func searchRows(_ db: any SQLExecutor, district: String, filter: LedgerFilter, cursor: LedgerCursor?, limit: Int) async throws -> [SQLRow] {
    // The months that have opinions bound the walk (the running counts know them at once).
    let months = try await db.queryFirst("SELECT MIN(month) AS oldest, MAX(month) AS newest FROM opinion_counts WHERE district = \(district)")
    guard let oldest = months?.optionalString("oldest").flatMap({ CivilDay($0 + "-01") }),
          let newest = months?.optionalString("newest").flatMap({ CivilDay($0 + "-01") }) else { return [] }
    let endOfNewestMonth = newest.start.addingTimeInterval(32 * 24 * 3600).millisecondsSince1970
    let newestMilliseconds = ([cursor?.createdAt, filter.to?.millisecondsSince1970].compactMap { $0 } + [endOfNewestMonth]).min()!
    let lowest = searchSpan(of: max(oldest.start.millisecondsSince1970, filter.from?.millisecondsSince1970 ?? 0))
    var rows: [SQLRow] = []
    var span = searchSpan(of: newestMilliseconds)
    while rows.count < limit, span >= lowest {
        rows += try await db.query("""
            SELECT o.id, o.station, o.street, o.category, o.channel, o.status, o.content, o.place, o.created_at
            FROM opinions o WHERE \(ledgerConditions(db, district: district, filter: filter, cursor: cursor, span: span))
            ORDER BY o.created_at DESC, o.id DESC LIMIT \(limit - rows.count)
            """)
        span -= 1
    }
    return rows
}

/// The WHERE clause for a filter, shared by pages, exports and counts. `span` narrows a text
/// search to one 30-day span of the index.
func ledgerConditions(_ db: any SQLExecutor, district: String, filter: LedgerFilter, cursor: LedgerCursor?, span: Int64? = nil) -> SQL {
    var conditions: [SQL] = ["o.district = \(district)"]
    if let street = filter.street { conditions.append("o.street = \(street)") }
    if let community = filter.community { conditions.append("o.community = \(community)") }
    if let station = filter.station { conditions.append("o.station = \(station)") }
    if let deputy = filter.deputy { conditions.append("o.station = (SELECT station FROM deputies WHERE code = \(deputy))") }
    if let channel = filter.channel { conditions.append("o.channel = \(channel)") }
    if let status = filter.status { conditions.append("o.status = \(status)") }
    if let category = filter.category { conditions.append("o.category = \(category)") }
    if let from = filter.from { conditions.append("o.created_at >= \(from)") }
    if let to = filter.to { conditions.append("o.created_at < \(to)") }
    let text = TextQuery(filter.text)
    if let text {
        conditions.append(textMatch(text, street: filter.street, span: span, dialect: db.dialect))
        if text.isRanked { conditions.append("\(text.overlap) >= \(text.minimumOverlap)") }
    }
    if let cursor {
        let older: SQL = "(o.created_at < \(cursor.createdAt) OR (o.created_at = \(cursor.createdAt) AND o.id < \(cursor.id)))"
        if let text, text.isRanked {
            // A cursor from an unranked page starts at the best matches' end, the query's length.
            let overlap = cursor.overlap ?? text.tokens.count
            conditions.append("(\(text.overlap) < \(overlap) OR (\(text.overlap) = \(overlap) AND \(older)))")
        } else {
            conditions.append(older)
        }
    }
    return joined(conditions, separator: " AND ")
}

/// Joins statement fragments, keeping their bindings in order.
func joined(_ parts: [SQL], separator: String) -> SQL {
    parts.dropFirst().reduce(parts.first ?? "") { "\($0)\(unsafeRaw: separator)\($1)" }
}

/// Where the previous page ended: `<milliseconds>_<id>`, or `r<overlap>.<milliseconds>_<id>` in
/// a ranked search.
struct LedgerCursor: Sendable {
    let createdAt: Int64
    let id: String
    let overlap: Int?

    init(createdAt: Int64, id: String, overlap: Int? = nil) {
        self.createdAt = createdAt
        self.id = id
        self.overlap = overlap
    }

    init?(_ text: String) {
        var rest = Substring(text)
        if rest.hasPrefix("r") {
            let ranked = rest.dropFirst().split(separator: ".", maxSplits: 1)
            guard ranked.count == 2, let overlap = Int(ranked[0]), overlap >= 0 else { return nil }
            self.overlap = overlap
            rest = ranked[1]
        } else {
            overlap = nil
        }
        let parts = rest.split(separator: "_", maxSplits: 1)
        guard parts.count == 2, let milliseconds = Int64(parts[0]) else { return nil }
        createdAt = milliseconds
        id = String(parts[1])
    }

    var text: String { (overlap.map { "r\($0)." } ?? "") + "\(createdAt)_\(id)" }
}
