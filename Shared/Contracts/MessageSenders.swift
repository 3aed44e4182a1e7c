/// Who may send each message (DESIGN.md, "Messages"): a receiver applies a message only from the
/// service the table names, so a token of one service cannot speak for another.
extension MessageType {
    public var senders: Set<ServiceName> {
        switch self {
        case .suggestionSubmitted, .opinionRecorded, .activityRecorded, .publicRatingSubmitted: [.intake]
        case .suggestionRouted, .assignmentIssued: [.routing]
        case .assignmentReturned, .caseStatusChanged, .replySubmitted: [.supervision]
        case .evaluationRecorded: [.evaluation]
        case .procuratorateProgress, .procuratorialProposalReceived: [.procuratorateBridge]
        case .ping: Set(ServiceName.allCases)
        }
    }
}
