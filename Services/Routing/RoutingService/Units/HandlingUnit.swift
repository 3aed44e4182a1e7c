import Contracts
import ServiceKit

/// Who handles suggestions: 一府一委两院 (government departments, the supervisory commission, the
/// court, the procuratorate), street offices and communities, and the municipal congress that
/// municipal-tier suggestions are forwarded to.
public struct HandlingUnit: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case government, supervisoryCommission, court, procuratorate, streetOffice, community, municipalCongress
    }
    public var code: String
    public var name: String
    public var kind: Kind
    /// The street of a street office or community.
    public var street: String?

    public init(code: String, name: String, kind: Kind, street: String? = nil) {
        self.code = code
        self.name = name
        self.kind = kind
        self.street = street
    }
}

func upsertUnit(_ db: any SQLExecutor, district: String, _ unit: HandlingUnit) async throws {
    try await db.execute("""
        INSERT INTO units (district, code, name, kind, street) VALUES (\(district), \(unit.code), \(unit.name), \(unit.kind.rawValue), \(unit.street))
        ON CONFLICT (district, code) DO UPDATE SET name = excluded.name, kind = excluded.kind, street = excluded.street
        """)
}

/// Many units in a few statements: a district file's 141 units in one round trip each 100, not
/// 141 (each round trip waits its turn on a busy server).
/// A code listed twice keeps its last entry, as one upsert after another would.
func upsertUnits(_ db: any SQLExecutor, district: String, _ listed: [HandlingUnit]) async throws {
    var lastIndex: [String: Int] = [:]
    for (index, unit) in listed.enumerated() { lastIndex[unit.code] = index }
    let units = listed.enumerated().filter { lastIndex[$0.element.code] == $0.offset }.map(\.element)
    for start in stride(from: 0, to: units.count, by: 100) {
        let chunk = units[start..<min(start + 100, units.count)]
        var rows: SQL = ""
        for (index, unit) in chunk.enumerated() {
            rows = index == 0 ? "(\(district), \(unit.code), \(unit.name), \(unit.kind.rawValue), \(unit.street))"
                : "\(rows), (\(district), \(unit.code), \(unit.name), \(unit.kind.rawValue), \(unit.street))"
        }
        try await db.execute("""
            INSERT INTO units (district, code, name, kind, street) VALUES \(rows)
            ON CONFLICT (district, code) DO UPDATE SET name = excluded.name, kind = excluded.kind, street = excluded.street
            """)
    }
}

func units(_ db: any SQLExecutor, district: String) async throws -> [HandlingUnit] {
    try await db.query("SELECT code, name, kind, street FROM units WHERE district = \(district) ORDER BY code").map(handlingUnit)
}

func unit(_ db: any SQLExecutor, district: String, code: String) async throws -> HandlingUnit? {
    try await db.queryFirst("SELECT code, name, kind, street FROM units WHERE district = \(district) AND code = \(code)").map(handlingUnit)
}

private func handlingUnit(_ row: SQLRow) throws -> HandlingUnit {
    HandlingUnit(code: try row.string("code"), name: try row.string("name"),
                 kind: HandlingUnit.Kind(rawValue: try row.string("kind")) ?? .government, street: row.optionalString("street"))
}
