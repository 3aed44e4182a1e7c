import Foundation

/// How a client authenticated itself at the token endpoint, as sent: exactly one method.
enum PresentedClientCredentials {
    /// `client_secret_basic` (HTTP Basic, RFC 6749 §2.3.1) or `client_secret_post` (in the form).
    case secret(clientID: String, secret: String, method: String)
    /// `private_key_jwt` (RFC 7523 §2.2): a JWT signed with the client's key; `clientID` when the
    /// form names it too.
    case assertion(String, clientID: String?)

    static let assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    var method: String {
        switch self {
        case .secret(_, _, let method): method
        case .assertion: "private_key_jwt"
        }
    }

    /// The one method used. More than one is an `invalid_request` (RFC 6749 §2.3); none, or HTTP
    /// Basic that cannot be read, is an `invalid_client`.
    static func read(authorization: String?, form: TokenRequestForm) throws(OAuthError) -> PresentedClientCredentials {
        var found: [PresentedClientCredentials] = []
        if let authorization {
            guard authorization.lowercased().hasPrefix("basic "),
                  let decoded = Data(base64Encoded: String(authorization.dropFirst("basic ".count)).trimmingCharacters(in: .whitespaces)),
                  let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":"),
                  let clientID = formDecoded(text[..<colon]), let secret = formDecoded(text[text.index(after: colon)...]) else {
                throw .invalidClient("the Authorization header must be HTTP Basic with the form-encoded client id and secret")
            }
            found.append(.secret(clientID: clientID, secret: secret, method: "client_secret_basic"))
        }
        if let secret = form["client_secret"] {
            guard let clientID = form["client_id"] else { throw .invalidRequest("client_secret is given without client_id") }
            found.append(.secret(clientID: clientID, secret: secret, method: "client_secret_post"))
        }
        if form["client_assertion"] != nil || form["client_assertion_type"] != nil {
            guard form["client_assertion_type"] == assertionType else {
                throw .invalidRequest("client_assertion_type must be \(assertionType)")
            }
            guard let assertion = form["client_assertion"] else { throw .invalidRequest("client_assertion is missing") }
            found.append(.assertion(assertion, clientID: form["client_id"]))
        }
        guard found.count <= 1 else { throw .invalidRequest("use exactly one client authentication method") }
        guard let credentials = found.first else {
            throw .invalidClient("client authentication is required: client_secret_basic, client_secret_post or private_key_jwt")
        }
        return credentials
    }
}
