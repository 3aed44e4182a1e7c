import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// 约您共享: at a sharing meeting a unit answers a common issue raised in several suggestions; staff
/// publish the response with the suggestions it answers.
public struct SharedResponseInput: Codable, Sendable {
    public var title: String
    /// The common issue, in a sentence or two.
    public var issue: String
    /// Who answered (a unit's or office's name).
    public var responder: String
    public var response: String
    /// The meeting day, `YYYY-MM-DD`.
    public var heldOn: String
    public var suggestions: [String]
}

public struct SharedSuggestion: Codable, Sendable, Equatable {
    public var suggestion: String
    public var title: PublicText
}

/// A published response as everyone reads it, page and API alike: its free text is `PublicText`.
public struct SharedResponse: Codable, Sendable, Equatable {
    public var id: String
    public var title: PublicText
    public var issue: PublicText
    public var responder: PublicText
    public var response: PublicText
    public var heldOn: String
    public var publishedAt: Date
    public var suggestions: [SharedSuggestion]
}

func sharedResponses(_ db: any SQLExecutor, district: String?, id: String? = nil) async throws -> [SharedResponse] {
    var filters: [SQL] = []
    if let district { filters.append("district = \(district)") }
    if let id { filters.append("id = \(id)") }
    let whereClause: SQL = filters.isEmpty ? "" : filters.dropFirst().reduce(" WHERE \(filters[0])") { "\($0) AND \($1)" }
    var found: [SharedResponse] = []
    for row in try await db.query("SELECT * FROM shared_responses\(whereClause) ORDER BY held_on DESC, published_at DESC LIMIT 500") {
        let responseID = try row.string("id")
        let suggestions = try await db.query("""
            SELECT l.suggestion, s.title FROM shared_response_suggestions l LEFT JOIN suggestions s ON s.suggestion = l.suggestion
            WHERE l.response = \(responseID) ORDER BY l.suggestion
            """).map { SharedSuggestion(suggestion: try $0.string("suggestion"), title: PublicText($0.optionalString("title") ?? "")) }
        found.append(SharedResponse(
            id: responseID, title: PublicText(try row.string("title")), issue: PublicText(try row.string("issue")),
            responder: PublicText(try row.string("responder")), response: PublicText(try row.string("response")),
            heldOn: try row.string("held_on"), publishedAt: try row.date("published_at"), suggestions: suggestions))
    }
    return found
}

func addSharedResponseRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment, pages: PageRenderer) {
    let database = environment.database

    router.post("api/v1/shared-responses") { request, context in
        let principal = try context.requirePrincipal()
        guard [.districtStaff, .streetStaff, .admin].contains(principal.role) else {
            throw Problem.forbidden("共享会答复由人大工作人员发布。")
        }
        let input = try await request.decode(as: SharedResponseInput.self, context: context)
        var errors: [String: String] = [:]
        if clean(input.title).isEmpty || input.title.count > 200 { errors["title"] = "请填写标题（200 字以内）。" }
        if clean(input.issue).isEmpty || input.issue.count > 2000 { errors["issue"] = "请说明共性问题（2000 字以内）。" }
        if clean(input.responder).isEmpty || input.responder.count > 200 { errors["responder"] = "请填写答复单位。" }
        if clean(input.response).isEmpty || input.response.count > 20_000 { errors["response"] = "请填写答复内容（20000 字以内）。" }
        if CivilDay(input.heldOn) == nil { errors["heldOn"] = "日期格式应为 YYYY-MM-DD。" }
        let suggestions = Array(Set(input.suggestions.map(clean).filter { !$0.isEmpty })).sorted()
        if suggestions.isEmpty || suggestions.count > 200 {
            errors["suggestions"] = "请列出这次答复回应的代表建议（1 到 200 件）。"
        } else {
            var unknown: [String] = []
            for suggestion in suggestions {
                let known = try await database.queryFirst(
                    "SELECT 1 AS known FROM suggestions WHERE suggestion = \(suggestion) AND district = \(principal.district)")
                if known == nil { unknown.append(suggestion) }
            }
            if !unknown.isEmpty { errors["suggestions"] = "没有这些代表建议：\(unknown.joined(separator: "、"))。" }
        }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        let id = makeID(prefix: "shr"), now = environment.clock.now()
        return try await commit(database) { db in
            try await db.execute("""
                INSERT INTO shared_responses (id, district, title, issue, responder, response, held_on, published_by, published_at)
                VALUES (\(id), \(principal.district), \(clean(input.title)), \(clean(input.issue)), \(clean(input.responder)),
                        \(clean(input.response)), \(input.heldOn), \(principal.subject), \(now))
                """)
            for suggestion in suggestions {
                try await db.execute("INSERT INTO shared_response_suggestions (response, suggestion) VALUES (\(id), \(suggestion))")
            }
            try await environment.audit(db, actor: principal.subject, action: "shared.publish", entity: "sharedResponse", entityID: id,
                                        summary: suggestions.joined(separator: ","))
            return try .json(try await sharedResponses(db, district: principal.district, id: id)[0], status: .created)
        }
    }

    router.get("api/v1/shared-responses") { request, _ in
        try jsonResponse(try await sharedResponses(database, district: request.uri.queryParameters.get("district")))
    }

    router.get("api/v1/shared-responses/{id}") { _, context in
        guard let found = try await sharedResponses(database, district: nil, id: try context.parameters.require("id")).first else {
            throw Problem.notFound("没有找到这次共享会答复。")
        }
        return try jsonResponse(found)
    }

    router.get("shared") { request, _ in
        let found = try await sharedResponses(database, district: request.uri.queryParameters.get("district"))
        return pages.page("shared", ["responses": found.map(sharedPageValues)])
    }

    router.get("shared/{id}") { _, context in
        guard let found = try await sharedResponses(database, district: nil, id: try context.parameters.require("id")).first else {
            return pages.message("没有找到这次共享会答复", "请返回列表查看。", status: .notFound, back: "/shared")
        }
        return pages.page("shared", ["responses": [sharedPageValues(found)]])
    }
}

func sharedPageValues(_ response: SharedResponse) -> [String: Any] {
    [
        "id": response.id, "title": response.title.text, "issue": response.issue.text, "responder": response.responder.text,
        "response": response.response.text, "heldOn": CivilDay(response.heldOn).map { "\($0.year)年\($0.month)月\($0.day)日" } ?? response.heldOn,
        "suggestions": response.suggestions.map { ["title": $0.title.isEmpty ? $0.suggestion : $0.title.text] },
    ]
}

private func clean(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
