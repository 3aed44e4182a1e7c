import AsyncHTTPClient
import Contracts
import Hummingbird
import Logging
import NIOCore
import ServiceKit

/// The supervision service: owns cases, progress, deputy contacts, replies, deadlines, reminders, overdue escalation, key suggestions and the public board.
public let supervisionService = ServiceDefinition(
    name: .supervision,
    migrations: supervisionMigrations,
    docs: supervisionEndpointDocs,
    messageHandlers: { environment in caseHandlers(environment) },
    routes: { router, environment in
        addCaseRoutes(to: router, environment: environment)
        addBoardRoutes(to: router, environment: environment)
        addOversightRoutes(to: router, environment: environment)
        try addBoardPages(to: router, environment: environment)
    },
    background: { environment in [DeadlineScanner(environment: environment)] }
)

/// Builds the service from its configuration; `main` runs it, tests drive it in process.
public func buildApplication(
    configuration: ServiceConfiguration, httpClient: HTTPClient, logger: Logger,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    try await buildServiceApplication(supervisionService, configuration: configuration, httpClient: httpClient, logger: logger, onServerRunning: onServerRunning)
}

let supervisionEndpointDocs: EndpointDocs = [
    "GET /api/v1/cases": EndpointDoc("Cases the caller may see: a unit its own, street staff their street's, deputies those of suggestions they signed (?status=).",
                                     roles: [.unit, .streetStaff, .districtStaff, .councilMember, .deputy, .admin], query: ["status"], response: jsonSchemaText(of: [CaseRecord].self)),
    "GET /api/v1/cases/{id}": EndpointDoc("One case, with the suggestion's text, its steps (events), the logged contacts with the lead deputy, co-units' opinions, promises, and whether a reply needs a logged contact.", roles: [.unit, .streetStaff, .districtStaff, .councilMember, .deputy, .admin], response: jsonSchemaText(of: CaseDetail.self)),
    "POST /api/v1/cases/{id}/accept": EndpointDoc("The unit accepts its assignment.", roles: [.unit], response: jsonSchemaText(of: CaseRecord.self)),
    "POST /api/v1/cases/{id}/progress": EndpointDoc("A progress note (public unless public=false).", roles: [.unit], request: jsonSchemaText(of: ProgressInput.self), response: jsonSchemaText(of: CaseRecord.self)),
    "POST /api/v1/cases/{id}/contacts": EndpointDoc("Log contact with the lead deputy: method, day, summary.", roles: [.unit],
                                                    request: jsonSchemaText(of: ContactInput.self), response: jsonSchemaText(of: CaseRecord.self), status: 201),
    "POST /api/v1/cases/{id}/reply": EndpointDoc("The lead unit replies with result class A/B/C (after logging contact; B needs a promise: what and due); ReplySubmitted goes to evaluation.",
                                                 roles: [.unit], request: jsonSchemaText(of: ReplyInput.self), response: jsonSchemaText(of: CaseRecord.self)),
    "POST /api/v1/cases/{id}/return": EndpointDoc("Return the assignment as outside the unit's remit, within 5 working days; AssignmentReturned goes to routing.",
                                                  roles: [.unit], request: jsonSchemaText(of: ReturnInput.self), response: jsonSchemaText(of: CaseRecord.self)),
    "POST /api/v1/cases/{id}/co-opinion": EndpointDoc("A co-unit's written opinion to the lead unit (due within a month); shown on the lead case.",
                                                      roles: [.unit], request: jsonSchemaText(of: CoOpinionInput.self), response: jsonSchemaText(of: CaseDetail.self)),
    "POST /api/v1/cases/{id}/promises/{promise}/done": EndpointDoc("The unit reports a B-class promise done.", roles: [.unit],
                                                                   request: jsonSchemaText(of: PromiseDoneInput.self), response: jsonSchemaText(of: CaseDetail.self)),
    "POST /api/v1/cases/{id}/urge": EndpointDoc("催办: remind a unit of an open case (shown on the board).", roles: [.streetStaff, .districtStaff, .councilMember, .admin],
                                                request: jsonSchemaText(of: UrgeInput.self), response: jsonSchemaText(of: CaseRecord.self)),
    "GET /api/v1/promises": EndpointDoc("Promises of B-class replies, open ones by default (?open=false for all): the look-back list.",
                                        roles: [.districtStaff, .councilMember, .admin], query: ["open"], response: jsonSchemaText(of: [PromiseRecord].self)),
    "POST /api/v1/meetings": EndpointDoc("Record a supervision meeting (约您共督): day, participants, cases discussed, decisions.",
                                         roles: [.districtStaff, .councilMember, .admin], request: jsonSchemaText(of: MeetingInput.self), response: jsonSchemaText(of: [String: String].self), status: 201),
    "GET /api/v1/meetings": EndpointDoc("Supervision meetings, newest first.", roles: [.districtStaff, .councilMember, .admin], response: jsonSchemaText(of: [MeetingInput].self)),
    "GET /board": EndpointDoc("The public board as a page (zh-CN, for phones): filters, suggestions, the units' record.", query: ["street", "unit", "status", "overdue", "key", "district"]),
    "GET /board/{suggestion}": EndpointDoc("One suggestion's public handling timeline as a page."),
    "GET /api/v1/board": EndpointDoc("The public handling board: every suggestion with units, deadline, status and public timeline (?street, unit, status, overdue, key).", query: ["street", "unit", "status", "overdue", "key", "district"], response: jsonSchemaText(of: [BoardEntry].self)),
    "GET /api/v1/board/units": EndpointDoc("Per unit: lead cases, replied on time, overdue, closed satisfied (满意 or 基本满意), and on time and satisfied (closed without ever going overdue).", response: jsonSchemaText(of: [UnitRecord].self)),
    "GET /api/v1/board/{suggestion}": EndpointDoc("One suggestion on the public board.", response: jsonSchemaText(of: BoardEntry.self)),
    "POST /api/v1/suggestions/{id}/key": EndpointDoc("Mark a suggestion as key (重点建议) with its supervising council member and committee.",
                                                     roles: [.districtStaff, .councilMember, .admin], request: jsonSchemaText(of: KeySuggestionInput.self), response: jsonSchemaText(of: KeySuggestionInput.self)),
]
