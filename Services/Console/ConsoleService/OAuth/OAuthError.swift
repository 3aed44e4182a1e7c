import Foundation
import Hummingbird

/// An error answer of the token endpoint (RFC 6749 §5.2): JSON with `error` and an ASCII
/// `error_description` (the RFC allows no other characters there), never a problem document,
/// since OAuth client libraries read exactly these fields.
struct OAuthError: Error, Equatable {
    let code: String
    let description: String
    let status: HTTPResponse.Status

    static func invalidRequest(_ description: String) -> OAuthError { OAuthError(code: "invalid_request", description: description, status: .badRequest) }
    /// Client authentication failed: unknown client, none given, wrong secret or assertion, disabled.
    static func invalidClient(_ description: String) -> OAuthError { OAuthError(code: "invalid_client", description: description, status: .unauthorized) }
    static func unsupportedGrantType(_ description: String) -> OAuthError { OAuthError(code: "unsupported_grant_type", description: description, status: .badRequest) }
    static func invalidScope(_ description: String) -> OAuthError { OAuthError(code: "invalid_scope", description: description, status: .badRequest) }

    var response: Response {
        var response = oauthJSONResponse(["error": code, "error_description": description], status: status)
        // RFC 6749 §5.2: a 401 names the authentication scheme the client may use.
        if status == .unauthorized { response.headers[.wwwAuthenticate] = #"Basic realm="youyue""# }
        return response
    }
}

/// The token endpoint's JSON answers, never stored by a cache (RFC 6749 §5.1).
func oauthJSONResponse(_ fields: [String: any Sendable], status: HTTPResponse.Status = .ok) -> Response {
    let bytes = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data("{}".utf8)
    return Response(
        status: status,
        headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(bytes.count), .cacheControl: "no-store"],
        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
}
