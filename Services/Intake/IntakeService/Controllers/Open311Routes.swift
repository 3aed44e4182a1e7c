import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// Open311 GeoReport v2 under `/open311/v2/`, so that existing civic apps can file and follow
/// requests unchanged: the categories are the services, a request becomes an opinion on the
/// `open311` channel, and its status is open or closed with notes from the receipt timeline.
func addOpen311Routes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment, limiter: RateLimiter) {
    let database = environment.database
    let proxies = environment.configuration.trustedProxies
    let baseURL = environment.configuration.publicBaseURL
    let apiKeys = environment.configuration.open311APIKeys

    /// Resolves the format from the path and answers every failure in the spec's error shape.
    @Sendable func answer(_ file: String, _ body: (Open311Format) async throws -> Response) async throws -> Response {
        guard let (_, format) = open311Resource(file) else {
            return open311Response(Open311Error(.notFound, "unknown format: use .json or .xml").document, format: .json, status: .notFound)
        }
        do {
            return try await body(format)
        } catch let error as Open311Error {
            return open311Response(error.document, format: format, status: error.status)
        } catch let limited as RateLimited {
            var response = open311Response(Open311Error(.tooManyRequests, "too many requests: retry after \(limited.retryAfterSeconds) seconds").document,
                                           format: format, status: .tooManyRequests)
            response.headers[.retryAfter] = String(limited.retryAfterSeconds)
            return response
        } catch let tooLarge as any HTTPResponseError where tooLarge.status == .contentTooLarge {
            return open311Response(Open311Error(.contentTooLarge, "请求体过大 (request body too large)").document, format: format, status: .contentTooLarge)
        } catch let problem as Problem where problem.status == 422 {
            let described = (problem.errors ?? [:]).sorted { $0.key < $1.key }.map { "\(open311Field($0.key)): \($0.value)" }
            return open311Response(Open311Error(.badRequest, descriptions: described.isEmpty ? [problem.detail ?? problem.title] : described).document,
                                   format: format, status: .badRequest)
        }
    }

    router.get("open311/v2/{file}") { request, context in
        let file = try context.parameters.require("file")
        return try await answer(file) { format in
            let query = request.uri.queryParameters
            switch open311Resource(file)?.name {
            case "discovery":
                return open311Response(open311Discovery(baseURL: baseURL), format: format, root: "discovery")
            case "services":
                let district = try await open311District(database, jurisdiction: query.get("jurisdiction_id"))
                return open311Response(try await open311Services(database, district: district), format: format)
            case "requests":
                let district = try await open311District(database, jurisdiction: query.get("jurisdiction_id"))
                let parameters = Dictionary(query.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { first, _ in first })
                return open311Response(try await open311Requests(database, district: district, query: try Open311Query(parameters)), format: format)
            default:
                throw Open311Error(.notFound, "no such resource: \(file)")
            }
        }
    }

    router.get("open311/v2/services/{file}") { request, context in
        let file = try context.parameters.require("file")
        return try await answer(file) { format in
            let district = try await open311District(database, jurisdiction: request.uri.queryParameters.get("jurisdiction_id"))
            let code = open311Resource(file)?.name ?? ""
            return open311Response(try await open311ServiceDefinition(database, district: district, code: code), format: format, root: "service_definition")
        }
    }

    router.get("open311/v2/requests/{file}") { request, context in
        let file = try context.parameters.require("file")
        return try await answer(file) { format in
            let district = try await open311District(database, jurisdiction: request.uri.queryParameters.get("jurisdiction_id"))
            let id = open311Resource(file)?.name ?? ""
            let found = try await open311Requests(database, district: district, query: try Open311Query(["service_request_id": id]))
            guard case .list(_, _, let items) = found, !items.isEmpty else { throw Open311Error(.notFound, "service_request_id \(id) was not found") }
            return open311Response(found, format: format)
        }
    }

    router.post("open311/v2/{file}") { request, context in
        let file = try context.parameters.require("file")
        return try await answer(file) { format in
            guard open311Resource(file)?.name == "requests" else { throw Open311Error(.notFound, "no such resource: \(file)") }
            // The spec posts a form; the query string is accepted too, as some clients send it there.
            var fields = try await open311PostedFields(request)
            for (key, value) in request.uri.queryParameters where fields[String(key)] == nil { fields[String(key)] = String(value) }
            if !apiKeys.isEmpty {
                guard let key = fields["api_key"], apiKeys.contains(key) else {
                    throw Open311Error(.forbidden, "Invalid api_key received -- can't proceed with create_request.")
                }
            }
            try limiter.take(for: context.clientAddress(of: request, trusting: proxies) ?? "unknown")
            let district = try await open311District(database, jurisdiction: fields["jurisdiction_id"])
            let submission = try await open311Submission(fields, district: district, db: database)
            let accepted = try await submitOpinion(submission, channel: .open311, recordedBy: "open311", environment: environment)
            return open311Response(.list(container: "service_requests", item: "request", [
                .object([
                    ("service_request_id", .text(accepted.id)),
                    ("service_notice", .text("已受理。回执码 \(accepted.receiptCode)，可在 \(accepted.receiptURL) 查看办理进度。")),
                    ("account_id", .text(nil)),
                ]),
            ]), format: format)
        }
    }
}

/// Our field names in the words an Open311 client sent them.
private func open311Field(_ field: String) -> String {
    switch field {
    case "content": "description"
    case "place": "address_string"
    case "latitude", "longitude": "lat/long"
    case "contact", "contactConsent", "anonymous": "phone/email"
    case "category": "service_code"
    case "station": "attribute[station]"
    default: field
    }
}
