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
        roles: [.procuratorate], request: #"{"type":"object","required":["organ","issue","field","date","text"]}"#, status: 201),
    "GET /api/v1/procuratorate/proposals/{id}": EndpointDoc("A procuratorial suggestion with its linked suggestion draft and reply deadline.", roles: [.procuratorate]),
    "GET /api/v1/fields": EndpointDoc("The statutory public-interest litigation fields (data; the list grows)."),
    "GET /api/v1/keys": EndpointDoc("The congress side's public signing key (SM2-with-SM3 under the national suite, ECDSA-P256-SHA256 otherwise), to verify referrals."),
    "GET /api/v1/referrals/proposals/{suggestion}": EndpointDoc("Fields proposed for a suggestion from its category and keywords in its title and body; staff confirm.",
                                                                roles: [.districtStaff, .councilMember, .admin]),
    "POST /api/v1/referrals": EndpointDoc(
        "Refer a submitted suggestion with its confirmed fields: the bridge reads it from intake, builds the referral without personal data, signs it. Mapping: suggestion title → title, body → facts, category/street/place kept, deputies named, fields as confirmed.",
        roles: [.districtStaff, .admin], request: #"{"type":"object","required":["suggestion","fields"]}"#, status: 201),
    "GET /api/v1/referrals/{id}": EndpointDoc("A referral with its signed document, stage, reports and due dates.", roles: [.districtStaff, .councilMember, .admin]),
    "GET /api/v1/procuratorate/referrals": EndpointDoc("The procuratorate's feed of new and changed referrals of its district (?cursor=, ?limit=).",
                                                       roles: [.procuratorate], response: #"{"type":"object","required":["items"]}"#),
    "POST /api/v1/procuratorate/referrals/{id}/ack": EndpointDoc("The procuratorate acknowledges a referral.", roles: [.procuratorate]),
    "POST /api/v1/procuratorate/referrals/{id}/reports": EndpointDoc(
        "A stage report: received (受理) → filed (立案, caseNumber) | notFiled (不立案, reason) → preLitigationSuggestion (诉前检察建议: organ, date, urgent) → organReplied → rectified | litigationFiled → closed. Illegal steps are 409. Each stage shows on the suggestion's timeline in supervision (stage, case number, organ; never internalNote). Filing decision due 10 days after acceptance, the organ's reply 2 months (15 days urgent) after the suggestion; overdue flags on the referral.",
        roles: [.procuratorate], request: #"{"type":"object","required":["stage"]}"#),
]
