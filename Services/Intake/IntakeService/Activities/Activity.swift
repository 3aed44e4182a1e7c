import Contracts
import Foundation
import ServiceKit

/// A 代表有约 activity being announced.
public struct ActivityAnnouncement: Codable, Sendable {
    public var station: String
    public var theme: Theme
    public var mode: Mode
    public var title: String
    public var startsAt: Date
    public var endsAt: Date
    public var deputies: [String]
    public var invitedUnits: [String]?
}

/// What was recorded after an activity was held.
public struct ActivityOutcome: Codable, Sendable {
    public var deputiesPresent: [String]
    public var opinionsCollected: Int
    public var resolvedOnSpot: Int
}

/// An activity as the public station page lists it.
public struct PublicActivity: Codable, Sendable, Equatable {
    public var id: String
    public var station: String
    public var theme: Theme
    public var mode: Mode
    public var title: String
    public var startsAt: Date
    public var endsAt: Date
    public var deputies: [String]
    public var invitedUnits: [String]
    public var status: String
}

/// Activity figures per street or theme: the headline numbers of the reference practice.
public struct ActivityTotals: Codable, Sendable, Equatable {
    public var key: String
    public var activitiesHeld: Int
    public var deputyAttendances: Int
    public var issuesCollected: Int

    public init(key: String, activitiesHeld: Int, deputyAttendances: Int, issuesCollected: Int) {
        self.key = key
        self.activitiesHeld = activitiesHeld
        self.deputyAttendances = deputyAttendances
        self.issuesCollected = issuesCollected
    }
}

func announcementErrors(_ announcement: ActivityAnnouncement) -> [String: String] {
    var errors: [String: String] = [:]
    if !(2...100).contains(announcement.title.count) { errors["title"] = "活动主题须为 2 到 100 字。" }
    if announcement.endsAt <= announcement.startsAt { errors["endsAt"] = "结束时间须晚于开始时间。" }
    if announcement.deputies.isEmpty { errors["deputies"] = "请至少安排一位代表。" }
    return errors
}

func upcomingActivities(_ db: any SQLExecutor, station: String, now: Date) async throws -> [PublicActivity] {
    let upcoming: SQL = "station = \(station) AND status = 'announced' AND ends_at >= \(now)"
    let rows = try await db.query("""
        SELECT id, station, theme, mode, title, starts_at, ends_at, invited_units, status FROM activities
        WHERE \(upcoming) ORDER BY starts_at LIMIT 50
        """)
    // The deputies of all listed activities in one query rather than one per activity.
    var deputies: [String: [String]] = [:]
    for row in try await db.query("""
        SELECT activity_id, deputy FROM activity_deputies
        WHERE activity_id IN (SELECT id FROM activities WHERE \(upcoming)) ORDER BY deputy
        """) {
        deputies[try row.string("activity_id"), default: []].append(try row.string("deputy"))
    }
    return try rows.map { row in
        let id = try row.string("id")
        return PublicActivity(
            id: id, station: try row.string("station"), theme: Theme(rawValue: try row.string("theme")) ?? .dialogue,
            mode: Mode(rawValue: try row.string("mode")) ?? .receptionVisit, title: try row.string("title"),
            startsAt: try row.date("starts_at"), endsAt: try row.date("ends_at"), deputies: deputies[id] ?? [],
            invitedUnits: (try? apiDecoder.decode([String].self, from: Data(try row.string("invited_units").utf8))) ?? [],
            status: try row.string("status"))
    }
}

func activityTotals(_ db: any SQLExecutor, district: String, byTheme: Bool) async throws -> [ActivityTotals] {
    let key: SQL = byTheme ? "a.theme" : "a.street"
    return try await db.query("""
        SELECT \(key) AS grouped, COUNT(DISTINCT a.id) AS held,
               (SELECT COUNT(*) FROM activity_deputies d JOIN activities x ON x.id = d.activity_id
                WHERE d.present = 1 AND x.status = 'held' AND x.district = \(district) AND \(unsafeRaw: byTheme ? "x.theme" : "x.street") = \(key)) AS attendances,
               CAST(SUM(a.opinions_collected) AS BIGINT) AS issues
        FROM activities a WHERE a.district = \(district) AND a.status = 'held'
        GROUP BY \(key) ORDER BY \(key)
        """).map { row in
        ActivityTotals(key: try row.string("grouped"), activitiesHeld: Int(try row.int("held")),
                       deputyAttendances: Int(try row.int("attendances")), issuesCollected: Int(try row.int("issues")))
    }
}
