import Contracts
import Foundation
import Hummingbird
import NIOCore
import ServiceKit

/// `GET /api/v1/ledger`: the opinion ledger for deputies and staff. A deputy sees their own
/// station's opinions, street staff their street's, district staff the whole district.
func addLedgerRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment) {
    let database = environment.database
    let ledger = router.group("api/v1/ledger")
        .add(middleware: NoStoreMiddleware())
    ledger.get { request, context in
        let principal = try context.requirePrincipal()
        let query = request.uri.queryParameters
        let limit = try query.get("limit").map { text -> Int in
            guard let number = Int(text), (1...200).contains(number) else { throw Problem.validation(["limit": "须为 1 到 200 之间的整数。"]) }
            return number
        } ?? 50
        let cursor = try query.get("cursor").map { text -> LedgerCursor in
            guard let cursor = LedgerCursor(text) else { throw Problem.validation(["cursor": "分页位置无效，请从第一页重新开始。"]) }
            return cursor
        }
        let filter = try ledgerFilter(request, principal: principal)
        return try jsonResponse(try await ledgerPage(database, district: principal.district, filter: filter, cursor: cursor, limit: limit))
    }
    ledger.get("export") { request, context in
        let principal = try context.requirePrincipal()
        let page = try await ledgerPage(database, district: principal.district, filter: try ledgerFilter(request, principal: principal),
                                        cursor: nil, limit: ledgerExportLimit)
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"ledger.csv\""],
            body: .init(byteBuffer: ByteBuffer(bytes: ledgerCSV(page.items, names: try await ledgerNames(database, district: principal.district)))))
    }
    ledger.get("stats") { request, context in
        let principal = try context.requirePrincipal()
        guard let dimension = request.uri.queryParameters.get("by").flatMap(LedgerDimension.init(rawValue:)) else {
            throw Problem.validation(["by": "须为 street、channel、category 或 month。"])
        }
        let filter = try ledgerFilter(request, principal: principal)
        return try jsonResponse(try await ledgerCounts(database, district: principal.district, filter: filter, by: dimension))
    }
}

/// The filters a request asks for, narrowed to what the caller may see: a deputy their own
/// station, street staff their own street, whatever they asked.
func ledgerFilter(_ request: Request, principal: Principal) throws -> LedgerFilter {
    let query = request.uri.queryParameters
    var filter = LedgerFilter(
        text: query.get("q"), street: query.get("street"), community: query.get("community"),
        station: query.get("station"), deputy: query.get("deputy"), channel: query.get("channel"),
        status: query.get("status"), category: query.get("category"),
        from: try query.get("from").map { try parseDay($0, field: "from") },
        to: try query.get("to").map { try parseDay($0, field: "to").addingTimeInterval(24 * 3600) })
    switch principal.role {
    case .deputy: filter.deputy = principal.subject
    case .streetStaff: filter.street = principal.street
    default: break
    }
    return filter
}

/// `2026-11-27` as the start of that day in China Standard Time.
func parseDay(_ text: String, field: String) throws -> Date {
    let parts = text.split(separator: "-").compactMap { Int($0) }
    var components = DateComponents()
    components.timeZone = TimeZone(identifier: "Asia/Shanghai")
    if parts.count == 3 { (components.year, components.month, components.day) = (parts[0], parts[1], parts[2]) }
    guard parts.count == 3, let date = Calendar(identifier: .gregorian).date(from: components) else {
        throw Problem.validation([field: "日期格式应为 YYYY-MM-DD。"])
    }
    return date
}
