import HTTPTypes
import Hummingbird

/// Headers every response carries: no sniffing, no framing, HTTPS only. Pages also get a strict
/// content policy for what they load (they are server-rendered and load nothing from elsewhere),
/// no referrer and no device features; every other answer (JSON, problems, metrics) gets the
/// stricter policy of a document that loads nothing at all, and no page-only headers, whose
/// bytes every API call would otherwise carry.
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        // The field itself, not `headers[.contentType]`, which joins the values into a new string.
        let contentType = response.headers.first { $0.name == .contentType }?.value
        response.headers.append(contentsOf: securityHeaders(forContentType: contentType))
        return response
    }
}

/// The security headers of a response with this content type.
func securityHeaders(forContentType contentType: String?) -> [HTTPField] {
    if let contentType, contentType.hasPrefix("text/html") { pageSecurityHeaders } else { apiSecurityHeaders }
}

/// Built once: every response gets the same fields.
private let pageSecurityHeaders: [HTTPField] = [
    HTTPField(name: .xContentTypeOptions, value: "nosniff"),
    field("X-Frame-Options", "DENY"),
    field("Referrer-Policy", "no-referrer"),
    field("Content-Security-Policy",
          "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
    field("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)"),
    field("Strict-Transport-Security", "max-age=31536000"),
]

/// What OWASP's REST security guidance asks of API answers.
private let apiSecurityHeaders: [HTTPField] = [
    HTTPField(name: .xContentTypeOptions, value: "nosniff"),
    field("X-Frame-Options", "DENY"),
    field("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
    field("Strict-Transport-Security", "max-age=31536000"),
]

private func field(_ name: String, _ value: String) -> HTTPField {
    // The names are constants that are valid field names.
    HTTPField(name: HTTPField.Name(name)!, value: value)
}
