import Foundation
import ServiceKit

/// Keeps the names intake's messages carry for deputies (the newest wins), so that the public
/// pages name deputies without asking intake.
func rememberDeputyNames(_ db: any SQLExecutor, _ names: [String: String], district: String) async throws {
    for (deputy, name) in names.sorted(by: { $0.key < $1.key }) {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 100 else { continue }
        try await db.execute("""
            INSERT INTO deputy_names (district, deputy, name) VALUES (\(district), \(deputy), \(trimmed))
            ON CONFLICT (district, deputy) DO UPDATE SET name = excluded.name
            """)
    }
}

/// The district's deputies' names by code, as far as evaluation has heard them.
func deputyNames(_ db: any SQLExecutor, district: String) async throws -> [String: String] {
    var names: [String: String] = [:]
    for row in try await db.query("SELECT deputy, name FROM deputy_names WHERE district = \(district)") {
        names[try row.string("deputy")] = try row.string("name")
    }
    return names
}
