import AsyncHTTPClient
import Contracts
import Hummingbird
import Logging
import NIOCore
import ServiceKit

/// The procuratorateBridge service: owns referrals to the procuratorate, their reported status, procuratorial proposals and the field mapping.
public let procuratorateBridgeService = ServiceDefinition(
    name: .procuratorateBridge,
    migrations: procuratorateBridgeMigrations,
    docs: bridgeEndpointDocs,
    routes: { router, environment in
        let signer = try DocumentSigner.loadOrCreate(
            at: environment.configuration.dataDirectory + "/secrets/bridge-signing-\(environment.suite.rawValue).key", suite: environment.suite)
        addReferralRoutes(to: router, environment: environment, signer: signer)
        addProcuratorateRoutes(to: router, environment: environment)
        addProposalRoutes(to: router, environment: environment)
        try addLetterRoutes(to: router, environment: environment, signer: signer)
        router.get("api/v1/mapping") { _, _ in try jsonResponse(bridgeMapping) }
    }
)

/// Builds the service from its configuration; `main` runs it, tests drive it in process.
public func buildApplication(
    configuration: ServiceConfiguration, httpClient: HTTPClient, logger: Logger,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    try await buildServiceApplication(procuratorateBridgeService, configuration: configuration, httpClient: httpClient, logger: logger, onServerRunning: onServerRunning)
}

let bridgeEndpointDocs: EndpointDocs = [
    "POST /api/v1/procuratorate/proposals": EndpointDoc(
        "A procuratorial suggestion the congress should follow up (organ, issue, field, date, text, urgent): becomes a suggestion draft in intake for deputies to take up; the organ's reply is due in 2 months (15 days urgent).",
        roles: [.procuratorate], request: jsonSchemaText(of: ProposalInput.self), response: jsonSchemaText(of: ProposalView.self), status: 201),
    "GET /api/v1/procuratorate/proposals/{id}": EndpointDoc("A procuratorial suggestion with its linked suggestion draft and reply deadline.", roles: [.procuratorate], response: jsonSchemaText(of: ProposalView.self)),
    "GET /api/v1/fields": EndpointDoc("The statutory public-interest litigation fields with their keywords and statutory basis (data; the list grows).", response: jsonSchemaText(of: [PublicInterestField].self)),
    "GET /api/v1/keys": EndpointDoc("The congress side's public signing key (SM2-with-SM3 under the national suite, ECDSA-P256-SHA256 otherwise), to verify referrals, with its fingerprint (SM3 or SHA-256 of the key's DER, as printed on referral letters).", response: jsonSchemaText(of: [[String: String]].self)),
    "GET /api/v1/referrals/proposals/{suggestion}": EndpointDoc("Fields proposed for a suggestion from its category and keywords in its title and body; staff confirm.",
                                                                roles: [.districtStaff, .councilMember, .admin], response: jsonSchemaText(of: [PublicInterestField].self)),
    "POST /api/v1/referrals": EndpointDoc(
        "Refer a submitted suggestion with its confirmed fields: the bridge reads it from intake, builds the referral without personal data, signs it, and sends the `referred` stage to supervision. The printable letter is GET /referrals/{id}/letter.\n\nMapping of the suggestion to the referral (also GET /api/v1/mapping):\n\n" + referralFieldTable(),
        roles: [.districtStaff, .admin], request: jsonSchemaText(of: ReferralInput.self), response: jsonSchemaText(of: ReferralView.self), status: 201),
    "GET /api/v1/referrals/{id}": EndpointDoc("A referral with its signed document, stage, reports and due dates.", roles: [.districtStaff, .councilMember, .admin], response: jsonSchemaText(of: ReferralView.self)),
    "GET /referrals/{id}/letter": EndpointDoc(
        "《公益诉讼案件线索移送函》: the referral as a printable A4 letter in Chinese (HTML; readable on a phone): number, addressee, title, deputies' names, place, facts, fields with their statutory basis, attachments, date, issuing body, and how to verify the signature (algorithm, key fingerprint, where the key and the signed file are). No personal data of citizens. A referral of another district is 404.",
        roles: [.districtStaff, .councilMember, .admin, .procuratorate]),
    "GET /api/v1/procuratorate/referrals/{id}": EndpointDoc("One referral of the procuratorate's district with its signed document, stage, reports and due dates.", roles: [.procuratorate], response: jsonSchemaText(of: ReferralView.self)),
    "GET /api/v1/mapping": EndpointDoc(
        "The correspondence between suggestion fields and referral fields, and between procuratorate stages and supervision's case states (the description of the response holds both tables).",
        response: mappingSchema()),
    "GET /api/v1/procuratorate/referrals": EndpointDoc("The procuratorate's feed of new and changed referrals of its district (?cursor=, ?limit=).",
                                                       roles: [.procuratorate], query: ["limit", "cursor"], response: jsonSchemaText(of: ReferralFeed.self)),
    "POST /api/v1/procuratorate/referrals/{id}/ack": EndpointDoc("The procuratorate acknowledges a referral.", roles: [.procuratorate], response: jsonSchemaText(of: ReferralView.self)),
    "POST /api/v1/procuratorate/referrals/{id}/reports": EndpointDoc(
        "A stage report: received (受理) → filed (立案, caseNumber) | notFiled (不立案, reason) → preLitigationSuggestion (诉前检察建议: organ, date, urgent) → organReplied → rectified | litigationFiled → closed. Illegal steps are 409; a repeat with the same Idempotency-Key gets the first answer. Filing decision due 10 days after acceptance, the organ's reply 2 months (15 days urgent) after the suggestion; overdue flags on the referral.\n\nProcuratorate stages and supervision states (also GET /api/v1/mapping):\n\n" + stageTable(),
        roles: [.procuratorate], request: jsonSchemaText(of: StageReport.self), response: jsonSchemaText(of: ReferralView.self)),
]
