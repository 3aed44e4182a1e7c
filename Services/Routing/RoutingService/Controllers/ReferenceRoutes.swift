import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// Units and routing rules: loaded from the district file by an admin, units edited by admins,
/// rules edited by district staff (every edit a new version).
func addReferenceRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment) {
    let database = environment.database

    router.group("api/v1/admin").post("routing-data") { request, context in
        let file = try await request.decode(as: RoutingDataFile.self, context: context)
        let problems = routingFileProblems(file)
        guard problems.isEmpty else { throw Problem.validation(problems, detail: "交办数据文件中有重复的规则。") }
        try context.requirePrincipal().requireDistrictOrDeployment(file.district.code)
        let actor = try context.requirePrincipal().subject
        return try await commit(database) { db in
            let counts = try await importRoutingData(file, into: db, by: actor, at: Date())
            try await environment.audit(db, actor: actor, action: "routing-data.import", entity: "district", entityID: file.district.code,
                                        summary: "\(counts["units"] ?? 0) units, \(counts["rulesChanged"] ?? 0) rules changed")
            return try .json(counts)
        }
    }

    let staff = router.group("api/v1")
    staff.get("units") { _, context in
        try jsonResponse(try await units(database, district: try context.requirePrincipal().district))
    }
    staff.get("rules") { request, context in
        let history = request.uri.queryParameters.get("history") == "true"
        return try jsonResponse(try await rules(database, district: try context.requirePrincipal().district, history: history))
    }

    router.group("api/v1/units").put("{code}") { request, context in
        let principal = try context.requirePrincipal()
        var input = try await request.decode(as: HandlingUnit.self, context: context)
        input.code = try context.parameters.require("code")
        let unit = input
        guard !unit.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw Problem.validation(["name": "请填写单位名称。"]) }
        return try await commit(database) { db in
            try await upsertUnit(db, district: principal.district, unit)
            try await environment.audit(db, actor: principal.subject, action: "unit.save", entity: "unit", entityID: unit.code, summary: unit.name)
            return try .json(unit)
        }
    }

    let ruleEditing = router.group("api/v1/rules")
    @Sendable func save(_ request: Request, _ context: ServiceRequestContext, id: String?) async throws -> Response {
        let principal = try context.requirePrincipal()
        var input = try await request.decode(as: RoutingRule.self, context: context)
        input.id = id
        let rule = input
        // Another district's rule is unknown here, whatever the body says.
        if let id, try await database.queryFirst("SELECT 1 AS known FROM routing_rules WHERE id = \(id) AND district = \(principal.district)") == nil {
            throw Problem.notFound("没有这条规则。")
        }
        let errors = try await ruleErrors(database, district: principal.district, rule)
        guard errors.isEmpty else { throw Problem.validation(errors) }
        return try await commit(database) { db in
            let saved = try await saveRule(db, district: principal.district, rule, by: principal.subject, at: Date())
            try await environment.audit(db, actor: principal.subject, action: "rule.save", entity: "rule", entityID: saved.id ?? "",
                                        summary: "version \(saved.version ?? 1)")
            return try .json(saved, status: id == nil ? .created : .ok)
        }
    }
    ruleEditing.post { request, context in try await save(request, context, id: nil) }
    ruleEditing.put("{id}") { request, context in try await save(request, context, id: try context.parameters.require("id")) }
}
