import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The public board (办理过程网上晒) as JSON, and key-suggestion marking for district staff and
/// council members.
func addBoardRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment) {
    let database = environment.database

    @Sendable func district(_ request: Request) async throws -> String? {
        try await onlyDistrict(database, named: request.uri.queryParameters.get("district"))
    }

    router.get("api/v1/board") { request, _ in
        let query = request.uri.queryParameters
        var filter = BoardFilter(street: query.get("street"), unit: query.get("unit"))
        if let status = query.get("status") {
            guard let parsed = CaseStatus(rawValue: status) else { throw Problem.validation(["status": "未知的办理状态 \(status)。"]) }
            filter.status = parsed
        }
        filter.overdue = query.get("overdue").map { $0 == "true" }
        filter.key = query.get("key").map { $0 == "true" }
        guard let district = try await district(request) else { return try jsonResponse([BoardEntry]()) }
        return try jsonResponse(try await board(database, district: district, filter: filter))
    }
    router.get("api/v1/board/units") { request, _ in
        guard let district = try await district(request) else { return try jsonResponse([UnitRecord]()) }
        return try jsonResponse(try await unitRecords(database, district: district))
    }
    router.get("api/v1/board/{suggestion}") { request, context in
        let id = try context.parameters.require("suggestion")
        guard let district = try await district(request),
              let entry = try await board(database, district: district, filter: BoardFilter(), suggestion: id).first else {
            throw Problem.notFound("没有找到这条建议的办理情况。")
        }
        return try jsonResponse(entry)
    }

    router.group("api/v1/suggestions").post("{id}/key") { request, context in
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let input = try await request.decode(as: KeySuggestionInput.self, context: context)
        var errors: [String: String] = [:]
        if input.supervisor.trimmingCharacters(in: .whitespaces).isEmpty { errors["supervisor"] = "请写明督办的主任会议成员。" }
        if input.committee.trimmingCharacters(in: .whitespaces).isEmpty { errors["committee"] = "请写明牵头的专门委员会。" }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        guard try await database.queryFirst("SELECT 1 AS known FROM cases WHERE suggestion = \(id) AND district = \(principal.district)") != nil else {
            throw Problem.notFound("没有找到已交办的这条建议。")
        }
        return try await commit(database) { db in
            try await db.execute("""
                INSERT INTO key_suggestions (suggestion, district, supervisor, committee, marked_by, marked_at)
                VALUES (\(id), \(principal.district), \(input.supervisor), \(input.committee), \(principal.subject), \(environment.clock.now()))
                ON CONFLICT (suggestion) DO UPDATE SET supervisor = excluded.supervisor, committee = excluded.committee
                """)
            try await environment.audit(db, actor: principal.subject, action: "suggestion.key", entity: "suggestion", entityID: id, summary: input.supervisor)
            return try .json(input)
        }
    }
}

public struct KeySuggestionInput: Codable, Sendable {
    public var supervisor: String
    public var committee: String
    public init(supervisor: String, committee: String) {
        self.supervisor = supervisor
        self.committee = committee
    }
}

/// The board as pages: `/board` with its filters and the units' record, `/board/{suggestion}`.
func addBoardPages(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment) throws {
    let database = environment.database
    let pages = try PageRenderer(templates: ["board": boardTemplate, "boardEntry": boardEntryTemplate], home: environment.configuration.citizenHomeURL)
    let shownStatuses: [CaseStatus] = [.assigned, .accepted, .inProgress, .replied, .rehandling, .closed]

    router.get("board") { request, _ in
        let query = request.uri.queryParameters
        let status = query.get("status").flatMap(CaseStatus.init(rawValue:))
        let filter = BoardFilter(street: query.get("street"), unit: query.get("unit"), status: status,
                                 overdue: query.get("overdue") == "true" ? true : nil, key: query.get("key") == "true" ? true : nil)
        let district = try await onlyDistrict(database, named: query.get("district"))
        var entries: [BoardEntry] = []
        var units: [UnitRecord] = []
        if let district {
            entries = try await board(database, district: district, filter: filter)
            units = try await unitRecords(database, district: district)
        }
        return pages.page("board", [
            "entries": entries.map(boardEntryValues), "count": entries.count,
            "units": units.map { ["unitName": $0.unitName, "cases": $0.cases, "repliedOnTime": $0.repliedOnTime, "overdue": $0.overdue,
                                   "closedSatisfied": $0.closedSatisfied, "onTimeAndSatisfied": $0.onTimeAndSatisfied] },
            "statuses": shownStatuses.map { ["code": $0.rawValue, "name": $0.chineseName, "selected": $0 == status] },
            "overdueOnly": filter.overdue == true, "keyOnly": filter.key == true,
        ])
    }
    router.get("board/{suggestion}") { request, context in
        let id = try context.parameters.require("suggestion")
        guard let district = try await onlyDistrict(database, named: request.uri.queryParameters.get("district")),
              let entry = try await board(database, district: district, filter: BoardFilter(), suggestion: id).first else {
            return pages.message("没有找到这条建议", "这条建议尚未交办，或不予公开。", status: .notFound, back: "/board")
        }
        return pages.page("boardEntry", boardEntryValues(entry))
    }
}

/// The board is public: the district is named, or the only one there is.
func onlyDistrict(_ db: any SQLExecutor, named: String?) async throws -> String? {
    if let named { return named }
    let districts = try await db.query("SELECT DISTINCT district FROM cases").map { try $0.string("district") }
    return districts.count == 1 ? districts[0] : nil
}
