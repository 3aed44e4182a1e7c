import Contracts
import Foundation
import ServiceKit

/// What the templates show, as plain dictionaries: only public fields, already in Chinese.
func stationValues(_ db: any SQLExecutor, station: PublicStation, district: String, selectedCategory: String?) async throws -> [String: Any] {
    let categories = try await db.query("""
        SELECT code, name FROM categories WHERE district = \(district)
        ORDER BY CASE WHEN code = 'other' THEN 1 ELSE 0 END, code
        """).map { row -> [String: Any] in
        let code = try row.string("code")
        return ["code": code, "name": try row.string("name"), "selected": code == selectedCategory]
    }
    let activities = try await upcomingActivities(db, station: station.code, now: Date()).prefix(5).map { activity -> [String: Any] in
        ["title": activity.title, "startsAt": chinaTime(activity.startsAt), "themeName": themeName(activity.theme), "modeName": modeName(activity.mode)]
    }
    return [
        "station": stationDictionary(station), "kindName": stationKindName(station.kind),
        "deputies": (station.deputies ?? []).map(deputyDictionary), "activities": Array(activities), "categories": categories,
    ]
}

func stationDictionary(_ station: PublicStation) -> [String: Any] {
    ["code": station.code, "name": station.name, "streetName": station.streetName, "address": station.address]
}

func deputyDictionary(_ deputy: PublicDeputy) -> [String: Any] {
    ["code": deputy.code, "name": deputy.name, "levelName": deputyLevelName(deputy.level), "workUnit": deputy.workUnit, "publicContact": deputy.publicContact]
}

func receiptValues(_ db: any SQLExecutor, _ receipt: Receipt) async throws -> [String: Any] {
    let category = try await db.queryFirst("SELECT name FROM categories WHERE code = \(receipt.category)")
    var values: [String: Any] = [
        "receiptCode": receipt.receiptCode, "statusName": statusName(receipt.status), "stationName": receipt.stationName,
        "categoryName": category.flatMap { $0.optionalString("name") } ?? receipt.category, "submittedAt": chinaTime(receipt.submittedAt),
        "content": receipt.content,
        "stages": receiptStageValues(receipt.timeline),
    ]
    if let explanation = receipt.explanation { values["explanation"] = explanation }
    return values
}
