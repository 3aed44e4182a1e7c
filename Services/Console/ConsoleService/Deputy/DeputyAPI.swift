import Foundation

/// What the deputy's pages read from intake, decoded as the console needs it (the console does
/// not link intake's types; these mirror the fields of its JSON answers).
enum DeputyAPI {
    /// One line of `GET /api/v1/ledger`: text masked by intake, never a contact.
    struct LedgerEntry: Decodable, Sendable {
        var id: String
        var station: String
        var street: String
        var category: String
        var channel: String
        var status: String
        var content: String
        var place: String?
        var createdAt: Date
    }

    struct LedgerPage: Decodable, Sendable {
        var items: [LedgerEntry]
        var nextCursor: String?
    }

    /// `GET /api/v1/opinions/{id}`.
    struct Opinion: Decodable, Sendable {
        struct Step: Decodable, Sendable {
            var at: Date
            var kind: String
            var note: String
        }
        var id: String
        var station: String
        var stationName: String
        var category: String
        var categoryName: String
        var channel: String
        var status: String
        var content: String
        var place: String?
        var createdAt: Date
        var mergedInto: String?
        var explanation: String?
        var timeline: [Step]
    }

    /// `GET /api/v1/opinions/{id}/similar`.
    struct SimilarOpinion: Decodable, Sendable {
        var id: String
        var content: String
        var createdAt: Date
        var similarity: Double
    }

    /// `GET /api/v1/workplace`: where the deputy may record, and the district's categories.
    struct Workplace: Decodable, Sendable {
        struct Named: Decodable, Sendable {
            var code: String
            var name: String
        }
        var stations: [Named]
        var categories: [Named]

        func categoryName(_ code: String) -> String { categories.first { $0.code == code }?.name ?? code }
        func stationName(_ code: String) -> String { stations.first { $0.code == code }?.name ?? code }
    }

    /// `POST /api/v1/opinions/recorded` and the public submission answer.
    struct Accepted: Decodable, Sendable {
        var id: String
        var receiptCode: String
    }

    /// `GET /api/v1/suggestions` and `/api/v1/suggestions/{id}`: a suggestion as its signers see it.
    struct Suggestion: Decodable, Sendable {
        struct Signer: Decodable, Sendable {
            var deputy: String
            var role: String
            var confirmed: Bool
        }
        var id: String
        var title: String
        var body: String
        var category: String
        var place: String?
        var status: String
        var leadDeputy: String
        var signers: [Signer]
        var opinions: [String]
    }

    /// `GET /api/v1/cases` on supervision: the handling of a suggestion the deputy signed, one case
    /// per unit.
    struct Case: Decodable, Sendable {
        var id: String
        var suggestion: String
        var title: String
        var unitName: String
        var role: String
        var status: String
        /// The day (China Standard Time) the reply is due, `YYYY-MM-DD`.
        var deadline: String
        var overdue: Bool
    }

    /// A problem's per-field messages (RFC 9457 with `errors`), for showing beside the fields.
    struct FieldProblems: Decodable, Sendable {
        var detail: String?
        var errors: [String: String]?
    }
}
