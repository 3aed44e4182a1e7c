import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// For district staff and council members: the open promises of B-class replies for look-back
/// reviews (回头看), and supervision meetings (约您共督).
func addOversightRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment) {
    let database = environment.database
    let oversight = router.group("api/v1")

    oversight.get("promises") { request, context in
        let principal = try context.requirePrincipal()
        let openOnly: SQL = request.uri.queryParameters.get("open") == "false" ? "" : " AND done_at IS NULL"
        let promises = try await database.query("""
            SELECT id, case_id, suggestion, unit, what, due, done_at, done_note FROM promises
            WHERE district = \(principal.district)\(openOnly) ORDER BY due, id
            """).map(promiseRecord)
        return try jsonResponse(promises)
    }

    oversight.post("meetings") { request, context in
        let principal = try context.requirePrincipal()
        let input = try await request.decode(as: MeetingInput.self, context: context)
        var errors = textError(input.decisions, field: "decisions", range: 2...10_000, what: "会议决定")
        if CivilDay(input.day) == nil { errors["day"] = "日期格式应为 YYYY-MM-DD。" }
        if input.participants.isEmpty { errors["participants"] = "请列出参加人员。" }
        var records: [CaseRecord] = []
        for id in Set(input.cases).sorted() {
            guard let record = try? await visibleCase(database, id: id, principal: principal) else { errors["cases"] = "交办 \(id) 不存在。"; continue }
            records.append(record)
        }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        let id = makeID(prefix: "mtg")
        let now = environment.clock.now()
        let discussed = records
        defer { environment.outboxWakeup.signal() }
        return try await commit(database) { db in
            try await db.execute("""
                INSERT INTO meetings (id, district, day, participants, cases, decisions, recorded_by, recorded_at)
                VALUES (\(id), \(principal.district), \(input.day), \(jsonList(input.participants)), \(jsonList(discussed.map(\.id))),
                        \(input.decisions), \(principal.subject), \(now))
                """)
            for record in discussed {
                try await recordStep(db, environment: environment, record: record, status: nil, kind: "meeting",
                                     note: "\(input.day) 约您共督会议研究了本件建议的办理。", isPublic: true, actor: principal.subject, at: now)
            }
            return try .json(["id": id], status: .created)
        }
    }

    oversight.get("meetings") { _, context in
        let principal = try context.requirePrincipal()
        let meetings = try await database.query("""
            SELECT id, day, participants, cases, decisions FROM meetings WHERE district = \(principal.district) ORDER BY day DESC, id
            """).map { row in
            MeetingInput(day: try row.string("day"), participants: decodeJSONList(try row.string("participants")),
                         cases: decodeJSONList(try row.string("cases")), decisions: try row.string("decisions"))
        }
        return try jsonResponse(meetings)
    }
}

