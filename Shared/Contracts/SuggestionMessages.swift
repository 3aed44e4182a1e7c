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
    /// Touches state secrets: handled confidentially and never published (absent means false).
    public var confidential: Bool?
    /// The signers' names by code, for public pages that name deputies (absent from older senders).
    public var deputyNames: [String: String]?

    public init(suggestion: String, title: String, body: String, category: String, street: String, place: String?,
                leadDeputy: String, coSigners: [String], opinions: [String], submittedAt: Date, confidential: Bool? = nil,
                deputyNames: [String: String]? = nil) {
        self.confidential = confidential
        self.deputyNames = deputyNames
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

/// `SuggestionRouted` (routing → intake): the tier and units decided, for the receipt timeline.
public struct SuggestionRoutedBody: Codable, Sendable, Equatable {
    public var suggestion: String
    public var tier: Tier
    public var leadUnit: String
    public var leadUnitName: String
    public var coUnits: [String]
    public var routedAt: Date

    public init(suggestion: String, tier: Tier, leadUnit: String, leadUnitName: String, coUnits: [String], routedAt: Date) {
        self.suggestion = suggestion
        self.tier = tier
        self.leadUnit = leadUnit
        self.leadUnitName = leadUnitName
        self.coUnits = coUnits
        self.routedAt = routedAt
    }
}

/// `CaseStatusChanged` (supervision → intake): one step of a case's handling. `publicNote` is what
/// citizens may read (no personal data); intake masks numbers again before showing it.
public struct CaseStatusChangedBody: Codable, Sendable, Equatable {
    public var suggestion: String
    public var caseID: String
    public var unitName: String
    public var status: CaseStatus
    public var publicNote: String
    public var at: Date
    /// What happened, where the status alone does not say: supervision's step kind (`contact`,
    /// `urged`, `procuratorate.filed`, …). Absent from older senders.
    public var step: String?

    public init(suggestion: String, caseID: String, unitName: String, status: CaseStatus, publicNote: String, at: Date, step: String? = nil) {
        self.step = step
        self.suggestion = suggestion
        self.caseID = caseID
        self.unitName = unitName
        self.status = status
        self.publicNote = publicNote
        self.at = at
    }
}

/// `ActivityRecorded` (intake → evaluation): an activity was held, for deputies' performance records.
public struct ActivityRecordedBody: Codable, Sendable, Equatable {
    public var activity: String
    public var station: String
    public var street: String
    public var theme: Theme
    public var mode: Mode
    public var deputiesPresent: [String]
    public var opinionsCollected: Int
    public var resolvedOnSpot: Int
    public var heldAt: Date
    /// The present deputies' names by code, for public pages that name deputies (absent from older senders).
    public var deputyNames: [String: String]?

    public init(activity: String, station: String, street: String, theme: Theme, mode: Mode, deputiesPresent: [String],
                opinionsCollected: Int, resolvedOnSpot: Int, heldAt: Date, deputyNames: [String: String]? = nil) {
        self.deputyNames = deputyNames
        self.activity = activity
        self.station = station
        self.street = street
        self.theme = theme
        self.mode = mode
        self.deputiesPresent = deputiesPresent
        self.opinionsCollected = opinionsCollected
        self.resolvedOnSpot = resolvedOnSpot
        self.heldAt = heldAt
    }
}

/// `OpinionRecorded` (intake → evaluation): facts evaluation keeps for deputies' performance
/// records; never the citizen's contact. `deputy` is set when a deputy recorded it in person.
public struct OpinionRecordedBody: Codable, Sendable, Equatable {
    public var opinion: String
    public var station: String
    public var street: String
    public var channel: OpinionChannel
    public var category: String
    public var recordedBy: String
    public var deputy: String?
    /// That deputy's name, for public pages that name deputies (absent from older senders).
    public var deputyName: String?

    public init(opinion: String, station: String, street: String, channel: OpinionChannel, category: String, recordedBy: String, deputy: String? = nil,
                deputyName: String? = nil) {
        self.deputyName = deputyName
        self.opinion = opinion
        self.station = station
        self.street = street
        self.channel = channel
        self.category = category
        self.recordedBy = recordedBy
        self.deputy = deputy
    }
}
