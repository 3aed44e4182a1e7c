import Contracts
import Foundation
import ServiceKit

/// How the congress's records and the procuratorate's correspond, as data: served at
/// `GET /api/v1/mapping` and written from the same values into the OpenAPI document, so the two
/// cannot drift apart.
public struct BridgeMapping: Codable, Sendable, Equatable {
    /// One field of the referral document and the suggestion field (in intake) it comes from.
    public struct FieldMapping: Codable, Sendable, Equatable {
        public var referralField: String
        public var suggestionField: String
        public var rule: String
    }

    /// One procuratorate stage and what it means for the suggestion's handling in supervision.
    public struct StageMapping: Codable, Sendable, Equatable {
        public var stage: ProcuratorateStage
        public var name: String
        /// What may follow it; anything else is a 409.
        public var next: [ProcuratorateStage]
        /// The step on the suggestion's lead case in supervision (public: board and receipt).
        public var timelineStep: String
        /// What the step shows publicly.
        public var publicNote: String
        /// The case's own status is never changed by the procuratorate: the referral runs beside
        /// the handling. The supervision state that plays the same part in a unit's handling.
        public var comparableCaseStatus: CaseStatus
        public var comparableCaseStatusName: String
        public var deadline: String?
    }

    public var referralFields: [FieldMapping]
    /// Suggestion data that never crosses to the procuratorate.
    public var neverReferred: [String]
    public var stages: [StageMapping]
    /// Supervision states with the procuratorate stages comparable to them (the inverse table).
    public var caseStatuses: [CaseStatusMapping]

    public struct CaseStatusMapping: Codable, Sendable, Equatable {
        public var caseStatus: CaseStatus
        public var name: String
        public var comparableStages: [ProcuratorateStage]
    }
}

let bridgeMapping: BridgeMapping = {
    let fields: [BridgeMapping.FieldMapping] = [
        .init(referralField: "referral", suggestionField: "—", rule: "chosen by the bridge (ref-…); the letter's id"),
        .init(referralField: "district", suggestionField: "—", rule: "the referring staff member's district; the procuratorate of that district alone receives it"),
        .init(referralField: "suggestion", suggestionField: "id", rule: "as is; links the referral to the suggestion, its case in supervision and its board entry"),
        .init(referralField: "title", suggestionField: "title", rule: "phone and ID numbers masked"),
        .init(referralField: "facts", suggestionField: "body", rule: "phone and ID numbers masked"),
        .init(referralField: "category", suggestionField: "category", rule: "as is; with the title and body it proposes the fields"),
        .init(referralField: "street", suggestionField: "street", rule: "as is (street code)"),
        .init(referralField: "streetName", suggestionField: "street", rule: "the street's name from intake's public station list"),
        .init(referralField: "place", suggestionField: "place", rule: "phone and ID numbers masked; absent when the suggestion names none"),
        .init(referralField: "leadDeputy", suggestionField: "leadDeputy", rule: "as is (deputy code)"),
        .init(referralField: "leadDeputyName", suggestionField: "leadDeputy", rule: "the deputy's name from intake's public deputy list; never contact data"),
        .init(referralField: "coSigners", suggestionField: "signers[role=cosigner].deputy", rule: "as is (deputy codes)"),
        .init(referralField: "coSignerNames", suggestionField: "signers[role=cosigner].deputy", rule: "names from intake's public deputy list"),
        .init(referralField: "fields", suggestionField: "category, title, body", rule: "proposed by keyword rules (GET /api/v1/referrals/proposals/{suggestion}), confirmed by district staff; codes of GET /api/v1/fields"),
        .init(referralField: "attachments", suggestionField: "title, opinions", rule: "the suggestion text, the number of citizens' opinions behind it (not their content), the signed electronic file"),
        .init(referralField: "referredAt", suggestionField: "—", rule: "when staff referred it; the letter's date"),
    ]
    let comparable: [ProcuratorateStage: CaseStatus] = [
        .referred: .assigned, .acknowledged: .accepted, .received: .inProgress, .filed: .inProgress, .notFiled: .returned,
        .preLitigationSuggestion: .inProgress, .organReplied: .replied, .rectified: .closed, .litigationFiled: .rehandling, .closed: .closed,
    ]
    let notes: [ProcuratorateStage: String] = [
        .referred: "已作为公益诉讼线索移送区人民检察院（领域）",
        .filed: "检察院已立案，案号 …",
        .preLitigationSuggestion: "检察院已发出诉前检察建议，发往（行政机关）",
    ]
    let deadlines: [ProcuratorateStage: String] = [
        .received: "filing decision (立案 or 不立案) due \(filingDecisionDays) days after acceptance; filingDecisionOverdue when missed",
        .preLitigationSuggestion: "the organ's written reply due 2 months after the suggestion (15 days when urgent); organReplyOverdue when missed",
    ]
    let stages = ProcuratorateStage.allCases.map { stage in
        BridgeMapping.StageMapping(
            stage: stage, name: stage.chineseName, next: ProcuratorateStage.allCases.filter(stage.next.contains),
            timelineStep: "procuratorate." + stage.rawValue,
            publicNote: "区人民检察院：" + (notes[stage] ?? stage.chineseName) + "[，公开说明]。",
            comparableCaseStatus: comparable[stage] ?? .inProgress, comparableCaseStatusName: (comparable[stage] ?? .inProgress).chineseName,
            deadline: deadlines[stage])
    }
    let statuses: [CaseStatus] = [.assigned, .accepted, .inProgress, .replied, .rehandling, .closed, .returned, .overdue]
    return BridgeMapping(
        referralFields: fields,
        neverReferred: ["the citizens' opinions themselves: names, phone numbers, ID numbers, addresses, receipt codes",
                        "the deputies' contact data", "drafts (a suggestion must be submitted before it is referred)"],
        stages: stages,
        caseStatuses: statuses.map { status in
            BridgeMapping.CaseStatusMapping(
                caseStatus: status, name: status.chineseName,
                comparableStages: status == .overdue ? [.received, .preLitigationSuggestion]
                    : ProcuratorateStage.allCases.filter { comparable[$0] == status })
        })
}()


/// The suggestion → referral table as Markdown, for the OpenAPI document.
func referralFieldTable() -> String {
    "| referral field | suggestion field (intake) | rule |\n|---|---|---|\n"
        + bridgeMapping.referralFields.map { "| \($0.referralField) | \($0.suggestionField) | \($0.rule) |" }.joined(separator: "\n")
        + "\n\nNever referred: " + bridgeMapping.neverReferred.joined(separator: "; ") + "."
}

/// The stage ↔ supervision table as Markdown, for the OpenAPI document.
func stageTable() -> String {
    "| stage | 阶段 | may follow | supervision timeline step | comparable case status | deadline |\n|---|---|---|---|---|---|\n"
        + bridgeMapping.stages.map {
            "| \($0.stage.rawValue) | \($0.name) | \($0.next.map(\.rawValue).joined(separator: ", ")) | \($0.timelineStep) (public) | \($0.comparableCaseStatus.rawValue) \($0.comparableCaseStatusName) | \($0.deadline ?? "") |"
        }.joined(separator: "\n")
        + "\n\nEach stage becomes a public step on the suggestion's lead case in supervision (its board entry and the citizens' receipts); "
        + "the case's own status is not changed. A stage reported before supervision has a case is kept and added when the case is created, in order, once. "
        + "The public note carries the stage, the case number (立案) and the organ (诉前检察建议) and the procuratorate's public note; never its internalNote."
}

/// The mapping endpoint's response schema, with both tables as its description.
func mappingSchema() -> String {
    let schema: [String: Any] = [
        "type": "object",
        "required": ["referralFields", "neverReferred", "stages", "caseStatuses"],
        "description": "## Suggestion → referral\n\n" + referralFieldTable() + "\n\n## Procuratorate stages ↔ supervision\n\n" + stageTable(),
        "properties": [
            "referralFields": ["type": "array", "items": ["type": "object", "required": ["referralField", "suggestionField", "rule"]]],
            "neverReferred": ["type": "array", "items": ["type": "string"]],
            "stages": ["type": "array", "items": ["type": "object", "required": ["stage", "name", "next", "timelineStep", "comparableCaseStatus"]]],
            "caseStatuses": ["type": "array", "items": ["type": "object", "required": ["caseStatus", "name", "comparableStages"]]],
        ],
    ]
    let data = (try? JSONSerialization.data(withJSONObject: schema, options: [.sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
}
