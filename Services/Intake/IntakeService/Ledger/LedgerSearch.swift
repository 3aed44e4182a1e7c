import Contracts
import Foundation
import ServiceKit

/// Keeps an opinion findable: its text as bigram tokens, in the opinions row (PostgreSQL's GIN
/// index reads it there) and, on SQLite, in the FTS5 table.
func indexOpinion(_ db: any SQLExecutor, id: String, text: String) async throws {
    let tokens = indexText(text)
    try await db.execute("UPDATE opinions SET search_tokens = \(tokens) WHERE id = \(id)")
    if db.dialect == .sqlite {
        try await db.execute("INSERT INTO opinion_search (opinion_id, tokens) VALUES (\(id), \(tokens))")
    }
}

/// The one dialect-specific piece of a ledger query: "the opinion's text contains every token".
func textMatch(_ query: String, dialect: SQLDialect) -> SQL? {
    let tokens = queryTokens(query)
    guard !tokens.isEmpty else { return nil }
    switch dialect {
    case .sqlite:
        // Each token quoted as an FTS5 string, so nothing in it is read as query syntax.
        let match = tokens.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " AND ")
        return "o.id IN (SELECT opinion_id FROM opinion_search WHERE opinion_search MATCH \(match))"
    case .postgres:
        let match = tokens.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: " & ")
        return "to_tsvector('simple', o.search_tokens) @@ to_tsquery('simple', \(match))"
    }
}
