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

/// A ledger text query: its tokens, and how many of them an opinion must share to be found.
/// Half of them (rounded up) is enough, so that a near-phrase is found — "电梯补贴" (电梯 梯补 补贴)
/// finds "电梯的补贴" (电梯 补贴) — and the results are ranked by how many they share, an exact
/// match first. A query of one token needs that token and keeps the ledger's newest-first order.
struct TextQuery: Sendable {
    let tokens: [String]

    init?(_ text: String?) {
        guard let text else { return nil }
        tokens = queryTokens(text)
        if tokens.isEmpty { return nil }
    }

    var minimumOverlap: Int { (tokens.count + 1) / 2 }

    /// Whether a partial match counts, so results are ordered by overlap before age.
    var isRanked: Bool { minimumOverlap < tokens.count }

    /// How many of the query's tokens the opinion's text holds. Tokens are letters, digits and
    /// CJK characters only (`searchTokens`), so none holds a LIKE wildcard or a space.
    var overlap: SQL {
        let terms = tokens.map { token -> SQL in "(CASE WHEN ' ' || o.search_tokens || ' ' LIKE \("% " + token + " %") THEN 1 ELSE 0 END)" }
        return "(\(joined(terms, separator: " + ")))"
    }
}

/// The one dialect-specific piece of a ledger query: "the opinion's text contains every token"
/// (or, for a ranked query, "any token": the overlap condition then narrows), and, with a street
/// filter, "and it is in that street" from the same index.
func textMatch(_ query: TextQuery, street: String?, span: Int64? = nil, dialect: SQLDialect) -> SQL {
    let filters = (street.map { [streetToken($0)] } ?? []) + (span.map { ["b\($0)"] } ?? [])
    switch dialect {
    case .sqlite:
        // Each token quoted as an FTS5 string, so nothing in it is read as query syntax.
        let quote = { (token: String) in "\"" + token.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let words = query.tokens.map(quote).joined(separator: query.isRanked ? " OR " : " AND ")
        let match = ([query.isRanked ? "(" + words + ")" : words] + filters.map(quote)).joined(separator: " AND ")
        return "o.rowid IN (SELECT rowid FROM opinion_text WHERE opinion_text MATCH \(match))"
    case .postgres:
        let quote = { (token: String) in "'" + token.replacingOccurrences(of: "'", with: "''") + "'" }
        let words = query.tokens.map(quote).joined(separator: query.isRanked ? " | " : " & ")
        let match = ([query.isRanked ? "(" + words + ")" : words] + filters.map(quote)).joined(separator: " & ")
        return "to_tsvector('simple', \(unsafeRaw: searchDocument("o."))) @@ to_tsquery('simple', \(match))"
    }
}
