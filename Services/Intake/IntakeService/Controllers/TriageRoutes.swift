import Contracts
import Hummingbird
import ServiceKit

/// Deputies and staff work the ledger: record opinions heard in person, see the most similar open
/// opinions, and triage each one (attach, merge, resolve on the spot, explain).
func addTriageRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment) {
    let database = environment.database
    let opinions = router.group("api/v1/opinions")

    opinions.post("recorded") { request, context in
        let principal = try context.requirePrincipal()
        let recorded = try await request.decode(as: RecordedOpinion.self, context: context)
        guard recordedChannels.contains(recorded.channel) else {
            throw Problem.validation(["channel": "登记渠道须为 reception、visit、research 或 activity。"])
        }
        try await requireMayRecord(database, station: recorded.opinion.station, principal: principal)
        let opinion = try await checkSubmission(recorded.opinion, channel: recorded.channel, recordedBy: principal.subject,
                                                deputy: principal.role == .deputy ? principal.subject : nil, environment: environment)
        defer { environment.outboxWakeup.signal() }
        return try await commit(database) { db in
            try await insertOpinion(db, environment: environment, opinion)
            return try .json(opinion.accepted, status: .created)
        }
    }

    opinions.get("{id}") { _, context in
        let principal = try context.requirePrincipal()
        let opinion = try await accessibleOpinion(database, id: try context.parameters.require("id"), principal: principal)
        return try jsonResponse(try await opinionDetail(database, id: opinion.id))
    }

    router.group("api/v1/workplace").get { _, context in
        try jsonResponse(try await workplace(database, principal: try context.requirePrincipal()))
    }

    opinions.get("{id}/similar") { request, context in
        let principal = try context.requirePrincipal()
        let opinion = try await accessibleOpinion(database, id: try context.parameters.require("id"), principal: principal)
        let limit = request.uri.queryParameters.get("limit").flatMap(Int.init).map { min(max($0, 1), 50) } ?? 10
        return try jsonResponse(try await similarOpenOpinions(database, to: opinion, limit: limit))
    }

    opinions.post("{id}/triage") { request, context in
        let principal = try context.requirePrincipal()
        let opinion = try await accessibleOpinion(database, id: try context.parameters.require("id"), principal: principal)
        let decision = try await request.decode(as: TriageRequest.self, context: context)
        let plan = try await triage(decision, opinion: opinion, by: principal, environment: environment)
        return try await commit(database) { db in
            try await plan.apply(db)
            return try .json(plan.outcome)
        }
    }
}
