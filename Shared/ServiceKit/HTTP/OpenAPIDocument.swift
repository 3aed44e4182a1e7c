import Contracts
import Foundation
import Hummingbird

/// What the OpenAPI document says about one endpoint beyond its method and path.
public struct EndpointDoc: Sendable {
    public var summary: String
    /// Roles allowed; empty for a public endpoint.
    public var roles: [Role]
    /// JSON Schema of the request body, as JSON text.
    public var requestSchema: String?
    /// JSON Schema of the success response body, as JSON text.
    public var responseSchema: String?
    public var successStatus: Int
    /// The query parameters it reads (all optional), by name.
    public var queryParameters: [String]

    public init(_ summary: String, roles: [Role] = [], query: [String] = [], request: String? = nil, response: String? = nil, status: Int = 200) {
        self.summary = summary
        self.roles = roles
        self.queryParameters = query
        self.requestSchema = request
        self.responseSchema = response
        self.successStatus = status
    }
}

/// Endpoint docs keyed by `"METHOD /path/{param}"`.
public typealias EndpointDocs = [String: EndpointDoc]

/// OpenAPI 3.1 from the router's real routes: nothing documented that is not served, and a route
/// without docs still appears (tests insist every route has a summary).
func openAPIDocument(service: ServiceName, routes: [Router<ServiceRequestContext>.RouteDescription], docs: EndpointDocs) -> Data {
    var paths: [String: [String: Any]] = [:]
    for route in routes {
        let path = openAPIPath(route.path.description)
        let method = route.method.rawValue.lowercased()
        let doc = docs["\(route.method.rawValue) \(path)"]
        var operation: [String: Any] = [
            "operationId": operationID(method: method, path: path),
            "summary": doc?.summary ?? "\(route.method.rawValue) \(path)",
            "responses": responses(doc),
        ]
        let parameters = pathParameters(path).map {
            ["name": $0, "in": "path", "required": true, "schema": ["type": "string"]] as [String: Any]
        } + (doc?.queryParameters ?? []).map {
            ["name": $0, "in": "query", "required": false, "schema": ["type": "string"]] as [String: Any]
        }
        if !parameters.isEmpty { operation["parameters"] = parameters }
        // Who may call it, as data a client generator or an access test can read: `x-roles` lists
        // the roles (empty: public), which `OperationRoleMiddleware` enforces from the same docs;
        // `x-scope` which records each role reaches, checked on the record itself.
        let roles = doc?.roles ?? []
        operation["x-roles"] = roles.map(\.rawValue)
        if !roles.isEmpty {
            operation["x-scope"] = Dictionary(uniqueKeysWithValues: roles.map { ($0.rawValue, recordScope(of: $0)) })
            operation["security"] = [["bearer": [String]()]]
            operation["description"] = "Roles: " + roles.map(\.rawValue).joined(separator: ", ")
        }
        if let schema = doc?.requestSchema.flatMap(parseJSON) {
            operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": schema]]]
        }
        paths[path, default: [:]][method] = operation
    }
    let document: [String: Any] = [
        "openapi": "3.1.0",
        "info": ["title": "Youyue \(service.rawValue)", "version": youyueVersion,
                 "description": "有约 \(service.rawValue) service"],
        "paths": paths,
        "components": [
            "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT"]],
            "schemas": ["Problem": problemSchema()],
        ],
    ]
    return (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data("{}".utf8)
}

func responses(_ doc: EndpointDoc?) -> [String: Any] {
    var success: [String: Any] = ["description": "Success"]
    if let schema = doc?.responseSchema.flatMap(parseJSON) {
        success["content"] = ["application/json": ["schema": schema]]
    }
    return [
        String(doc?.successStatus ?? 200): success,
        "default": ["description": "A problem (RFC 9457)",
                    "content": ["application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]]],
    ]
}

/// Hummingbird writes parameters as `:name` or `{name}`; OpenAPI wants `{name}`.
func openAPIPath(_ routerPath: String) -> String {
    let path = routerPath.hasPrefix("/") ? routerPath : "/" + routerPath
    return path.split(separator: "/", omittingEmptySubsequences: false).map { part in
        part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
    }.joined(separator: "/")
}

func pathParameters(_ path: String) -> [String] {
    path.split(separator: "/").compactMap { part in
        part.hasPrefix("{") && part.hasSuffix("}") ? String(part.dropFirst().dropLast()) : nil
    }
}

func operationID(method: String, path: String) -> String {
    method + path.split(separator: "/").map { part in
        part.filter { $0.isLetter || $0.isNumber }.capitalized
    }.joined()
}

func parseJSON(_ text: String) -> Any? {
    try? JSONSerialization.jsonObject(with: Data(text.utf8))
}

func problemSchema() -> [String: Any] {
    [
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": [
        "type": ["type": "string"], "title": ["type": "string"], "status": ["type": "integer"],
        "detail": ["type": "string"], "instance": ["type": "string"],
        "errors": ["type": "object", "additionalProperties": ["type": "string"]],
    ],
    ]
}
