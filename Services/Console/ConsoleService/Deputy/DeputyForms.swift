import Foundation

/// The deputy's forms, as posted (every field optional: a missing one is a message beside the
/// field, never a 500).
struct DeputyTriageForm: Decodable {
    var csrf: String?
    var action: String?
    var note: String?
    /// The similar opinion chosen from the list, or…
    var into: String?
    /// …the number typed in (wins when both are given).
    var intoTyped: String?
    var suggestion: String?
}

struct DeputyRecordForm: Decodable {
    var csrf: String?
    var station: String?
    var channel: String?
    var category: String?
    var content: String?
    var place: String?
    var contact: String?
    var contactConsent: String?

    var templateValues: [String: Any] {
        ["content": content ?? "", "place": place ?? "", "contact": contact ?? "", "contactConsent": contactConsent != nil]
    }
}

/// The draft form: `opinions` repeats, one per ticked opinion.
struct DeputyDraftForm: Decodable {
    var csrf: String?
    var title: String?
    var body: String?
    var category: String?
    var place: String?
    var coSigners: String?
    var opinions: [String]?

    var templateValues: [String: Any] {
        ["title": title ?? "", "body": body ?? "", "place": place ?? "", "coSigners": coSigners ?? ""]
    }

    /// Co-signers' deputy numbers as typed: separated by commas, 顿号 or spaces.
    var coSignerCodes: [String] {
        (coSigners ?? "").split(whereSeparator: { ",，、 \n".contains($0) }).map(String.init)
    }
}

/// What intake's draft endpoint takes.
struct DeputyDraftBody: Encodable {
    var title: String
    var body: String
    var category: String
    var place: String?
    var coSigners: [String]
    var opinions: [String]
}

/// What intake's triage endpoint takes.
struct DeputyTriageBody: Encodable {
    var action: String
    var note: String?
    var into: String?
    var suggestion: String?
}

/// What intake's endpoint for recorded opinions takes.
struct DeputyRecordBody: Encodable {
    struct Opinion: Encodable {
        var station: String
        var category: String
        var content: String
        var place: String?
        var contact: String?
        var contactConsent: Bool?
    }
    var channel: String
    var opinion: Opinion
}

/// A query string from name–value pairs, leaving out empty values.
func deputyQuery(_ pairs: [(String, String?)]) -> String {
    var allowed = CharacterSet.urlQueryAllowed
    allowed.remove(charactersIn: "&=+?#")
    let parts = pairs.compactMap { name, value -> String? in
        guard let value, !value.isEmpty else { return nil }
        return name + "=" + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }
    return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
}

/// One path segment, escaped (an id from a URL is echoed into intake's path).
func deputyPathSegment(_ text: String) -> String {
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: "/?#")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
}

/// The first characters of an opinion, for a list line.
func deputySummary(_ text: String, limit: Int = 60) -> String {
    text.count <= limit ? text : String(text.prefix(limit)) + "…"
}
