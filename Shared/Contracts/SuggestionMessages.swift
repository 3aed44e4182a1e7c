import Foundation

/// `SuggestionSubmitted` (intake → routing, evaluation): everything routing needs to propose a
/// tier and units, and evaluation needs for deputies' records, without calling back.
public struct SuggestionSubmittedBody: Codable, Sendable, Equatable {
    public var suggestion: String
    public var title: String
    public var body: String
    public var category: String
    public var street: String
    public var place: String?
    public var leadDeputy: String
    public var coSigners: [String]
    public var opinions: [String]
    public var submittedAt: Date

    public init(suggestion: String, title: String, body: String, category: String, street: String, place: String?,
                leadDeputy: String, coSigners: [String], opinions: [String], submittedAt: Date) {
        self.suggestion = suggestion
        self.title = title
        self.body = body
        self.category = category
        self.street = street
        self.place = place
        self.leadDeputy = leadDeputy
        self.coSigners = coSigners
        self.opinions = opinions
        self.submittedAt = submittedAt
    }
}
