import Foundation

/// The message types services send each other (DESIGN.md, "Messages").
public enum MessageType: String, Codable, Sendable, CaseIterable {
    case suggestionSubmitted = "SuggestionSubmitted"
    case opinionRecorded = "OpinionRecorded"
    case activityRecorded = "ActivityRecorded"
    case suggestionRouted = "SuggestionRouted"
    case assignmentIssued = "AssignmentIssued"
    case assignmentReturned = "AssignmentReturned"
    case caseStatusChanged = "CaseStatusChanged"
    case replySubmitted = "ReplySubmitted"
    case evaluationRecorded = "EvaluationRecorded"
    /// intake → evaluation: a citizen rated the result of the suggestion their opinion fed.
    case publicRatingSubmitted = "PublicRatingSubmitted"
    case procuratorateProgress = "ProcuratorateProgress"
    case procuratorialProposalReceived = "ProcuratorialProposalReceived"
    /// A harmless message used to check that delivery between two services works end to end.
    case ping = "Ping"
}

/// Where an audit chain stood when a message left its sender. Receivers keep the heads they see,
/// so a sender's chain that was cut short later can be caught (`youyue audit verify`).
public struct AuditHead: Codable, Sendable, Equatable {
    public var sequence: Int64
    public var hash: String
    public init(sequence: Int64, hash: String) {
        self.sequence = sequence
        self.hash = hash
    }
}

/// Every message between services. `id` is the idempotency key; `sequence` orders the messages
/// about one entity from one sender, so a late retry cannot undo a newer state. Bodies never carry
/// a citizen's contact details.
public struct MessageEnvelope: Codable, Sendable, Equatable {
    public var id: String
    public var type: MessageType
    public var sender: ServiceName
    public var district: String
    public var sentAt: Date
    public var entity: String
    public var sequence: Int64
    public var auditHead: AuditHead?
    /// The message body as JSON text, decoded by the receiver into the type's body struct.
    public var body: String

    public init(id: String, type: MessageType, sender: ServiceName, district: String, sentAt: Date, entity: String, sequence: Int64, auditHead: AuditHead?, body: String) {
        self.id = id
        self.type = type
        self.sender = sender
        self.district = district
        self.sentAt = sentAt
        self.entity = entity
        self.sequence = sequence
        self.auditHead = auditHead
        self.body = body
    }
}

/// The receiver's answer: `applied` the first time, `duplicate` for a message it already applied,
/// `stale` for one older than what it has applied for that entity. All three acknowledge.
public struct MessageAck: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable { case applied, duplicate, stale }
    public var id: String
    public var outcome: Outcome
    public init(id: String, outcome: Outcome) {
        self.id = id
        self.outcome = outcome
    }
}

/// The body of a `Ping` message.
public struct PingBody: Codable, Sendable, Equatable {
    public var note: String
    public init(note: String) { self.note = note }
}
