import Contracts
import Foundation
import ServiceKit

/// The home page's station directory: stations by street, the central liaison station first,
/// narrowed by `query` to those whose name, street, community or address contains it.
func homeValues(_ db: any SQLExecutor, query: String?) async throws -> [String: Any] {
    var condition: SQL = ""
    if let query {
        // The text is matched literally: its own % and _ are not wildcards.
        let escaped = query.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        let pattern = "%" + escaped + "%"
        condition = """
             WHERE s.name LIKE \(pattern) ESCAPE '\\' OR st.name LIKE \(pattern) ESCAPE '\\'
                OR c.name LIKE \(pattern) ESCAPE '\\' OR s.address LIKE \(pattern) ESCAPE '\\'
            """
    }
    let rows = try await db.query("""
        SELECT s.code, s.name, s.kind, s.address, s.district, st.code AS street, st.name AS street_name, c.name AS community_name
        FROM stations s JOIN streets st ON st.district = s.district AND st.code = s.street
        LEFT JOIN communities c ON c.district = s.district AND c.code = s.community\(condition)
        ORDER BY s.district, st.code,
            CASE s.kind WHEN 'liaisonStation' THEN 0 WHEN 'home' THEN 1 WHEN 'office' THEN 2 ELSE 3 END, s.code
        """)
    var streets: [(name: String, stations: [[String: Any]])] = []
    var streetKeys: [String] = []
    for row in rows {
        let key = try row.string("district") + "|" + row.string("street")
        var station: [String: Any] = [
            "code": try row.string("code"), "name": try row.string("name"),
            "kindName": stationKindName(StationKind(rawValue: try row.string("kind")) ?? .liaisonStation),
            "address": try row.string("address"),
        ]
        // Absent, not empty: the template's section shows an empty string too.
        if let community = row.optionalString("community_name") { station["communityName"] = community }
        if streetKeys.last == key {
            streets[streets.count - 1].stations.append(station)
        } else {
            streetKeys.append(key)
            streets.append((try row.string("street_name"), [station]))
        }
    }
    var values: [String: Any] = [
        "streets": streets.map { ["name": $0.name, "stations": $0.stations, "count": $0.stations.count] },
        "stationCount": rows.count,
    ]
    if let query { values["query"] = query }
    return values
}

/// The other services' public pages a citizen may want, at the addresses people reach them at.
func servicePageLinks(_ publicURLs: [ServiceName: String]) -> [String: String] {
    let supervision = publicURLs[.supervision] ?? ""
    let evaluation = publicURLs[.evaluation] ?? ""
    return [
        "board": supervision + "/board", "results": evaluation + "/results",
        "performance": evaluation + "/performance", "shared": evaluation + "/shared",
    ]
}
