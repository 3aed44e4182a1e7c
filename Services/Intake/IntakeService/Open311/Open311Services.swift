import Foundation
import ServiceKit

let open311Specification = "http://wiki.open311.org/GeoReport_v2"

/// `discovery`: where this endpoint lives and what it speaks.
func open311Discovery(baseURL: String) -> Open311Document {
    .object([
        ("changeset", .text("2026-11-27T00:00:00+08:00")),
        ("contact", .text("区人大常委会代表工作室")),
        ("key_service", .text("API keys are issued by the district IT office; without configured keys none is needed.")),
        ("endpoints", .list(container: "endpoints", item: "endpoint", [
            .object([
                ("specification", .text(open311Specification)),
                ("url", .text(baseURL + "/open311/v2")),
                ("changeset", .text("2026-11-27T00:00:00+08:00")),
                ("type", .text("production")),
                ("formats", .list(container: "formats", item: "format", [.text("text/xml"), .text("application/json")])),
            ]),
        ])),
    ])
}

/// The district a request means: `jurisdiction_id` names it; without it, the only one there is.
func open311District(_ db: any SQLExecutor, jurisdiction: String?) async throws -> String {
    let districts = try await db.query("SELECT DISTINCT district FROM stations ORDER BY district").map { try $0.string("district") }
    if let jurisdiction, !jurisdiction.isEmpty {
        guard districts.contains(jurisdiction) else { throw Open311Error(.notFound, "jurisdiction_id \(jurisdiction) was not found") }
        return jurisdiction
    }
    guard districts.count == 1, let only = districts.first else {
        throw Open311Error(.badRequest, districts.isEmpty ? "no jurisdiction is set up yet" : "jurisdiction_id is required: one of \(districts.joined(separator: ", "))")
    }
    return only
}

/// Every category is a service; each takes one optional attribute, the station to send it to.
func open311Services(_ db: any SQLExecutor, district: String) async throws -> Open311Document {
    let rows = try await db.query("SELECT code, name FROM categories WHERE district = \(district) ORDER BY code")
    return .list(container: "services", item: "service", try rows.map { row in
        let name = try row.string("name")
        return .object([
            ("service_code", .text(try row.string("code"))), ("service_name", .text(name)),
            ("description", .text("向人大代表反映\(name)方面的意见和建议")), ("metadata", .flag(true)),
            ("type", .text("realtime")), ("keywords", .text("")), ("group", .text("代表有约")),
        ])
    })
}

/// The service definition: the `station` attribute lists the district's stations. Without it,
/// the station nearest to `lat`/`long` receives the request.
func open311ServiceDefinition(_ db: any SQLExecutor, district: String, code: String) async throws -> Open311Document {
    guard try await categoryExists(db, district: district, code: code) else { throw Open311Error(.notFound, "service_code \(code) was not found") }
    let stations = try await db.query("SELECT code, name FROM stations WHERE district = \(district) ORDER BY code")
    return .object([
        ("service_code", .text(code)),
        ("attributes", .list(container: "attributes", item: "attribute", [
            .object([
                ("variable", .flag(true)), ("code", .text("station")), ("datatype", .text("singlevaluelist")),
                ("required", .flag(false)), ("datatype_description", .text("代表家站室代码；不填则按坐标选最近的站点")),
                ("order", .number(1)), ("description", .text("接收意见的代表家站室")),
                ("values", .list(container: "values", item: "value", try stations.map { row in
                    .object([("key", .text(try row.string("code"))), ("name", .text(try row.string("name")))])
                })),
            ]),
        ])),
    ])
}
