import Contracts
import Hummingbird

/// The roles of every documented operation, looked up by method and path: the one place a
/// service's role rules are written is its docs table (`EndpointDoc.roles`), which the OpenAPI
/// document shows as `x-roles`, and this is what enforces them. District and scope are checked on
/// the record itself, in the handler, once it is loaded.
struct OperationRoles: Sendable {
    /// Operations without parameters, by `"METHOD /path"`: most calls (and every hot public one)
    /// are found here with one hash lookup.
    private let constant: [String: Set<Role>]
    /// Per method, every documented path as segments (nil for a `{parameter}`), with its roles:
    /// the rest, and paths spelt otherwise than documented (`/outbox/`, `//outbox`), which the
    /// router serves all the same.
    private let operations: [String: [(segments: [String?], roles: Set<Role>)]]

    init(_ docs: EndpointDocs) {
        var operations: [String: [(segments: [String?], roles: Set<Role>)]] = [:]
        constant = docs.filter { !$0.key.contains("{") }.mapValues { Set($0.roles) }
        for (key, doc) in docs {
            guard let space = key.firstIndex(of: " ") else { continue }
            let method = String(key[..<space])
            let segments = key[key.index(after: space)...].split(separator: "/").map { part -> String? in
                part.hasPrefix("{") && part.hasSuffix("}") ? nil : String(part)
            }
            operations[method, default: []].append((segments, Set(doc.roles)))
        }
        // Most specific first: a constant segment wins over a parameter at the first place they
        // differ, as the router itself decides (`/opinions/export` before `/opinions/{id}`).
        self.operations = operations.mapValues { entries in
            entries.sorted { left, right in
                for (a, b) in zip(left.segments, right.segments) where (a == nil) != (b == nil) { return a != nil }
                return false
            }
        }
    }

    /// The roles the operation at `path` allows; nil when it is undocumented, empty when public.
    func roles(method: String, path: Substring) -> Set<Role>? {
        if let roles = constant[method + " " + path] { return roles }
        guard let entries = operations[method] else { return nil }
        let parts = path.split(separator: "/")
        for entry in entries where entry.segments.count == parts.count {
            if zip(entry.segments, parts).allSatisfy({ expected, part in expected.map { $0 == part } ?? true }) {
                return entry.roles
            }
        }
        return nil
    }
}

/// Refuses a documented operation to a caller without one of its roles: 401 without a token, 403
/// with a token of another role. Runs after the token is read, before any handler or body.
struct OperationRoleMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext
    let operations: OperationRoles

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let roles = operations.roles(method: request.method.rawValue, path: Substring(request.uri.path)), !roles.isEmpty else {
            return try await next(request, context)
        }
        let principal = try context.requirePrincipal()
        guard roles.contains(principal.role) else {
            throw Problem.forbidden("此操作需要以下角色之一：\(roles.map(\.rawValue).sorted().joined(separator: ", "))。")
        }
        return try await next(request, context)
    }
}
