/// An RFC 9457 problem details body (`application/problem+json`). `type` is stable per error so
/// clients can branch on it; `title` and `detail` are for people (Chinese first).
public struct Problem: Codable, Sendable, Equatable, Error {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    public var instance: String?
    /// Per-field messages for validation failures: field name → message.
    public var errors: [String: String]?

    public init(type: String, title: String, status: Int, detail: String? = nil, instance: String? = nil, errors: [String: String]? = nil) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.instance = instance
        self.errors = errors
    }

    /// Problem types live under one namespace so they are recognisable in logs and clients.
    public static func typeURI(_ slug: String) -> String { "https://youyue.example/problems/\(slug)" }
}
