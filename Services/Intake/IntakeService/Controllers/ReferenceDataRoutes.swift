import Contracts
import Hummingbird
import ServiceKit

/// Loading reference data (admin) and the public list of stations with their deputies.
func addReferenceDataRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment) {
    let database = environment.database
    router.group("api/v1/admin").post("reference-data") { request, context in
        let file = try await request.decode(as: ReferenceDataFile.self, context: context)
        try context.requirePrincipal().requireDistrictOrDeployment(file.district.code)
        let problems = referenceProblems(in: file)
        guard problems.isEmpty else { throw Problem.validation(problems, detail: "参考数据中有无法对应的引用。") }
        let actor = try context.requirePrincipal().subject
        return try await commit(database) { db in
            let counts = try await importReferenceData(file, into: db)
            try await environment.audit(db, actor: actor, action: "reference-data.import", entity: "district",
                                        entityID: file.district.code, summary: "\(counts.values.reduce(0, +)) rows")
            return try .json(counts)
        }
    }
    router.get("api/v1/stations") { request, _ in
        try jsonResponse(try await publicStations(database, street: request.uri.queryParameters.get("street")))
    }
    router.get("api/v1/deputies") { request, _ in
        let codes = Array(Set(request.uri.queryParameters.getAll("code").map { String($0) })).sorted()
        guard codes.count <= maximumDeputyLookup else {
            throw Problem.validation(["code": "一次最多查询 \(maximumDeputyLookup) 位代表。"])
        }
        return try jsonResponse(try await publicDeputies(database, codes: codes))
    }
    router.get("api/v1/stations/{code}") { _, context in
        let code = try context.parameters.require("code")
        guard let station = try await publicStation(database, code: code) else { throw Problem.notFound("没有代码为 \(code) 的站点。") }
        return try jsonResponse(station)
    }
}

/// Bounds one lookup: a suggestion names its lead deputy and a handful of co-signers.
public let maximumDeputyLookup = 100
