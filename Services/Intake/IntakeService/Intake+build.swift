import AsyncHTTPClient
import Contracts
import Hummingbird
import Logging
import NIOCore
import ServiceKit

/// The intake service: owns streets, communities, stations, deputies, activities, opinions (the
/// ledger), suggestion drafts, receipts, station QR codes, the citizen pages and Open311.
public let intakeService = ServiceDefinition(
    name: .intake,
    migrations: intakeMigrations,
    docs: intakeEndpointDocs,
    messageHandlers: { _ in timelineHandlers().merging(proposalHandlers()) { own, _ in own } },
    routes: { router, environment in
        // One budget per client address for the JSON API and the station form together.
        let submissions = RateLimiter(capacity: environment.configuration.submissionsPerMinute, per: 60)
        addReferenceDataRoutes(to: router, environment: environment)
        addQRCodeRoutes(to: router, environment: environment)
        addOpinionRoutes(to: router, environment: environment, limiter: submissions)
        try addPageRoutes(to: router, environment: environment, limiter: submissions)
        addOpen311Routes(to: router, environment: environment, limiter: submissions)
        addLedgerRoutes(to: router, environment: environment)
        addTriageRoutes(to: router, environment: environment)
        addContactRevealRoutes(to: router, environment: environment)
        addProposalRoutes(to: router, environment: environment)
        addSuggestionRoutes(to: router, environment: environment)
        addActivityRoutes(to: router, environment: environment)
    }
)

/// Builds the service from its configuration; `main` runs it, tests drive it in process.
public func buildApplication(
    configuration: ServiceConfiguration, httpClient: HTTPClient, logger: Logger,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    try await buildServiceApplication(intakeService, configuration: configuration, httpClient: httpClient, logger: logger, onServerRunning: onServerRunning)
}

let intakeEndpointDocs: EndpointDocs = [
    "POST /api/v1/admin/reference-data": EndpointDoc(
        "Load streets, communities, stations, deputies and categories (idempotent).", roles: [.admin],
        request: jsonSchemaText(of: ReferenceDataFile.self), response: jsonSchemaText(of: [String: Int].self)),
    "GET /api/v1/stations": EndpointDoc("Public list of stations with their codes (filter: ?street=).", query: ["street"],
                                        response: jsonSchemaText(of: [PublicStation].self)),
    "GET /api/v1/stations/{code}": EndpointDoc("One station with its deputies (name, level, work unit, public contact).", response: jsonSchemaText(of: PublicStation.self)),
    "GET /api/v1/deputies": EndpointDoc("Public details of the deputies named by ?code= (repeatable, at most 100); unknown codes are left out.", query: ["code"],
                                        response: jsonSchemaText(of: [PublicDeputy].self)),
    "GET /s/{code}/qr.svg": EndpointDoc("The station's QR code as SVG, encoding its public page URL."),
    "GET /s/{code}/qr.png": EndpointDoc("The station's QR code as PNG."),
    "POST /api/v1/opinions": EndpointDoc(
        "Submit an opinion (public; send an Idempotency-Key). Answers the receipt code.",
        request: jsonSchemaText(of: OpinionSubmission.self),
        response: jsonSchemaText(of: SubmissionAccepted.self), status: 201),
    "POST /api/v1/opinions/recorded": EndpointDoc(
        "A deputy or staff member records an opinion heard at a reception, visit, research or activity.",
        roles: [.deputy, .streetStaff, .districtStaff, .admin],
        request: jsonSchemaText(of: RecordedOpinion.self),
        response: jsonSchemaText(of: SubmissionAccepted.self), status: 201),
    "GET /api/v1/opinions/{id}": EndpointDoc(
        "One opinion for whoever may triage it (a deputy their station's, street staff their street's, district staff the district's; 404 for others): names, status, masked text and timeline, never the contact or receipt code.",
        roles: [.deputy, .streetStaff, .districtStaff, .admin], response: jsonSchemaText(of: OpinionDetail.self)),
    "GET /api/v1/workplace": EndpointDoc(
        "The stations where the caller may record opinions (a deputy their own, street staff their street's) and the district's categories, with names.",
        roles: [.deputy, .streetStaff, .districtStaff, .admin], response: jsonSchemaText(of: Workplace.self)),
    "GET /api/v1/opinions/{id}/similar": EndpointDoc(
        "The most similar open opinions of the same street and category (Chinese bigram similarity), best first; ?limit=.",
        roles: [.deputy, .streetStaff, .districtStaff, .admin], query: ["limit"], response: jsonSchemaText(of: [SimilarOpinion].self)),
    "POST /api/v1/opinions/{id}/triage": EndpointDoc(
        "Triage a received opinion: attach to a draft suggestion, merge into another opinion's issue, resolve on the spot, or explain why it cannot be handled (shown to the citizen). Audited.",
        roles: [.deputy, .streetStaff, .districtStaff, .admin],
        request: jsonSchemaText(of: TriageRequest.self),
        response: jsonSchemaText(of: TriageOutcome.self)),
    "POST /api/v1/opinions/{id}/contact/reveal": EndpointDoc(
        "Open the citizen's sealed contact for follow-up: a deputy of the opinion's station or staff of its street only (403 for others), with a reason that is audited (never the contact); 20 per person per hour (429 with Retry-After); answered Cache-Control: no-store, and refused with an Idempotency-Key so the answer is never stored.",
        roles: [.deputy, .streetStaff],
        request: jsonSchemaText(of: ContactRevealInput.self),
        response: jsonSchemaText(of: RevealedContact.self)),
    "GET /api/v1/ledger": EndpointDoc(
        "The opinion ledger, newest first: ?q= (Chinese full text by bigrams; an opinion sharing at least half of the query's bigrams is found, those sharing more first), street, community, station, deputy, channel, status, category, from, to (YYYY-MM-DD), limit, cursor. Deputies see their station, street staff their street.",
        roles: [.deputy, .streetStaff, .districtStaff, .councilMember, .admin], query: ["q", "street", "community", "station", "deputy", "channel", "status", "category", "from", "to", "limit", "cursor"], response: jsonSchemaText(of: LedgerPage.self)),
    "GET /api/v1/ledger/export": EndpointDoc(
        "The ledger under the same filters as CSV for Excel (UTF-8 with BOM); never contact details.",
        roles: [.deputy, .streetStaff, .districtStaff, .councilMember, .admin], query: ["q", "street", "community", "station", "deputy", "channel", "status", "category", "from", "to"]),
    "GET /api/v1/ledger/stats": EndpointDoc(
        "Opinion counts ?by=street|channel|category|month (China Standard Time), under the ledger's filters and scopes.",
        roles: [.deputy, .streetStaff, .districtStaff, .councilMember, .admin], query: ["q", "street", "community", "station", "deputy", "channel", "status", "category", "from", "to", "by"], response: jsonSchemaText(of: [LedgerCount].self)),
    "POST /api/v1/suggestions": EndpointDoc(
        "A deputy drafts a suggestion from their station's opinions, naming co-signers.", roles: [.deputy],
        request: jsonSchemaText(of: SuggestionDraftInput.self), response: jsonSchemaText(of: SuggestionView.self), status: 201),
    "GET /api/v1/suggestions": EndpointDoc("The suggestions the calling deputy signed (lead or co-signer) in their district, newest first (at most 100).",
                                           roles: [.deputy], response: jsonSchemaText(of: [SuggestionView].self)),
    "GET /api/v1/suggestions/{id}": EndpointDoc("A suggestion, for its signers.", roles: [.deputy], response: jsonSchemaText(of: SuggestionView.self)),
    "GET /internal/v1/suggestions/{id}": EndpointDoc("A suggestion, for another service (the bridge builds referrals from it).", roles: [.service], response: jsonSchemaText(of: SuggestionView.self)),
    "GET /api/v1/suggestions/proposals": EndpointDoc("Procuratorial suggestions waiting for a deputy to take them up.", roles: [.deputy], response: jsonSchemaText(of: [SuggestionView].self)),
    "POST /api/v1/suggestions/{id}/take-up": EndpointDoc("A deputy takes up a procuratorial suggestion as its lead deputy; it becomes their draft.", roles: [.deputy], response: jsonSchemaText(of: SuggestionView.self)),
    "POST /api/v1/suggestions/{id}/confirm": EndpointDoc("A co-signer confirms.", roles: [.deputy], response: jsonSchemaText(of: SuggestionView.self)),
    "POST /api/v1/suggestions/{id}/submit": EndpointDoc(
        "The lead deputy submits once every co-signer confirmed: SuggestionSubmitted goes to routing and evaluation.", roles: [.deputy], response: jsonSchemaText(of: SuggestionView.self)),
    "POST /api/v1/activities": EndpointDoc(
        "Announce a 代表有约 activity: station, theme (six), mode (three), time, deputies, invited units.",
        roles: [.deputy, .streetStaff, .districtStaff, .admin], request: jsonSchemaText(of: ActivityAnnouncement.self), response: jsonSchemaText(of: [String: String].self), status: 201),
    "POST /api/v1/activities/{id}/outcome": EndpointDoc(
        "Record what an activity achieved: deputies present, opinions collected, issues resolved on the spot.",
        roles: [.deputy, .streetStaff, .districtStaff, .admin], request: jsonSchemaText(of: ActivityOutcome.self), response: jsonSchemaText(of: [String: String].self)),
    "GET /api/v1/activities/totals": EndpointDoc(
        "Activities held, deputy attendances and issues collected, per street (or ?by=theme).", roles: [.deputy, .streetStaff, .districtStaff, .admin], query: ["by"], response: jsonSchemaText(of: [ActivityTotals].self)),
    "GET /api/v1/stations/{code}/activities": EndpointDoc("A station's upcoming activities (public).", response: jsonSchemaText(of: [PublicActivity].self)),
    "GET /": EndpointDoc("The citizens' home page (HTML for phones): receipt lookup, the station directory by street (?q= narrows it by station, street or community name), links to the board, results, performance and 共享会 pages.", query: ["q"]),
    "GET /r": EndpointDoc("The home page's receipt lookup (?code=): 303 to /r/{code}, or 400 with a page when the code is malformed.", query: ["code"]),
    "GET /s/{code}": EndpointDoc("The station page (HTML for phones): deputies, upcoming activities, the opinion form."),
    "POST /s/{code}": EndpointDoc("The station page's form (CSRF-protected); 303 to the thank-you page, or the page again with errors (422)."),
    "GET /s/{code}/thanks": EndpointDoc("The thank-you page with the receipt code (?receipt=).", query: ["receipt"]),
    "GET /s/{code}/poster": EndpointDoc("A printable A4 poster: station name, QR code, deputies."),
    "GET /r/{code}": EndpointDoc("The receipt page (HTML); with Accept: application/json, the same as /api/v1/receipts/{code}."),
    "GET /open311/v2/{file}": EndpointDoc("Open311 GeoReport v2: discovery.json|xml, services.json|xml, requests.json|xml (filters: service_request_id, service_code, start_date, end_date, status, page_size, page; jurisdiction_id).", query: ["jurisdiction_id", "service_request_id", "service_code", "start_date", "end_date", "status", "page_size", "page"]),
    "POST /open311/v2/{file}": EndpointDoc("Open311 GeoReport v2 requests.json|xml (urlencoded form, or multipart/form-data whose media file is ignored): becomes an opinion on the open311 channel; api_key when configured."),
    "GET /open311/v2/services/{file}": EndpointDoc("Open311 service definition: {service_code}.json|xml, with the station attribute.", query: ["jurisdiction_id"]),
    "GET /open311/v2/requests/{file}": EndpointDoc("One Open311 service request: {service_request_id}.json|xml.", query: ["jurisdiction_id"]),
    "POST /api/v1/receipts/{code}/rating": EndpointDoc(
        "A citizen rates the result by receipt code, once, after the unit has replied; answers the receipt.",
        request: jsonSchemaText(of: PublicRatingInput.self), response: jsonSchemaText(of: Receipt.self)),
    "GET /api/v1/receipts/{code}": EndpointDoc("An opinion's status and timeline by receipt code, personal data masked.", response: jsonSchemaText(of: Receipt.self)),
]
