import Contracts
import Foundation
import ServiceKit

/// 公益诉讼线索: what the procuratorate receives, built from the suggestion with citizens' personal
/// data left out, and signed so it can check the sender and that nothing changed.
public struct ReferralDocument: Codable, Sendable, Equatable {
    public var referral: String
    public var district: String
    public var suggestion: String
    public var title: String
    public var facts: String
    public var category: String
    public var street: String
    public var place: String?
    public var leadDeputy: String
    public var coSigners: [String]
    public var fields: [String]
    public var referredAt: Date
    /// The deputies' names and the street's name as intake publishes them (never contact data),
    /// and what goes with the referral; absent from referrals built before they were kept.
    public var leadDeputyName: String?
    public var coSignerNames: [String]?
    public var streetName: String?
    public var attachments: [String]?
}

/// A referral as both sides see it: the signed document and where it stands.
public struct ReferralView: Codable, Sendable, Equatable {
    public var id: String
    public var document: ReferralDocument
    /// The exact signed bytes (UTF-8 JSON), base64, and the signature over them.
    public var signedDocument: String
    public var signature: String
    public var algorithm: String
    public var stage: ProcuratorateStage
    public var caseNumber: String?
    public var organ: String?
    /// Due dates (China Standard Time) and whether they were missed.
    public var filingDecisionDue: String?
    public var filingDecisionOverdue: Bool
    public var organReplyDue: String?
    public var organReplyOverdue: Bool
    public var reports: [Report]

    public struct Report: Codable, Sendable, Equatable {
        public var stage: ProcuratorateStage
        public var detail: String
        public var at: Date
    }
}

/// The filing decision is due within this many days of acceptance (local practice: 10).
let filingDecisionDays = 10

func referralView(_ db: any SQLExecutor, id: String, district: String, today: CivilDay) async throws -> ReferralView? {
    guard let row = try await db.queryFirst("""
        SELECT id, document, signature, algorithm, stage, case_number, organ, received_on, organ_reply_due FROM referrals
        WHERE id = \(id) AND district = \(district)
        """) else { return nil }
    let signed = try row.string("document")
    let stage = ProcuratorateStage(rawValue: try row.string("stage")) ?? .referred
    let filingDue = row.optionalString("received_on").flatMap { CivilDay($0) }.map { $0.adding(days: filingDecisionDays) }
    let replyDue = row.optionalString("organ_reply_due").flatMap { CivilDay($0) }
    let reports = try await db.query("SELECT stage, detail, at FROM referral_reports WHERE referral_id = \(id) ORDER BY position").map {
        ReferralView.Report(stage: ProcuratorateStage(rawValue: try $0.string("stage")) ?? .referred, detail: try $0.string("detail"), at: try $0.date("at"))
    }
    return ReferralView(
        id: id, document: try apiDecoder.decode(ReferralDocument.self, from: Data(signed.utf8)),
        signedDocument: Data(signed.utf8).base64EncodedString(), signature: try row.string("signature"), algorithm: try row.string("algorithm"),
        stage: stage, caseNumber: row.optionalString("case_number"), organ: row.optionalString("organ"),
        filingDecisionDue: filingDue?.description, filingDecisionOverdue: stage == .received && filingDue.map { today > $0 } == true,
        organReplyDue: replyDue?.description, organReplyOverdue: stage == .preLitigationSuggestion && replyDue.map { today > $0 } == true,
        reports: reports)
}

/// What the public board may say about a stage: the stage, the case number, the organ — never
/// the procuratorate's internal notes.
func publicNote(_ report: StageReport) -> String {
    var parts = [report.stage.chineseName]
    if let number = report.caseNumber, report.stage == .filed { parts.append("案号 \(number)") }
    if let organ = report.organ, report.stage == .preLitigationSuggestion { parts.append("发往\(organ)") }
    if let note = report.note, !note.isEmpty { parts.append(note) }
    return maskPersonalData(parts.joined(separator: "，")) + "。"
}
