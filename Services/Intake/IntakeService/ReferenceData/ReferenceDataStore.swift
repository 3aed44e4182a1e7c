import Contracts
import Foundation
import ServiceKit

/// Loads a reference data file in one transaction. Every row is an upsert, so loading the same
/// file twice changes nothing, and a corrected file updates names and placements in place. One
/// statement per table (a few hundred rows each), not one per row: on PostgreSQL every statement
/// is a round trip.
func importReferenceData(_ file: ReferenceDataFile, into db: any SQLExecutor) async throws -> [String: Int] {
    let district = file.district.code
    try await upsert(db, file.categories, key: \.code, into: "categories (district, code, name)",
                     conflict: "(district, code) DO UPDATE SET name = excluded.name") { "(\(district), \($0.code), \($0.name))" }
    try await upsert(db, file.streets, key: \.code, into: "streets (district, code, name, kind)",
                     conflict: "(district, code) DO UPDATE SET name = excluded.name, kind = excluded.kind") {
        "(\(district), \($0.code), \($0.name), \($0.kind))"
    }
    try await upsert(db, file.communities, key: \.code, into: "communities (district, code, name, street)",
                     conflict: "(district, code) DO UPDATE SET name = excluded.name, street = excluded.street") {
        "(\(district), \($0.code), \($0.name), \($0.street))"
    }
    try await upsert(db, file.stations, key: \.code, into: "stations (code, district, name, kind, street, community, address, latitude, longitude)",
                     conflict: """
                         (code) DO UPDATE SET district = excluded.district, name = excluded.name, kind = excluded.kind,
                             street = excluded.street, community = excluded.community, address = excluded.address,
                             latitude = excluded.latitude, longitude = excluded.longitude
                         """) { station in
        "(\(station.code), \(district), \(station.name), \(station.kind.rawValue), \(station.street), \(station.community), \(station.address), \(station.latitude), \(station.longitude))"
    }
    try await upsert(db, file.deputies, key: \.code, into: "deputies (code, district, name, level, work_unit, public_contact, station)",
                     conflict: """
                         (code) DO UPDATE SET district = excluded.district, name = excluded.name, level = excluded.level,
                             work_unit = excluded.work_unit, public_contact = excluded.public_contact, station = excluded.station
                         """) { deputy in
        "(\(deputy.code), \(district), \(deputy.name), \(deputy.level.rawValue), \(deputy.workUnit), \(deputy.publicContact), \(deputy.station))"
    }
    return [
        "categories": file.categories.count, "streets": file.streets.count, "communities": file.communities.count,
        "stations": file.stations.count, "deputies": file.deputies.count,
    ]
}

/// `INSERT INTO <into> VALUES <rows> ON CONFLICT <conflict>` for `items`, in chunks. A key listed
/// twice keeps its last row, as row-by-row upserts would (one statement may not touch a row twice).
private func upsert<Item>(_ db: any SQLExecutor, _ items: [Item], key: (Item) -> String, into target: String, conflict: String,
                          row: (Item) -> SQL) async throws {
    var seen = Set<String>()
    let lastOfEach = items.reversed().filter { seen.insert(key($0)).inserted }.reversed()
    // SQLite allows 32,766 bound values per statement; 200 rows of up to 9 stay far below.
    for chunk in Array(lastOfEach).chunked(200) {
        try await db.execute("INSERT INTO \(unsafeRaw: target) VALUES \(joined(chunk.map(row), separator: ", ")) ON CONFLICT \(unsafeRaw: conflict)")
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

/// A station as the public sees it: no internal fields.
public struct PublicStation: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var kind: StationKind
    public var street: String
    public var streetName: String
    public var address: String
    public var latitude: Double?
    public var longitude: Double?
    public var deputies: [PublicDeputy]?
}

/// A deputy as the station page shows them: name, level, work unit and public contact.
public struct PublicDeputy: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var level: DeputyLevel
    public var workUnit: String
    public var publicContact: String
}

/// The public details of the deputies with these codes, in code order; unknown codes are left out.
func publicDeputies(_ db: any SQLExecutor, codes: [String]) async throws -> [PublicDeputy] {
    guard !codes.isEmpty else { return [] }
    let list = codes.dropFirst().reduce(SQL("\(codes[0])")) { "\($0), \($1)" }
    return try await db.query("""
        SELECT code, name, level, work_unit, public_contact FROM deputies WHERE code IN (\(list)) ORDER BY code
        """).map(publicDeputy)
}

private func publicDeputy(_ row: SQLRow) throws -> PublicDeputy {
    PublicDeputy(code: try row.string("code"), name: try row.string("name"),
                 level: DeputyLevel(rawValue: try row.string("level")) ?? .district,
                 workUnit: try row.string("work_unit"), publicContact: try row.string("public_contact"))
}

func publicStations(_ db: any SQLExecutor, street: String? = nil) async throws -> [PublicStation] {
    let filter: SQL = street.map { " WHERE s.street = \($0)" } ?? ""
    return try await db.query("""
        SELECT s.code, s.name, s.kind, s.street, st.name AS street_name, s.address, s.latitude, s.longitude
        FROM stations s JOIN streets st ON st.district = s.district AND st.code = s.street\(filter)
        ORDER BY s.code
        """).map(publicStation)
}

func publicStation(_ db: any SQLExecutor, code: String) async throws -> PublicStation? {
    guard let row = try await db.queryFirst("""
        SELECT s.code, s.name, s.kind, s.street, st.name AS street_name, s.address, s.latitude, s.longitude
        FROM stations s JOIN streets st ON st.district = s.district AND st.code = s.street
        WHERE s.code = \(code)
        """) else { return nil }
    var station = try publicStation(row)
    station.deputies = try await db.query("""
        SELECT code, name, level, work_unit, public_contact FROM deputies WHERE station = \(code) ORDER BY code
        """).map(publicDeputy)
    return station
}

private func publicStation(_ row: SQLRow) throws -> PublicStation {
    PublicStation(
        code: try row.string("code"), name: try row.string("name"),
        kind: StationKind(rawValue: try row.string("kind")) ?? .liaisonStation,
        street: try row.string("street"), streetName: try row.string("street_name"), address: try row.string("address"),
        latitude: try? row.double("latitude"), longitude: try? row.double("longitude"), deputies: nil)
}

/// The names of the deputies with these codes, by code, for the messages that name deputies
/// (evaluation shows names from them without asking intake). Unknown codes are left out.
func deputyNames(_ db: any SQLExecutor, codes: [String]) async throws -> [String: String] {
    var names: [String: String] = [:]
    for code in Set(codes) {
        if let row = try await db.queryFirst("SELECT name FROM deputies WHERE code = \(code)") { names[code] = try row.string("name") }
    }
    return names
}
