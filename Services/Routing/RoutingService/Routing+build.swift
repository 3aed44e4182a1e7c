import AsyncHTTPClient
import Contracts
import Hummingbird
import Logging
import NIOCore
import ServiceKit

/// The routing service: owns handling units, routing rules, routing decisions, assignment lists, returns and re-routing.
public let routingService = ServiceDefinition(
    name: .routing,
    migrations: routingMigrations,
    docs: routingEndpointDocs,
    messageHandlers: { _ in routingHandlers() },
    routes: { router, environment in
        addReferenceRoutes(to: router, environment: environment)
        addRoutingRoutes(to: router, environment: environment)
        addAssignmentListRoutes(to: router, environment: environment)
    }
)

/// Builds the service from its configuration; `main` runs it, tests drive it in process.
public func buildApplication(
    configuration: ServiceConfiguration, httpClient: HTTPClient, logger: Logger,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    try await buildServiceApplication(routingService, configuration: configuration, httpClient: httpClient, logger: logger, onServerRunning: onServerRunning)
}

let routingEndpointDocs: EndpointDocs = [
    "POST /api/v1/admin/routing-data": EndpointDoc(
        "Load the district file's units and routing rules (idempotent; a changed rule becomes a new version).", roles: [.admin],
        request: jsonSchemaText(of: RoutingDataFile.self), response: jsonSchemaText(of: [String: Int].self)),
    "GET /api/v1/units": EndpointDoc("The district's handling units.", roles: [.streetStaff, .districtStaff, .councilMember, .admin],
                                     response: jsonSchemaText(of: [HandlingUnit].self)),
    "PUT /api/v1/units/{code}": EndpointDoc("Create or rename a unit.", roles: [.admin], request: jsonSchemaText(of: HandlingUnit.self), response: jsonSchemaText(of: HandlingUnit.self)),
    "GET /api/v1/rules": EndpointDoc("Routing rules in force (?history=true: every version).", roles: [.streetStaff, .districtStaff, .councilMember, .admin], query: ["history"], response: jsonSchemaText(of: [RoutingRule].self)),
    "POST /api/v1/rules": EndpointDoc("Add a routing rule: category × street (or *) → tier, lead unit (@streetOffice allowed), co-units, complex.",
                                      roles: [.districtStaff, .admin], request: jsonSchemaText(of: RoutingRule.self), response: jsonSchemaText(of: RoutingRule.self), status: 201),
    "PUT /api/v1/rules/{id}": EndpointDoc("A new version of a rule; the previous version is retired but kept.", roles: [.districtStaff, .admin], request: jsonSchemaText(of: RoutingRule.self), response: jsonSchemaText(of: RoutingRule.self)),
    "GET /api/v1/routings": EndpointDoc("The routing queue (?status=proposed|confirmed|issued|forwarded|municipalAnswered|returned); street staff see their street.",
                                        roles: [.streetStaff, .districtStaff, .councilMember, .admin], query: ["status"], response: jsonSchemaText(of: [RoutingRecord].self)),
    "GET /api/v1/routings/{suggestion}": EndpointDoc("One suggestion's proposal or decision, with the rule that matched and why.",
                                                     roles: [.streetStaff, .districtStaff, .councilMember, .admin], response: jsonSchemaText(of: RoutingRecord.self)),
    "POST /api/v1/routings/{suggestion}/decision": EndpointDoc(
        "Confirm or change the proposal (tier, leadUnit, coUnits, complex). District staff decide district and municipal tiers, a street's staff its street tier. Sends SuggestionRouted to intake.",
        roles: [.streetStaff, .districtStaff, .admin], request: jsonSchemaText(of: RoutingDecisionInput.self), response: jsonSchemaText(of: RoutingRecord.self)),
    "POST /api/v1/routings/{suggestion}/municipal-answer": EndpointDoc("Record the municipal congress's answer to a forwarded suggestion.",
                                                                       roles: [.districtStaff, .admin], request: jsonSchemaText(of: MunicipalAnswerInput.self), response: jsonSchemaText(of: RoutingRecord.self)),
    "POST /api/v1/assignment-lists": EndpointDoc(
        "Issue confirmed suggestions as one list: an assignment per lead and co-unit with its deadline (3 months, 6 when complex), AssignmentIssued to supervision.",
        roles: [.streetStaff, .districtStaff, .admin], request: jsonSchemaText(of: AssignmentListInput.self), response: jsonSchemaText(of: AssignmentListView.self), status: 201),
    "GET /api/v1/assignment-lists/{id}": EndpointDoc("An issued list of the caller's district with its assignments; street staff see only their street's entries.", roles: [.streetStaff, .districtStaff, .councilMember, .admin], response: jsonSchemaText(of: AssignmentListView.self)),
]
