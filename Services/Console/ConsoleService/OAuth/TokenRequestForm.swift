import Foundation

/// The fields of a token request: `application/x-www-form-urlencoded` (RFC 6749 Appendix B). A
/// field sent twice is refused (§3.2: parameters must not be included more than once).
struct TokenRequestForm {
    let fields: [String: String]

    init(body: String) throws(OAuthError) {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = formDecoded(parts[0]), let value = formDecoded(parts.count > 1 ? parts[1] : "") else {
                throw .invalidRequest("the request body is not valid application/x-www-form-urlencoded")
            }
            guard fields[name] == nil else { throw .invalidRequest("the parameter \(name.filter(\.isASCII)) is given more than once") }
            fields[name] = value
        }
        self.fields = fields
    }

    /// A field's value; an empty one counts as not given.
    subscript(_ name: String) -> String? {
        fields[name].flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// One form-encoded name or value: `+` is a space, then percent-decoding (nil when invalid).
func formDecoded(_ text: some StringProtocol) -> String? {
    String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
}
