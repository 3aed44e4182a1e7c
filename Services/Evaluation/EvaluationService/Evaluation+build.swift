import AsyncHTTPClient
import Contracts
import Hummingbird
import Logging
import NIOCore
import ServiceKit

/// The evaluation service: owns deputy evaluations, re-handling decisions, public ratings, deputy performance, selections and statistics.
public let evaluationService = ServiceDefinition(
    name: .evaluation,
    migrations: evaluationMigrations,
    docs: evaluationEndpointDocs,
    messageHandlers: { _ in ratingHandlers() },
    routes: { router, environment in
        try addEvaluationRoutes(to: router, environment: environment)
    }
)

/// Builds the service from its configuration; `main` runs it, tests drive it in process.
public func buildApplication(
    configuration: ServiceConfiguration, httpClient: HTTPClient, logger: Logger,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    try await buildServiceApplication(evaluationService, configuration: configuration, httpClient: httpClient, logger: logger, onServerRunning: onServerRunning)
}

let evaluationEndpointDocs: EndpointDocs = [
    "GET /api/v1/evaluations": EndpointDoc("Replies to rate: a deputy sees those of suggestions they signed.", roles: [.deputy, .districtStaff, .councilMember, .admin],
                                           response: jsonSchemaText(of: [EvaluationView].self)),
    "GET /api/v1/evaluations/{case}": EndpointDoc("The latest reply round of a case with its ratings.", roles: [.deputy, .districtStaff, .councilMember, .admin], response: jsonSchemaText(of: EvaluationView.self)),
    "POST /api/v1/evaluations/{case}/rating": EndpointDoc(
        "A signer rates the reply (satisfaction, contacted, comment). The lead deputy's rating decides: satisfied or basically satisfied closes the case, the first unsatisfied sends it back for rehandling, a second is escalated. Changeable until the case closes.",
        roles: [.deputy], request: jsonSchemaText(of: RatingInput.self), response: jsonSchemaText(of: EvaluationView.self)),
    "GET /api/v1/results": EndpointDoc("Deputies' and the public's satisfaction per suggestion and per unit (public).", query: ["district"], response: jsonSchemaText(of: Results.self)),
    "GET /results": EndpointDoc("The results page (办理结果网上评).", query: ["district"]),
    "GET /api/v1/performance/criteria": EndpointDoc(
        "代表履职评价 criteria as data: items (key, name, source counted, weight, cap). Built in, or the JSON file named by YOUYUE_PERFORMANCE_CRITERIA_FILE (else performance-criteria.json in the data folder) (public).",
        response: jsonSchemaText(of: PerformanceCriteria.self)),
    "GET /api/v1/performance": EndpointDoc(
        "Deputies' performance scores for ?period=2026 or 2026Q3 (default: this year), best first: deputy id, total, rank and page link only. ?deputies=a,b limits to those (0 for a deputy without counted work) (public).", query: ["period", "district", "deputies"],
        response: jsonSchemaText(of: PerformanceList.self)),
    "GET /api/v1/performance/{deputy}": EndpointDoc(
        "One deputy's record for ?period=: each item with its count, weight, cap and points, the total and rank (public).", query: ["period", "district"],
        response: jsonSchemaText(of: DeputyPerformance.self)),
    "GET /performance": EndpointDoc("The performance page (代表履职评价) with a period picker.", query: ["period", "district"]),
    "GET /performance/{deputy}": EndpointDoc("One deputy's performance page, item by item.", query: ["period", "district"]),
    "POST /api/v1/selections": EndpointDoc(
        "District staff create a selection round (优秀建议 / 优秀代表评选): kind excellentSuggestion | excellentDeputy, title, period, members (the principal subjects who vote), picks per member, awards (default picks). Starts in draft.",
        roles: [.districtStaff, .admin], request: jsonSchemaText(of: SelectionInput.self), response: jsonSchemaText(of: SelectionRound.self), status: 201),
    "GET /api/v1/selections": EndpointDoc("Staff and council members: every round of the district with its tally; anyone else: the published results.", query: ["district"], response: jsonSchemaText(of: [SelectionRound].self)),
    "GET /api/v1/selections/{id}": EndpointDoc("A round with its candidates (and tally for staff; a member's own votes for a member).",
                                               roles: [.districtStaff, .councilMember, .admin, .deputy], response: jsonSchemaText(of: SelectionRound.self)),
    "POST /api/v1/selections/{id}/candidates": EndpointDoc(
        "Staff nominate a candidate while the round is in draft: a suggestion id known to evaluation or a deputy with a record; 422 otherwise, 409 after voting opened.",
        roles: [.districtStaff, .admin], request: jsonSchemaText(of: NominationInput.self), response: jsonSchemaText(of: SelectionRound.self), status: 201),
    "POST /api/v1/selections/{id}/candidates/proposed": EndpointDoc(
        "Candidates proposed from the records for the round's period: the top deputies by performance, or the suggestions whose case closed satisfied (limit, default 10).",
        roles: [.districtStaff, .admin], request: jsonSchemaText(of: ProposalInput.self), response: jsonSchemaText(of: SelectionRound.self), status: 201),
    "POST /api/v1/selections/{id}/open": EndpointDoc("Opens voting (draft → open); 409 from any other state.", roles: [.districtStaff, .admin], response: jsonSchemaText(of: SelectionRound.self)),
    "POST /api/v1/selections/{id}/close": EndpointDoc("Closes voting (open → closed); 409 from any other state.", roles: [.districtStaff, .admin], response: jsonSchemaText(of: SelectionRound.self)),
    "POST /api/v1/selections/{id}/publish": EndpointDoc("Publishes the tally (closed → published); 409 from any other state.", roles: [.districtStaff, .admin], response: jsonSchemaText(of: SelectionRound.self)),
    "POST /api/v1/selections/{id}/votes": EndpointDoc(
        "A member named for the round votes for candidates, once per candidate, up to the round's picks: 403 for anyone not named, 409 outside voting, for a repeated vote or beyond the picks.",
        roles: [.deputy, .councilMember, .districtStaff, .streetStaff], request: jsonSchemaText(of: VoteInput.self), response: jsonSchemaText(of: SelectionRound.self)),
    "GET /api/v1/selections/{id}/tally": EndpointDoc("The running tally: votes per candidate, voters, the selected places.", roles: [.districtStaff, .councilMember, .admin], response: jsonSchemaText(of: SelectionResult.self)),
    "GET /api/v1/selections/{id}/results": EndpointDoc("A published round's result: candidates with votes and who was selected (public; 404 until published).", response: jsonSchemaText(of: SelectionResult.self)),
    "GET /selections": EndpointDoc("The published selection results page.", query: ["district"]),
    "GET /selections/{id}": EndpointDoc("One published selection's results page."),
    "GET /api/v1/statistics": EndpointDoc(
        "Deputy and public satisfaction counts and rates (satisfied + basically satisfied over all) by=unit|street|category|quarter; with by=unit also the on-time-and-satisfied table (public).", query: ["by", "district"],
        response: jsonSchemaText(of: Statistics.self)),
    "GET /api/v1/statistics/on-time": EndpointDoc(
        "Per unit: cases, on time (every reply round by its due day), late, unknown (due day not known), satisfied, on time and satisfied, rate (public; feeds the board's unit table).", query: ["district"],
        response: jsonSchemaText(of: [OnTimeRow].self)),
    "POST /api/v1/shared-responses": EndpointDoc(
        "Staff publish a 共享会 (约您共享) response to a common issue with the suggestions it answers (each must be known to evaluation; 422 otherwise).",
        roles: [.districtStaff, .streetStaff, .admin], request: jsonSchemaText(of: SharedResponseInput.self), response: jsonSchemaText(of: SharedResponse.self), status: 201),
    "GET /api/v1/shared-responses": EndpointDoc("Published 共享会 responses with the suggestions they answer (public).", query: ["district"], response: jsonSchemaText(of: [SharedResponse].self)),
    "GET /api/v1/shared-responses/{id}": EndpointDoc("One 共享会 response (public).", response: jsonSchemaText(of: SharedResponse.self)),
    "GET /shared": EndpointDoc("The 约您共享 page: responses to common issues.", query: ["district"]),
    "GET /shared/{id}": EndpointDoc("One 共享会 response's page."),
]
