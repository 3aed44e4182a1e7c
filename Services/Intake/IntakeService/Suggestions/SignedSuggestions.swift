import ServiceKit

/// The suggestions `deputy` signed (as lead or co-signer) in their own district, newest first:
/// a deputy's list of their suggestions. A deputy code may repeat across districts, so the
/// district is part of the match.
func signedSuggestions(_ db: any SQLExecutor, deputy: Principal, limit: Int = 100) async throws -> [SuggestionView] {
    let ids = try await db.query("""
        SELECT s.id FROM suggestions s JOIN suggestion_signers g ON g.suggestion_id = s.id
        WHERE g.deputy = \(deputy.subject) AND s.district = \(deputy.district)
        ORDER BY s.created_at DESC, s.id DESC LIMIT \(limit)
        """).map { try $0.string("id") }
    var views: [SuggestionView] = []
    for id in ids { if let view = try await suggestionView(db, id: id) { views.append(view) } }
    return views
}
