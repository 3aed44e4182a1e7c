import Foundation
import ServiceKit

/// Filters of `GET requests` as the spec defines them, plus `page_size`/`page` as most servers add.
struct Open311Query: Sendable {
    var ids: [String] = []
    var serviceCodes: [String] = []
    var start: Date?
    var end: Date?
    var statuses: [String] = []
    var pageSize = 1000
    var page = 1

    init(_ parameters: [String: String], now: Date = Date()) throws {
        func list(_ key: String) -> [String] {
            (parameters[key] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        ids = list("service_request_id")
        serviceCodes = list("service_code")
        statuses = list("status").map { $0.lowercased() }
        if let bad = statuses.first(where: { $0 != "open" && $0 != "closed" }) {
            throw Open311Error(.badRequest, "status \(bad) is not one of open, closed")
        }
        for (key, keyPath) in [("start_date", \Open311Query.start), ("end_date", \Open311Query.end)] {
            guard let text = parameters[key], !text.isEmpty else { continue }
            guard let date = parseW3CTime(text) else { throw Open311Error(.badRequest, "\(key) must be a W3C date-time such as 2026-11-27T09:00:00+08:00") }
            self[keyPath: keyPath] = date
        }
        // The spec's default window: the last 90 days.
        if start == nil && end == nil && ids.isEmpty { start = now.addingTimeInterval(-90 * 24 * 3600) }
        if let text = parameters["page_size"] {
            guard let size = Int(text), (1...1000).contains(size) else { throw Open311Error(.badRequest, "page_size must be 1 to 1000") }
            pageSize = size
        }
        if let text = parameters["page"] {
            guard let number = Int(text), number >= 1 else { throw Open311Error(.badRequest, "page must be 1 or more") }
            page = number
        }
    }
}

/// Statuses after which nothing more will happen to an opinion: closed in Open311's terms.
let closedStatuses = ["closed", "resolvedOnSpot", "explained"]

/// The service requests under a query, newest first; ids alone when the client names them.
func open311Requests(_ db: any SQLExecutor, district: String, query: Open311Query) async throws -> Open311Document {
    var conditions: [SQL] = ["o.district = \(district)"]
    if !query.ids.isEmpty {
        conditions.append("o.id IN (\(joined(query.ids.map { id -> SQL in "\(id)" }, separator: ", ")))")
    } else {
        if !query.serviceCodes.isEmpty { conditions.append("o.category IN (\(joined(query.serviceCodes.map { code -> SQL in "\(code)" }, separator: ", ")))") }
        if let start = query.start { conditions.append("o.created_at >= \(start)") }
        if let end = query.end { conditions.append("o.created_at <= \(end)") }
        let closed = joined(closedStatuses.map { status -> SQL in "\(status)" }, separator: ", ")
        if query.statuses == ["open"] { conditions.append("o.status NOT IN (\(closed))") }
        if query.statuses == ["closed"] { conditions.append("o.status IN (\(closed))") }
    }
    let rows = try await db.query("""
        SELECT o.id, o.status, o.category, c.name AS category_name, o.content, o.place, o.station, o.latitude, o.longitude,
               o.explanation, o.created_at, o.updated_at
        FROM opinions o LEFT JOIN categories c ON c.district = o.district AND c.code = o.category
        WHERE \(joined(conditions, separator: " AND "))
        ORDER BY o.created_at DESC, o.id DESC LIMIT \(query.pageSize) OFFSET \((query.page - 1) * query.pageSize)
        """)
    let notes = try await latestNotes(db, opinions: try rows.map { try $0.string("id") })
    return .list(container: "service_requests", item: "request", try rows.map { row in
        let id = try row.string("id")
        let status = try row.string("status")
        return .object([
            ("service_request_id", .text(id)),
            ("status", .text(closedStatuses.contains(status) ? "closed" : "open")),
            ("status_notes", .publicText(row.optionalString("explanation").map { PublicText($0) } ?? notes[id])),
            ("service_name", .text(row.optionalString("category_name"))),
            ("service_code", .text(try row.string("category"))),
            ("description", .publicText(PublicText(try row.string("content")))),
            ("agency_responsible", .text(nil)),
            ("service_notice", .text(nil)),
            ("requested_datetime", .text(w3cTime(try row.date("created_at")))),
            ("updated_datetime", .text(w3cTime(try row.date("updated_at")))),
            ("expected_datetime", .text(nil)),
            ("address", .publicText(row.optionalString("place").map { PublicText($0) })),
            ("address_id", .text(try row.string("station"))),
            ("zipcode", .text(nil)),
            ("lat", .number(try? row.double("latitude"))),
            ("long", .number(try? row.double("longitude"))),
            ("media_url", .text(nil)),
        ])
    })
}

/// The newest timeline note of each opinion, masked: Open311's `status_notes`.
private func latestNotes(_ db: any SQLExecutor, opinions: [String]) async throws -> [String: PublicText] {
    guard !opinions.isEmpty else { return [:] }
    var notes: [String: PublicText] = [:]
    for row in try await db.query("""
        SELECT opinion_id, note FROM opinion_timeline WHERE opinion_id IN (\(joined(opinions.map { id -> SQL in "\(id)" }, separator: ", ")))
        ORDER BY opinion_id, position
        """) {
        notes[try row.string("opinion_id")] = PublicText(try row.string("note"))
    }
    return notes
}
