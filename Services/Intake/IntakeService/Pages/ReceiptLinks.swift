import Foundation
import ServiceKit

/// The public board's page of the suggestion an opinion became (its own, or that of the opinion
/// it was merged into), once the suggestion was assigned and so is on the board. Confidential
/// suggestions are never on the board: none then.
func suggestionBoardLink(_ db: any SQLExecutor, opinion: String, boardBase: String) async throws -> String? {
    guard let row = try await db.queryFirst("""
        SELECT s.id, s.district FROM suggestion_opinions so
        JOIN opinions o ON so.opinion_id = COALESCE(o.merged_into, o.id)
        JOIN suggestions s ON s.id = so.suggestion_id
        WHERE o.id = \(opinion) AND s.confidential = 0
        ORDER BY s.submitted_at DESC LIMIT 1
        """) else { return nil }
    let assigned = try await db.queryFirst("""
        SELECT 1 AS assigned FROM opinion_timeline WHERE opinion_id = \(opinion) AND (kind = 'routed' OR kind LIKE 'case.%') LIMIT 1
        """)
    guard assigned != nil else { return nil }
    let id = try row.string("id")
    let segment = id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? id
    let district = try row.string("district").addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+#"))) ?? ""
    return boardBase + "/board/" + segment + "?district=" + district
}
