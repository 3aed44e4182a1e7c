import Contracts
import Foundation
import ServiceKit

/// What a citizen submits from a station page or the JSON API.
public struct OpinionSubmission: Codable, Sendable {
    public var station: String
    public var category: String
    public var content: String
    public var place: String?
    public var latitude: Double?
    public var longitude: Double?
    /// Optional phone or other contact; stored sealed, only with consent.
    public var contact: String?
    public var contactConsent: Bool?
    public var anonymous: Bool?

    public init(station: String, category: String, content: String, place: String? = nil, latitude: Double? = nil,
                longitude: Double? = nil, contact: String? = nil, contactConsent: Bool? = nil, anonymous: Bool? = nil) {
        self.station = station
        self.category = category
        self.content = content
        self.place = place
        self.latitude = latitude
        self.longitude = longitude
        self.contact = contact
        self.contactConsent = contactConsent
        self.anonymous = anonymous
    }
}

/// Field-by-field checks with a Chinese message each; the known station and category are
/// checked against the database by the caller.
func validationErrors(_ submission: OpinionSubmission) -> [String: String] {
    var errors: [String: String] = [:]
    let content = submission.content.trimmingCharacters(in: .whitespacesAndNewlines)
    if content.count < 5 { errors["content"] = "请至少写 5 个字，说清楚您反映的问题。" }
    if content.count > 2000 { errors["content"] = "内容不能超过 2000 字。" }
    if let place = submission.place, place.count > 200 { errors["place"] = "地点不能超过 200 字。" }
    if submission.latitude != nil || submission.longitude != nil {
        guard let latitude = submission.latitude, let longitude = submission.longitude,
              (3...54).contains(latitude), (73...136).contains(longitude) else {
            errors["latitude"] = "位置坐标无效（须在中国境内，经纬度成对提供）。"
            return errors
        }
    }
    if let contact = submission.contact?.trimmingCharacters(in: .whitespaces), !contact.isEmpty {
        if contact.count > 100 { errors["contact"] = "联系方式不能超过 100 字。" }
        if submission.contactConsent != true { errors["contactConsent"] = "留下联系方式需勾选同意，仅用于办理本条意见。" }
        if submission.anonymous == true { errors["anonymous"] = "匿名提交时请不要留下联系方式。" }
    }
    return errors
}
