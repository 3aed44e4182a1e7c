import Foundation
import Hummingbird
import ServiceKit

/// The station page's form as the browser posts it (`application/x-www-form-urlencoded`);
/// checkboxes arrive as "on" or not at all.
struct StationForm: Codable, Sendable {
    var csrf: String?
    var category: String?
    var content: String?
    var place: String?
    var contact: String?
    var contactConsent: String?
    var anonymous: String?

    static let empty = StationForm()

    func submission(station: String) -> OpinionSubmission {
        OpinionSubmission(
            station: station, category: category ?? "", content: content ?? "", place: place.flatMap { $0.isEmpty ? nil : $0 },
            contact: contact, contactConsent: contactConsent == "on", anonymous: anonymous == "on")
    }

    /// What the template puts back into the fields after an error.
    var templateValues: [String: Any] {
        ["content": content ?? "", "place": place ?? "", "contact": contact ?? "",
         "contactConsent": contactConsent == "on", "anonymous": anonymous == "on"]
    }
}

/// Reads a posted form, up to the size a 2000-character opinion needs with room to spare.
func decodeStationForm(_ request: Request) async throws -> StationForm {
    let body = try await request.body.collect(upTo: 64 * 1024)
    return try URLEncodedFormDecoder().decode(StationForm.self, from: String(buffer: body))
}
