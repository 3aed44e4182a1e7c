import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// Satisfaction by unit, street, category or quarter, and the per-unit on-time-and-satisfied
/// table the public board shows (public: counts only).
func addStatisticsRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment) {
    let database = environment.database

    router.get("api/v1/statistics") { request, _ in
        let text = request.uri.queryParameters.get("by") ?? "unit"
        guard let dimension = StatisticsDimension(rawValue: text) else {
            throw Problem.validation(["by": "统计维度应为 unit、street、category 或 quarter。"])
        }
        guard let district = try await publicDistrict(database, request.uri.queryParameters.get("district")) else {
            return try jsonResponse(Statistics(by: dimension, groups: [], onTime: dimension == .unit ? [] : nil))
        }
        return try jsonResponse(try await statistics(database, district: district, by: dimension))
    }

    router.get("api/v1/statistics/on-time") { request, _ in
        guard let district = try await publicDistrict(database, request.uri.queryParameters.get("district")) else {
            return try jsonResponse([OnTimeRow]())
        }
        return try jsonResponse(try await onTimeTable(database, district: district))
    }
}
