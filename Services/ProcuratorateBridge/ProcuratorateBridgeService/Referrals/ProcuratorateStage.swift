import ServiceKit

/// The procuratorate's stages for a lead (RULES-CN.md): 受理 → 立案 or 不立案 → 诉前检察建议 →
/// the organ's reply → 整改到位 or 提起诉讼 → 结案. Supervision's states map onto them on the
/// board: a referral runs beside the suggestion's own handling, each stage a timeline step.
public enum ProcuratorateStage: String, Codable, Sendable, CaseIterable {
    case referred, acknowledged, received, filed, notFiled, preLitigationSuggestion, organReplied, rectified, litigationFiled, closed

    /// What may follow each stage; anything else is a 409.
    var next: Set<ProcuratorateStage> {
        switch self {
        case .referred: [.acknowledged]
        case .acknowledged: [.received]
        case .received: [.filed, .notFiled]
        case .filed: [.preLitigationSuggestion, .litigationFiled, .closed]
        case .notFiled: [.closed]
        case .preLitigationSuggestion: [.organReplied]
        case .organReplied: [.rectified, .litigationFiled]
        case .rectified, .litigationFiled: [.closed]
        case .closed: []
        }
    }

    public var chineseName: String {
        switch self {
        case .referred: "已移送检察院"
        case .acknowledged: "检察院已签收"
        case .received: "检察院已受理"
        case .filed: "检察院已立案"
        case .notFiled: "检察院决定不立案"
        case .preLitigationSuggestion: "检察院已发出诉前检察建议"
        case .organReplied: "行政机关已书面回复检察建议"
        case .rectified: "已整改到位"
        case .litigationFiled: "检察院已提起公益诉讼"
        case .closed: "检察院已结案"
        }
    }
}

/// One report from the procuratorate. Which fields are required depends on the stage.
public struct StageReport: Codable, Sendable {
    public var stage: ProcuratorateStage
    /// 立案: the case number.
    public var caseNumber: String?
    /// 不立案: why.
    public var reason: String?
    /// 诉前检察建议: the organ it went to, the day it was issued, whether harm keeps growing.
    public var organ: String?
    public var date: String?
    public var urgent: Bool?
    /// What the public may read; `internalNote` stays with the bridge.
    public var note: String?
    public var internalNote: String?
}

func reportErrors(_ report: StageReport) -> [String: String] {
    var errors: [String: String] = [:]
    switch report.stage {
    case .filed where (report.caseNumber ?? "").isEmpty: errors["caseNumber"] = "立案须提供案号。"
    case .notFiled where (report.reason ?? "").count < 2: errors["reason"] = "不立案须说明理由。"
    case .preLitigationSuggestion:
        if (report.organ ?? "").isEmpty { errors["organ"] = "须写明检察建议发往的行政机关。" }
        if report.date.flatMap({ CivilDay($0) }) == nil { errors["date"] = "须提供发出日期（YYYY-MM-DD）。" }
    case .referred, .acknowledged: errors["stage"] = "签收请使用 ack 接口。"
    default: break
    }
    if (report.note?.count ?? 0) > 2000 || (report.internalNote?.count ?? 0) > 5000 { errors["note"] = "说明过长。" }
    return errors
}
