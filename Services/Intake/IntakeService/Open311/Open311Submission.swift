import Foundation
import ServiceKit

/// A `POST requests` form turned into an opinion on the `open311` channel. The station comes from
/// `attribute[station]` (or `address_id`), else the station nearest to `lat`/`long`.
func open311Submission(_ fields: [String: String], district: String, db: any SQLExecutor) async throws -> OpinionSubmission {
    guard let service = fields["service_code"], !service.isEmpty else { throw Open311Error(.badRequest, "service_code was not provided") }
    guard try await categoryExists(db, district: district, code: service) else { throw Open311Error(.notFound, "service_code \(service) was not found") }
    let latitude = fields["lat"].flatMap(Double.init), longitude = fields["long"].flatMap(Double.init)
    let address = fields["address_string"].flatMap { $0.isEmpty ? nil : $0 }
    let named = [fields["attribute[station]"], fields["address_id"]].compactMap { $0 }.first { !$0.isEmpty }
    guard (latitude != nil && longitude != nil) || address != nil || named != nil else {
        throw Open311Error(.badRequest, "A full location parameter must be submitted. One of lat & long or address_string or address_id.")
    }
    let station: String
    if let named {
        guard try await db.queryFirst("SELECT 1 AS known FROM stations WHERE code = \(named) AND district = \(district)") != nil else {
            throw Open311Error(.badRequest, "attribute[station] \(named) is not a station of \(district)")
        }
        station = named
    } else if let latitude, let longitude, let nearest = try await nearestStation(db, district: district, latitude: latitude, longitude: longitude) {
        station = nearest
    } else {
        throw Open311Error(.badRequest, "attribute[station] is required when lat and long are not given (see services/\(service).json)")
    }
    // A contact given through a client app is given to be contacted about this request.
    let contact = [fields["phone"], fields["email"]].compactMap { $0 }.first { !$0.isEmpty }
    return OpinionSubmission(
        station: station, category: service, content: fields["description"] ?? "", place: address,
        latitude: latitude, longitude: longitude, contact: contact, contactConsent: contact != nil, anonymous: false)
}

/// The station closest to a point, by distance on the ground (equirectangular: exact enough
/// within a district).
func nearestStation(_ db: any SQLExecutor, district: String, latitude: Double, longitude: Double) async throws -> String? {
    let rows = try await db.query("""
        SELECT code, latitude, longitude FROM stations WHERE district = \(district) AND latitude IS NOT NULL AND longitude IS NOT NULL
        """)
    let scale = cos(latitude * .pi / 180)
    return try rows.min { a, b in
        func distance(_ row: SQLRow) throws -> Double {
            let dLat = try row.double("latitude") - latitude, dLon = (try row.double("longitude") - longitude) * scale
            return dLat * dLat + dLon * dLon
        }
        return try distance(a) < distance(b)
    }.map { try $0.string("code") }
}
