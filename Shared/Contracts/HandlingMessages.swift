import Foundation

/// `AssignmentIssued` (routing → supervision): one unit's part of an issued assignment list. The
/// lead unit replies; co-units send their written opinions to the lead unit's case.
public struct AssignmentIssuedBody: Codable, Sendable, Equatable {
    public enum UnitRole: String, Codable, Sendable { case lead, coUnit }
    public var assignment: String
    public var list: String
    public var suggestion: String
    public var title: String
    public var body: String
    public var category: String
    public var street: String
    public var tier: Tier
    public var unit: String
    public var unitName: String
    public var role: UnitRole
    public var leadUnit: String
    public var coUnits: [String]
    public var leadDeputy: String
    public var coSigners: [String]
    public var complex: Bool
    /// The day (China Standard Time) by which the lead unit replies.
    public var deadline: String
    public var issuedAt: Date
    /// Never on the public board (absent means false).
    public var confidential: Bool?

    public init(assignment: String, list: String, suggestion: String, title: String, body: String, category: String, street: String,
                tier: Tier, unit: String, unitName: String, role: UnitRole, leadUnit: String, coUnits: [String], leadDeputy: String,
                coSigners: [String], complex: Bool, deadline: String, issuedAt: Date, confidential: Bool? = nil) {
        self.confidential = confidential
        self.assignment = assignment
        self.list = list
        self.suggestion = suggestion
        self.title = title
        self.body = body
        self.category = category
        self.street = street
        self.tier = tier
        self.unit = unit
        self.unitName = unitName
        self.role = role
        self.leadUnit = leadUnit
        self.coUnits = coUnits
        self.leadDeputy = leadDeputy
        self.coSigners = coSigners
        self.complex = complex
        self.deadline = deadline
        self.issuedAt = issuedAt
    }
}

/// `AssignmentReturned` (supervision → routing): a unit returned its assignment as outside its
/// remit, within the return window; routing puts the suggestion back in its queue.
public struct AssignmentReturnedBody: Codable, Sendable, Equatable {
    public var assignment: String
    public var suggestion: String
    public var unit: String
    public var reason: String
    public var returnedAt: Date

    public init(assignment: String, suggestion: String, unit: String, reason: String, returnedAt: Date) {
        self.assignment = assignment
        self.suggestion = suggestion
        self.unit = unit
        self.reason = reason
        self.returnedAt = returnedAt
    }
}

/// `ReplySubmitted` (supervision → evaluation): the lead unit's reply, round 1, or 2 after rehandling.
public struct ReplySubmittedBody: Codable, Sendable, Equatable {
    public var caseID: String
    public var suggestion: String
    public var unit: String
    public var unitName: String
    public var round: Int
    public var result: ReplyResult
    public var text: String
    public var leadDeputy: String
    public var repliedAt: Date
    /// The day (China Standard Time, `YYYY-MM-DD`) by which this round's reply was due: the
    /// assignment's deadline in round 1, the rehandling deadline after. Absent from older senders;
    /// evaluation then counts the reply's timeliness as unknown, never as on time.
    public var deadline: String?

    public init(caseID: String, suggestion: String, unit: String, unitName: String, round: Int, result: ReplyResult, text: String,
                leadDeputy: String, repliedAt: Date, deadline: String? = nil) {
        self.deadline = deadline
        self.caseID = caseID
        self.suggestion = suggestion
        self.unit = unit
        self.unitName = unitName
        self.round = round
        self.result = result
        self.text = text
        self.leadDeputy = leadDeputy
        self.repliedAt = repliedAt
    }
}

/// `EvaluationRecorded` (evaluation → supervision): the deciding rating of a round. Satisfied or
/// basically satisfied closes the case; unsatisfied reopens it for rehandling (once).
public struct EvaluationRecordedBody: Codable, Sendable, Equatable {
    public var caseID: String
    public var suggestion: String
    public var round: Int
    public var satisfaction: Satisfaction
    public var comment: String
    public var ratedAt: Date

    public init(caseID: String, suggestion: String, round: Int, satisfaction: Satisfaction, comment: String, ratedAt: Date) {
        self.caseID = caseID
        self.suggestion = suggestion
        self.round = round
        self.satisfaction = satisfaction
        self.comment = comment
        self.ratedAt = ratedAt
    }
}

/// `PublicRatingSubmitted` (intake → evaluation): 办理结果网上评 — a citizen whose opinion fed a
/// suggestion rated its result, once per receipt. No personal data: the receipt is an opaque key.
public struct PublicRatingSubmittedBody: Codable, Sendable, Equatable {
    public var suggestion: String
    public var opinion: String
    public var satisfaction: Satisfaction
    public var ratedAt: Date

    public init(suggestion: String, opinion: String, satisfaction: Satisfaction, ratedAt: Date) {
        self.suggestion = suggestion
        self.opinion = opinion
        self.satisfaction = satisfaction
        self.ratedAt = ratedAt
    }
}

/// `ProcuratorateProgress` (bridge → supervision): one stage of a referred suggestion at the
/// procuratorate, for the suggestion's timeline and the public board. No internal notes.
public struct ProcuratorateProgressBody: Codable, Sendable, Equatable {
    public var referral: String
    public var suggestion: String
    public var stage: String
    public var publicNote: String
    public var at: Date

    public init(referral: String, suggestion: String, stage: String, publicNote: String, at: Date) {
        self.referral = referral
        self.suggestion = suggestion
        self.stage = stage
        self.publicNote = publicNote
        self.at = at
    }
}

/// `ProcuratorialProposalReceived` (bridge → intake): a procuratorial suggestion the
/// procuratorate wants the congress to follow up, to become a suggestion draft (with the id the
/// bridge chose, so the two stay linked) that a deputy can take up.
public struct ProcuratorialProposalBody: Codable, Sendable, Equatable {
    public var proposal: String
    public var suggestion: String
    public var organ: String
    public var issue: String
    public var field: String
    public var text: String
    public var issuedOn: String
    public var replyDue: String

    public init(proposal: String, suggestion: String, organ: String, issue: String, field: String, text: String, issuedOn: String, replyDue: String) {
        self.proposal = proposal
        self.suggestion = suggestion
        self.organ = organ
        self.issue = issue
        self.field = field
        self.text = text
        self.issuedOn = issuedOn
        self.replyDue = replyDue
    }
}
