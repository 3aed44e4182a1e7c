import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// Announcing 代表有约 activities, the public list of a station's upcoming ones, recording what an
/// activity achieved, and the totals per street and theme.
func addActivityRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment) {
    let database = environment.database
    let organisers = router.group("api/v1/activities")

    organisers.post { request, context in
        let organiser = try context.requirePrincipal()
        let announcement = try await request.decode(as: ActivityAnnouncement.self, context: context)
        var errors = announcementErrors(announcement)
        let place = try await stationPlace(database, code: announcement.station)
        if place == nil { errors["station"] = "请选择本区有效的站点。" }
        if let place, try await !mayActAt(database, station: announcement.station, place: place, principal: organiser) {
            throw notTheirStation(organiser, "发起活动")
        }
        for deputy in announcement.deputies where try await database.queryFirst(
            "SELECT 1 AS known FROM deputies WHERE code = \(deputy) AND district = \(organiser.district)") == nil {
            errors["deputies"] = "代表 \(deputy) 不存在。"
        }
        guard errors.isEmpty, let place else { throw Problem.validation(errors) }
        let id = makeID(prefix: "act")
        let invited = String(decoding: try apiEncoder.encode(announcement.invitedUnits ?? []), as: UTF8.self)
        return try await commit(database) { db in
            try await db.execute("""
                INSERT INTO activities (id, district, station, street, theme, mode, title, starts_at, ends_at, invited_units, status, created_by, created_at)
                VALUES (\(id), \(place.district), \(announcement.station), \(place.street), \(announcement.theme.rawValue), \(announcement.mode.rawValue),
                        \(announcement.title), \(announcement.startsAt), \(announcement.endsAt), \(invited), 'announced', \(organiser.subject), \(Date()))
                """)
            for deputy in Set(announcement.deputies) {
                try await db.execute("INSERT INTO activity_deputies (activity_id, deputy) VALUES (\(id), \(deputy))")
            }
            try await environment.audit(db, actor: organiser.subject, action: "activity.announce", entity: "activity", entityID: id)
            return try .json(["id": id], status: .created)
        }
    }

    organisers.post("{id}/outcome") { request, context in
        let organiser = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let outcome = try await request.decode(as: ActivityOutcome.self, context: context)
        guard let row = try await database.queryFirst("SELECT district, station, street, theme, mode, status FROM activities WHERE id = \(id)"),
              try row.string("district") == organiser.district else { throw Problem.notFound("没有找到这项活动。") }
        // Outcomes feed deputies' performance records: only those who may hold the activity record it.
        let place = StationPlace(district: try row.string("district"), street: try row.string("street"), community: nil)
        guard try await mayActAt(database, station: try row.string("station"), place: place, principal: organiser) else {
            throw notTheirStation(organiser, "记录活动成果")
        }
        guard try row.string("status") == "announced" else { throw Problem.conflict("activity-recorded", "这项活动的成果已经记录。") }
        guard outcome.opinionsCollected >= 0, outcome.resolvedOnSpot >= 0, outcome.resolvedOnSpot <= outcome.opinionsCollected else {
            throw Problem.validation(["resolvedOnSpot": "现场解决数须在 0 到收集意见数之间。"])
        }
        let scheduled = Set(try await database.query("SELECT deputy FROM activity_deputies WHERE activity_id = \(id)").map { try $0.string("deputy") })
        let present = Array(Set(outcome.deputiesPresent)).sorted()
        guard Set(present).isSubset(of: scheduled) else { throw Problem.validation(["deputiesPresent": "只能登记已安排的代表。"]) }
        let now = Date()
        let message = try OutgoingMessage(
            .activityRecorded, to: [.evaluation], district: organiser.district, entity: id,
            body: ActivityRecordedBody(
                activity: id, station: try row.string("station"), street: try row.string("street"),
                theme: Theme(rawValue: try row.string("theme")) ?? .dialogue, mode: Mode(rawValue: try row.string("mode")) ?? .receptionVisit,
                deputiesPresent: present, opinionsCollected: outcome.opinionsCollected, resolvedOnSpot: outcome.resolvedOnSpot, heldAt: now,
                deputyNames: try await deputyNames(database, codes: present)))
        defer { environment.outboxWakeup.signal() }
        return try await commit(database) { db in
            try await db.execute("""
                UPDATE activities SET status = 'held', opinions_collected = \(outcome.opinionsCollected), resolved_on_spot = \(outcome.resolvedOnSpot)
                WHERE id = \(id)
                """)
            for deputy in present {
                try await db.execute("UPDATE activity_deputies SET present = 1 WHERE activity_id = \(id) AND deputy = \(deputy)")
            }
            try await enqueue(message, db, at: now)
            try await environment.audit(db, actor: organiser.subject, action: "activity.outcome", entity: "activity", entityID: id)
            return try .json(["id": id, "status": "held"])
        }
    }

    organisers.get("totals") { request, context in
        let principal = try context.requirePrincipal()
        let byTheme = request.uri.queryParameters.get("by") == "theme"
        return try jsonResponse(try await activityTotals(database, district: principal.district, byTheme: byTheme))
    }

    router.get("api/v1/stations/{code}/activities") { _, context in
        try jsonResponse(try await upcomingActivities(database, station: try context.parameters.require("code"), now: Date()))
    }
}
