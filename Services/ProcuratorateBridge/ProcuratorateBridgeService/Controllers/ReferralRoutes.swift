import AsyncHTTPClient
import Contracts
import Foundation
import Hummingbird
import NIOCore
import ServiceKit

/// District staff refer suggestions to the procuratorate: fields proposed from the text and
/// confirmed, the suggestion read from intake, the referral built without personal data and signed.
func addReferralRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment, signer: DocumentSigner) {
    let database = environment.database

    router.get("api/v1/fields") { _, _ in try jsonResponse(publicInterestFields) }
    router.get("api/v1/keys") { _, _ in
        try jsonResponse([["holder": "congress", "algorithm": signer.algorithm, "publicKey": Data(signer.publicKey).base64EncodedString(),
                           "fingerprintAlgorithm": environment.suite == .national ? "SM3" : "SHA-256",
                           "fingerprint": grouped(hexString(environment.suite.digest(signer.publicKey)))]])
    }

    let staff = router.group("api/v1/referrals")
    staff.get("proposals/{suggestion}") { _, context in
        let suggestion = try await referableSuggestion(try context.parameters.require("suggestion"), for: try context.requirePrincipal(),
                                                       environment: environment)
        return try jsonResponse(proposeFields(category: suggestion.category, title: suggestion.title, body: suggestion.body))
    }

    staff.post { request, context in
        let principal = try context.requirePrincipal()
        guard principal.role != .councilMember else { throw Problem.forbidden("移送由区人大常委会工作人员办理。") }
        let input = try await request.decode(as: ReferralInput.self, context: context)
        let suggestion = try await referableSuggestion(input.suggestion, for: principal, environment: environment)
        let known = Set(publicInterestFields.map(\.code))
        let fields = Array(Set(input.fields)).sorted()
        guard !fields.isEmpty, fields.allSatisfy(known.contains) else {
            throw Problem.validation(["fields": "请确认至少一个法定公益诉讼领域（见 /api/v1/fields）。"])
        }
        guard suggestion.status != "draft" else { throw Problem.conflict("suggestion-draft", "建议尚未提交，不能移送。") }
        let id = makeID(prefix: "ref")
        let now = environment.clock.now()
        let coSigners = suggestion.signers.filter { $0.role == "cosigner" }.map(\.deputy)
        let directory = try await IntakeDirectory.lookUp(deputies: [suggestion.leadDeputy] + coSigners, street: suggestion.street, environment: environment)
        let title = maskPersonalData(suggestion.title)
        var attachments = ["《\(title)》代表建议文本（领衔代表及附议代表签名）"]
        if let opinions = suggestion.opinions, !opinions.isEmpty {
            attachments.append("建议所依据的群众意见 \(opinions.count) 条的登记情况（反映人姓名、联系方式等个人信息依法不予移送）")
        }
        attachments.append("本函电子数据文件及其数字签名")
        let document = ReferralDocument(
            referral: id, district: principal.district, suggestion: suggestion.id, title: title,
            facts: maskPersonalData(suggestion.body), category: suggestion.category, street: suggestion.street,
            place: suggestion.place.map(maskPersonalData), leadDeputy: suggestion.leadDeputy,
            coSigners: coSigners, fields: fields, referredAt: now,
            leadDeputyName: directory.name(suggestion.leadDeputy), coSignerNames: coSigners.map(directory.name),
            streetName: directory.streetName, attachments: attachments)
        let signed = try apiEncoder.encode(document)
        let signature = try signer.sign(Array(signed))
        let message = try OutgoingMessage(
            .procuratorateProgress, to: [.supervision], district: principal.district, entity: id,
            body: ProcuratorateProgressBody(referral: id, suggestion: suggestion.id, stage: ProcuratorateStage.referred.rawValue,
                                            publicNote: "已作为公益诉讼线索移送区人民检察院（\(fields.compactMap { code in publicInterestFields.first { $0.code == code }?.name }.joined(separator: "、"))）。", at: now))
        defer { environment.outboxWakeup.signal() }
        return try await commit(database) { db in
            let inserted = try await db.query("""
                INSERT INTO referrals (id, district, suggestion, fields, document, signature, algorithm, stage, created_by, created_at, updated_at)
                VALUES (\(id), \(principal.district), \(suggestion.id), \(fields.joined(separator: ",")), \(String(decoding: signed, as: UTF8.self)),
                        \(Data(signature).base64EncodedString()), \(signer.algorithm), 'referred', \(principal.subject), \(now), \(now))
                ON CONFLICT (district, suggestion) DO NOTHING RETURNING id
                """)
            guard !inserted.isEmpty else { throw Problem.conflict("already-referred", "这条建议已经移送过检察院。") }
            try await enqueue(message, db, at: now)
            try await environment.audit(db, actor: principal.subject, action: "referral.create", entity: "referral", entityID: id, summary: suggestion.id)
            return try .json(try await referralView(db, id: id, district: principal.district, today: CivilDay(now)), status: .created)
        }
    }

    staff.get("{id}") { _, context in
        let principal = try context.requirePrincipal()
        guard let view = try await referralView(database, id: try context.parameters.require("id"), district: principal.district,
                                                today: CivilDay(environment.clock.now())) else { throw Problem.notFound("没有这份移送。") }
        return try jsonResponse(view)
    }
}

public struct ReferralInput: Codable, Sendable {
    public var suggestion: String
    public var fields: [String]
    public init(suggestion: String, fields: [String]) {
        self.suggestion = suggestion
        self.fields = fields
    }
}

/// The suggestion as intake has it, read with this service's token.
struct IntakeSuggestion: Decodable {
    struct Signer: Decodable { var deputy: String; var role: String }
    var id: String
    /// Checked before anything is proposed or referred; absent (an older intake) matches no district.
    var district: String?
    var confidential: Bool?
    var title: String
    var body: String
    var category: String
    var street: String
    var place: String?
    var status: String
    var leadDeputy: String
    var signers: [Signer]
    var opinions: [String]?
}

func readSuggestion(_ id: String, environment: ServiceEnvironment) async throws -> IntakeSuggestion {
    guard let intake = environment.configuration.peers[.intake] else { throw Problem.unavailable }
    var request = HTTPClientRequest(url: intake + "/internal/v1/suggestions/" + (id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? id))
    request.headers.add(name: "Authorization", value: "Bearer \(try await environment.serviceToken())")
    let response = try await environment.httpClient.execute(request, timeout: .seconds(10))
    let body = try await response.body.collect(upTo: 1 << 20)
    switch response.status.code {
    case 200: return try apiDecoder.decode(IntakeSuggestion.self, from: Data(buffer: body))
    case 404: throw Problem.notFound("没有找到这条建议。")
    default: throw Problem.unavailable
    }
}
