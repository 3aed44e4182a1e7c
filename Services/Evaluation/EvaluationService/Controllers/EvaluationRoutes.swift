import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// Deputies rate replies; everyone reads the results (`/results`, `/api/v1/results`); performance,
/// selections, statistics and 共享会 responses are added beside them.
func addEvaluationRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment) throws {
    let database = environment.database
    let evaluations = router.group("api/v1/evaluations")

    evaluations.get { _, context in
        let principal = try context.requirePrincipal()
        let mine: SQL = principal.role == .deputy
            ? " AND (s.lead_deputy = \(principal.subject) OR s.co_signers LIKE \("%\"" + principal.subject + "\"%"))" : ""
        let cases = try await database.query("""
            SELECT DISTINCT e.case_id FROM evaluations e JOIN suggestions s ON s.suggestion = e.suggestion
            WHERE e.district = \(principal.district)\(mine) ORDER BY e.case_id
            """).map { try $0.string("case_id") }
        var views: [EvaluationView] = []
        for id in cases { if let view = try await evaluationView(database, caseID: id) { views.append(view) } }
        return try jsonResponse(views)
    }

    evaluations.get("{case}") { _, context in
        let principal = try context.requirePrincipal()
        guard let view = try await evaluationView(database, caseID: try context.parameters.require("case"), district: principal.district),
              let (lead, coSigners) = try await signers(database, suggestion: view.suggestion),
              principal.role != .deputy || principal.subject == lead || coSigners.contains(principal.subject) else {
            throw Problem.notFound("没有找到这件答复的测评。")
        }
        return try jsonResponse(view)
    }

    evaluations.post("{case}/rating") { request, context in
        let principal = try context.requirePrincipal()
        guard principal.role == .deputy else { throw Problem.forbidden("只有领衔和附议这条建议的代表可以测评。") }
        let input = try await request.decode(as: RatingInput.self, context: context)
        return try await rate(input, caseID: try context.parameters.require("case"), by: principal, environment: environment)
    }

    @Sendable func district(_ request: Request) async throws -> String? {
        if let named = request.uri.queryParameters.get("district") { return named }
        let districts = try await database.query("SELECT DISTINCT district FROM suggestions").map { try $0.string("district") }
        return districts.count == 1 ? districts[0] : nil
    }

    router.get("api/v1/results") { request, _ in
        guard let district = try await district(request) else { return try jsonResponse(Results(suggestions: [], units: [])) }
        return try jsonResponse(try await results(database, district: district))
    }

    let pages = try PageRenderer(templates: [
        "results": resultsTemplate, "performance": performanceTemplate, "deputyPerformance": deputyPerformanceTemplate,
        "selections": selectionsTemplate, "shared": sharedTemplate,
    ], home: environment.configuration.citizenHomeURL)
    router.get("results") { request, _ in
        var found = Results(suggestions: [], units: [])
        if let district = try await district(request) { found = try await results(database, district: district) }
        return pages.page("results", resultsPageValues(found))
    }

    let criteria = try loadPerformanceCriteria(configuration: environment.configuration)
    addPerformanceRoutes(to: router, environment: environment, criteria: criteria, pages: pages)
    addSelectionRoutes(to: router, environment: environment, criteria: criteria, pages: pages)
    addStatisticsRoutes(to: router, environment: environment)
    addSharedResponseRoutes(to: router, environment: environment, pages: pages)
}

func resultsPageValues(_ results: Results) -> [String: Any] {
    func counts(_ c: SatisfactionCounts) -> String { "\(c.satisfied)/\(c.basicallySatisfied)/\(c.unsatisfied)" }
    return [
        "suggestions": results.suggestions.map { entry -> [String: Any] in
            ["title": entry.title, "unitName": entry.unitName, "result": entry.result.rawValue, "rehandled": entry.rounds > 1,
             "deputyRating": entry.deputyRating.map(satisfactionName) ?? "待测评", "escalated": entry.escalated,
             "publicSatisfied": entry.publicRatings.satisfied, "publicBasic": entry.publicRatings.basicallySatisfied,
             "publicUnsatisfied": entry.publicRatings.unsatisfied]
        },
        "units": results.units.map { ["unitName": $0.unitName, "deputy": counts($0.deputyRatings), "public": counts($0.publicRatings)] },
    ]
}

func satisfactionName(_ satisfaction: Satisfaction) -> String {
    switch satisfaction {
    case .satisfied: "满意"
    case .basicallySatisfied: "基本满意"
    case .unsatisfied: "不满意"
    }
}
