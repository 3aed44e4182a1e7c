import HTTPTypes
import Hummingbird

/// Headers every response carries: no sniffing, no framing, no referrer leaks, a strict content
/// policy (pages are server-rendered and load nothing from elsewhere).
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers.append(contentsOf: securityHeaders)
        return response
    }
}

/// Built once: every response gets the same fields.
private let securityHeaders: [HTTPField] = [
    HTTPField(name: .xContentTypeOptions, value: "nosniff"),
    field("X-Frame-Options", "DENY"),
    field("Referrer-Policy", "no-referrer"),
    field("Content-Security-Policy",
          "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
    field("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)"),
    field("Strict-Transport-Security", "max-age=31536000"),
]

private func field(_ name: String, _ value: String) -> HTTPField {
    // The names are constants that are valid field names.
    HTTPField(name: HTTPField.Name(name)!, value: value)
}
