import Foundation
import Hummingbird
import NIOCore

/// GeoReport v2 names the format in the path: `services.json`, `requests/{id}.xml`.
enum Open311Format: String, Sendable {
    case json, xml
}

/// `services.json` → ("services", .json); nil without a known format suffix.
func open311Resource(_ file: String) -> (name: String, format: Open311Format)? {
    guard let dot = file.lastIndex(of: "."), let format = Open311Format(rawValue: String(file[file.index(after: dot)...]).lowercased()) else {
        return nil
    }
    return (String(file[..<dot]), format)
}

/// A failure in the spec's shape: `[{"code":400,"description":"…"}]` or `<errors><error>…`.
struct Open311Error: Error {
    let status: HTTPResponse.Status
    let descriptions: [String]

    init(_ status: HTTPResponse.Status, _ descriptions: String...) {
        self.status = status
        self.descriptions = descriptions
    }

    init(_ status: HTTPResponse.Status, descriptions: [String]) {
        self.status = status
        self.descriptions = descriptions
    }

    var document: Open311Document {
        .list(container: "errors", item: "error", descriptions.map {
            .object([("code", .number(Double(status.code))), ("description", .text($0))])
        })
    }
}

func open311Response(_ document: Open311Document, format: Open311Format, root: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
    let (type, text) = switch format {
    case .json: ("application/json; charset=utf-8", document.json)
    case .xml: ("text/xml; charset=utf-8", document.xml(root: root))
    }
    return Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
}

/// `2026-11-27T21:18:00+08:00`: W3C date-time in China Standard Time, as the spec's examples.
func w3cTime(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
    let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    func two(_ n: Int?) -> String { (n ?? 0) < 10 ? "0\(n ?? 0)" : "\(n ?? 0)" }
    return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))+08:00"
}

/// A W3C date-time (`2010-04-14T06:37:38-08:00`, optionally with fractions) or a plain date.
func parseW3CTime(_ text: String) -> Date? {
    let full = ISO8601DateFormatter()
    if let date = full.date(from: text) { return date }
    full.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = full.date(from: text) { return date }
    return try? parseDay(text, field: "date")
}

/// `application/x-www-form-urlencoded`, keeping keys such as `attribute[station]` as they are.
func parseFormFields(_ body: String) -> [String: String] {
    var fields: [String: String] = [:]
    for pair in body.split(separator: "&") {
        let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        func decoded(_ part: Substring) -> String {
            let spaced = part.replacingOccurrences(of: "+", with: " ")
            return spaced.removingPercentEncoding ?? spaced
        }
        guard let key = parts.first.map(decoded), !key.isEmpty else { continue }
        fields[key] = parts.count > 1 ? decoded(parts[1]) : ""
    }
    return fields
}
