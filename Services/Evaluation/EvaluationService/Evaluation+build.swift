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
                                           response: #"{"type":"array","items":{"type":"object"}}"#),
    "GET /api/v1/evaluations/{case}": EndpointDoc("The latest reply round of a case with its ratings.", roles: [.deputy, .districtStaff, .councilMember, .admin]),
    "POST /api/v1/evaluations/{case}/rating": EndpointDoc(
        "A signer rates the reply (satisfaction, contacted, comment). The lead deputy's rating decides: satisfied or basically satisfied closes the case, the first unsatisfied sends it back for rehandling, a second is escalated. Changeable until the case closes.",
        roles: [.deputy], request: #"{"type":"object","required":["satisfaction","contacted"]}"#),
    "GET /api/v1/results": EndpointDoc("Deputies' and the public's satisfaction per suggestion and per unit (public)."),
    "GET /results": EndpointDoc("The results page (办理结果网上评)."),
]
