import Contracts
import Foundation
import ServiceKit

/// What the text index holds for an opinion: its bigram tokens (`search_tokens`), its street as
/// one more token, `st<code>` (street codes are letters and digits), and the 30-day span it was
/// written in, `b<n>`. The same expression on both databases: SQLite's FTS5 rows are built from
/// it, PostgreSQL's GIN index is over it. `table` qualifies the columns (`"o."`) in a query.
func searchDocument(_ table: String = "") -> String {
    "\(table)search_tokens || ' st' || lower(\(table)street) || ' b' || CAST(\(table)created_at / \(searchSpanMilliseconds) AS TEXT)"
}

/// Newest-first search reads the index one span at a time, so that a common word costs the
/// matches of one span, not of the whole ledger, before the first page is full.
let searchSpanMilliseconds: Int64 = 30 * 24 * 3600 * 1000

func searchSpan(of milliseconds: Int64) -> Int64 { milliseconds / searchSpanMilliseconds }

/// The street's token in the index (see `searchDocument`).
func streetToken(_ street: String) -> String { "st" + street.lowercased() }

/// Keeps an opinion findable: its text as bigram tokens in the opinions row, and on SQLite the
/// FTS5 row under the opinion's own rowid. (PostgreSQL's GIN index follows the row by itself.)
func indexOpinion(_ db: any SQLExecutor, id: String, text: String) async throws {
    try await db.execute("UPDATE opinions SET search_tokens = \(indexText(text)) WHERE id = \(id)")
    if db.dialect == .sqlite {
        try await db.execute("INSERT INTO opinion_text (rowid, tokens) SELECT rowid, \(unsafeRaw: searchDocument()) FROM opinions WHERE id = \(id)")
    }
}

/// The one dialect-specific piece of a ledger query: "the opinion's text contains every token",
/// and, with a street filter, "and it is in that street" from the same index.
func textMatch(_ query: String, street: String?, span: Int64? = nil, dialect: SQLDialect) -> SQL? {
    let words = queryTokens(query)
    guard !words.isEmpty else { return nil }
    let tokens = words + (street.map { [streetToken($0)] } ?? []) + (span.map { ["b\($0)"] } ?? [])
    switch dialect {
    case .sqlite:
        // Each token quoted as an FTS5 string, so nothing in it is read as query syntax.
        let match = tokens.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " AND ")
        return "o.rowid IN (SELECT rowid FROM opinion_text WHERE opinion_text MATCH \(match))"
    case .postgres:
        let match = tokens.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: " & ")
        return "to_tsvector('simple', \(unsafeRaw: searchDocument("o."))) @@ to_tsquery('simple', \(match))"
    }
}
