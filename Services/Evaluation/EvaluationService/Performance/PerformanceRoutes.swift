import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// 代表履职评价, public: the criteria, the district's records for a period, one deputy's record,
/// and the pages `/performance` and `/performance/{deputy}`.
func addPerformanceRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment, criteria: PerformanceCriteria,
                          pages: PageRenderer) {
    let database = environment.database
    let pageBase = environment.configuration.publicBaseURL

    @Sendable func records(_ request: Request, including: [String] = []) async throws -> (PerformancePeriod, [DeputyPerformance]) {
        let period = try requestedPeriod(request.uri.queryParameters.get("period"), now: environment.clock.now())
        guard let district = try await publicDistrict(database, request.uri.queryParameters.get("district")) else { return (period, []) }
        return (period, try await performanceRecords(database, district: district, period: period, criteria: criteria, including: including, pageBase: pageBase))
    }

    router.get("api/v1/performance/criteria") { _, _ in try jsonResponse(criteria) }

    router.get("api/v1/performance") { request, _ in
        // `?deputies=a,b` (at most 200): just those, with 0 for a deputy without counted work.
        let wanted = (request.uri.queryParameters.get("deputies") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard wanted.count <= 200 else { throw Problem.validation(["deputies": "一次最多查询 200 位代表。"]) }
        let (period, found) = try await records(request, including: wanted)
        let shown = wanted.isEmpty ? found : found.filter { wanted.contains($0.deputy) }
        return try jsonResponse(PerformanceList(
            period: period.text, periodName: period.chineseName, criteriaVersion: criteria.version,
            deputies: shown.map { PerformanceSummary(deputy: $0.deputy, name: $0.name, total: $0.total, rank: $0.rank, page: $0.page) }))
    }

    router.get("api/v1/performance/{deputy}") { request, context in
        let deputy = try context.parameters.require("deputy")
        let (_, found) = try await records(request, including: [deputy])
        guard let record = found.first(where: { $0.deputy == deputy }) else { throw Problem.notFound("没有找到这位代表的履职记录。") }
        return try jsonResponse(record)
    }

    router.get("performance") { request, _ in
        let (period, found) = try await pageRecords(request)
        return pages.page("performance", [
            "periodName": period.chineseName, "period": period.text, "criteriaVersion": criteria.version,
            "criteria": criteria.items.map { ["name": $0.name, "weight": number($0.weight), "cap": number($0.cap)] },
            "deputies": found.map { ["deputy": $0.deputy, "name": $0.name ?? $0.deputy, "total": number($0.total), "rank": $0.rank, "link": "/performance/\(pathSegment($0.deputy))?period=\(period.text)"] },
            "periods": periodChoices(environment.clock.now(), selected: period),
        ])
    }

    router.get("performance/{deputy}") { request, context in
        let deputy = try context.parameters.require("deputy")
        let (period, found) = try await pageRecords(request, including: [deputy])
        guard let record = found.first(where: { $0.deputy == deputy }) else {
            return pages.message("没有找到履职记录", "请从代表履职评价列表中选择代表。", status: .notFound, back: "/performance")
        }
        return pages.page("deputyPerformance", [
            "deputy": record.deputy, "name": record.name ?? record.deputy, "periodName": period.chineseName, "total": number(record.total), "rank": record.rank,
            "criteriaVersion": record.criteriaVersion,
            "items": record.items.map { ["name": $0.name, "count": $0.count, "weight": number($0.weight), "cap": number($0.cap), "points": number($0.points)] },
        ])
    }

    /// Pages answer an unreadable period with the current year instead of an error page.
    @Sendable func pageRecords(_ request: Request, including: [String] = []) async throws -> (PerformancePeriod, [DeputyPerformance]) {
        let now = environment.clock.now()
        let period = PerformancePeriod(request.uri.queryParameters.get("period") ?? "") ?? .currentYear(now)
        guard let district = try await publicDistrict(database, request.uri.queryParameters.get("district")) else { return (period, []) }
        return (period, try await performanceRecords(database, district: district, period: period, criteria: criteria, including: including, pageBase: pageBase))
    }
}

/// `12`, `12.5`: points without a trailing `.0`.
func number(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value).replacingOccurrences(of: #"0$"#, with: "", options: .regularExpression)
}

/// This year, its quarters so far and last year, for the page's period picker.
func periodChoices(_ now: Date, selected: PerformancePeriod) -> [[String: Any]] {
    let current = PerformancePeriod.quarter(of: now)
    var choices = [PerformancePeriod(year: current.year, quarter: nil)]
    choices += (1...(current.quarter ?? 4)).reversed().map { PerformancePeriod(year: current.year, quarter: $0) }
    choices.append(PerformancePeriod(year: current.year - 1, quarter: nil))
    if !choices.contains(selected) { choices.append(selected) }
    return choices.map { ["value": $0.text, "name": $0.chineseName, "selected": $0 == selected] }
}
