import Contracts
import Foundation
import ServiceKit

/// What a deputy writes to start a suggestion: title, body, category, place, co-signers and the
/// opinions it grows from.
public struct SuggestionDraftInput: Codable, Sendable {
    public var title: String
    public var body: String
    public var category: String
    public var place: String?
    public var coSigners: [String]?
    public var opinions: [String]?
    /// Touches state secrets: handled confidentially, never on the public board.
    public var confidential: Bool?
}

/// A suggestion as its signers see it.
public struct SuggestionView: Codable, Sendable, Equatable {
    public struct Signer: Codable, Sendable, Equatable {
        public var deputy: String
        public var role: String
        public var confirmed: Bool
    }
    public var id: String
    /// The district the suggestion belongs to: other services (the bridge) check it before acting.
    public var district: String
    public var title: String
    public var body: String
    public var category: String
    public var street: String
    public var place: String?
    public var status: String
    public var leadDeputy: String
    public var signers: [Signer]
    public var opinions: [String]
    public var confidential: Bool
}

func draftErrors(_ input: SuggestionDraftInput) -> [String: String] {
    var errors: [String: String] = [:]
    if !(4...100).contains(input.title.trimmingCharacters(in: .whitespaces).count) { errors["title"] = "标题须为 4 到 100 字。" }
    if !(20...10_000).contains(input.body.trimmingCharacters(in: .whitespacesAndNewlines).count) { errors["body"] = "建议内容须为 20 到 10000 字。" }
    if (input.coSigners?.count ?? 0) > 50 { errors["coSigners"] = "附议代表不能超过 50 位。" }
    return errors
}

func suggestionView(_ db: any SQLExecutor, id: String) async throws -> SuggestionView? {
    guard let row = try await db.queryFirst("""
        SELECT id, district, title, body, category, street, place, status, lead_deputy, confidential FROM suggestions WHERE id = \(id)
        """) else { return nil }
    let signers = try await db.query("""
        SELECT deputy, role, confirmed_at FROM suggestion_signers WHERE suggestion_id = \(id) ORDER BY role DESC, deputy
        """).map { SuggestionView.Signer(deputy: try $0.string("deputy"), role: try $0.string("role"), confirmed: $0.optionalInt("confirmed_at") != nil) }
    let opinions = try await db.query("SELECT opinion_id FROM suggestion_opinions WHERE suggestion_id = \(id) ORDER BY opinion_id")
        .map { try $0.string("opinion_id") }
    return SuggestionView(
        id: try row.string("id"), district: try row.string("district"), title: try row.string("title"), body: try row.string("body"), category: try row.string("category"),
        street: try row.string("street"), place: row.optionalString("place"), status: try row.string("status"),
        leadDeputy: try row.string("lead_deputy"), signers: signers, opinions: opinions, confidential: try row.int("confidential") != 0)
}
