import Foundation
import ServiceKit

/// The district's identity provider (统一身份认证), when one is configured: the console is an
/// OpenID Connect client of it, registered with `redirectURI`.
///
/// - `YOUYUE_OIDC_ISSUER`: the provider's issuer URL (its discovery document is at
///   `ISSUER/.well-known/openid-configuration`); https, or http on this machine only.
/// - `YOUYUE_OIDC_CLIENT_ID`, and `YOUYUE_OIDC_CLIENT_SECRET` or `YOUYUE_OIDC_CLIENT_SECRET_FILE`.
/// - `YOUYUE_OIDC_ACCOUNT_CLAIM`: the ID token's claim that holds the console login (default
///   `preferred_username`).
struct OpenIDConnectConfiguration: Sendable {
    let issuer: String
    let clientID: String
    let clientSecret: String
    let accountClaim: String
    /// Where the provider sends the browser back: the console's public address + `/login/oidc/callback`.
    let redirectURI: String

    static let callbackPath = "/login/oidc/callback"

    /// Nil when none of the provider's settings is given; a partial or unusable setting stops
    /// the console with a message naming the variable.
    static func read(_ configuration: ServiceConfiguration) throws -> OpenIDConnectConfiguration? {
        let env = configuration.environment
        let issuer = env.optionalString("YOUYUE_OIDC_ISSUER")
        let clientID = env.optionalString("YOUYUE_OIDC_CLIENT_ID")
        let secret = try env.secret("YOUYUE_OIDC_CLIENT_SECRET")
        if issuer == nil && clientID == nil && secret == nil { return nil }
        guard let issuer else {
            throw OpenIDSettingError(variable: "YOUYUE_OIDC_ISSUER", value: "", expected: "the provider's issuer URL, since its client id or secret is set")
        }
        guard let clientID else {
            throw OpenIDSettingError(variable: "YOUYUE_OIDC_CLIENT_ID", value: "", expected: "the console's client id at the provider, since YOUYUE_OIDC_ISSUER is set")
        }
        guard let secret, !secret.isEmpty else {
            throw OpenIDSettingError(variable: "YOUYUE_OIDC_CLIENT_SECRET", value: "",
                                     expected: "the client secret (or YOUYUE_OIDC_CLIENT_SECRET_FILE naming a file with it), since YOUYUE_OIDC_ISSUER is set")
        }
        guard let url = URL(string: issuer), let host = url.host, url.query == nil, url.fragment == nil,
              url.scheme == "https" || (url.scheme == "http" && ["127.0.0.1", "localhost", "::1"].contains(host)) else {
            throw OpenIDSettingError(variable: "YOUYUE_OIDC_ISSUER", value: issuer,
                                     expected: "an https URL without query (http only for a provider on this machine)")
        }
        let claim = env.string("YOUYUE_OIDC_ACCOUNT_CLAIM", default: "preferred_username")
        var base = configuration.publicBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        return OpenIDConnectConfiguration(issuer: issuer, clientID: clientID, clientSecret: secret, accountClaim: claim,
                                          redirectURI: base + callbackPath)
    }

    /// Where discovery is read: the issuer with `/.well-known/openid-configuration` appended
    /// (OpenID Connect Discovery 1.0 §4), so an issuer with a path keeps it.
    var discoveryURL: String {
        (issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer) + "/.well-known/openid-configuration"
    }
}

/// A provider setting that is missing or unusable: the console does not start, and says which.
struct OpenIDSettingError: Error, CustomStringConvertible {
    let variable: String
    let value: String
    let expected: String

    var description: String { "\(variable)=\"\(value)\" is invalid: expected \(expected)" }
}
