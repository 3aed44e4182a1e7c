import Foundation
import ServiceKit

/// An open opinion that may be the same issue, with how alike the two texts are (0…1).
public struct SimilarOpinion: Codable, Sendable, Equatable {
    public var id: String
    public var station: String
    public var content: String
    public var createdAt: Date
    public var similarity: Double
}

/// How many recent candidates are compared: enough for a street's open backlog in one
/// category, bounded so that the answer stays fast on a ledger of millions.
let similarCandidateLimit = 2_000

/// The most similar open opinions of the same street and category, best first: Chinese text
/// similarity on character bigrams (Dice coefficient), newest first among equals.
func similarOpenOpinions(_ db: any SQLExecutor, to opinion: OpinionScope, limit: Int) async throws -> [SimilarOpinion] {
    let rows = try await db.query("""
        SELECT id, station, content, created_at FROM opinions
        WHERE district = \(opinion.district) AND street = \(opinion.street) AND category = \(opinion.category)
          AND status = 'received' AND id <> \(opinion.id)
        ORDER BY created_at DESC LIMIT \(similarCandidateLimit)
        """)
    let scored = try rows.map { row in
        let content = try row.string("content")
        return SimilarOpinion(id: try row.string("id"), station: try row.string("station"), content: maskPersonalData(content),
                              createdAt: try row.date("created_at"), similarity: bigramSimilarity(opinion.content, content))
    }
    // A stable sort keeps the newest first among equally similar opinions.
    let ranked = scored.enumerated().sorted { a, b in
        a.element.similarity != b.element.similarity ? a.element.similarity > b.element.similarity : a.offset < b.offset
    }
    return ranked.prefix(limit).map(\.element)
}
