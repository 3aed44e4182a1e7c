import Crypto
import Foundation
import Hummingbird
import ServiceKit

/// What the console must remember between sending a browser to the identity provider and its
/// return: the `state` the answer must carry, the `nonce` the ID token must carry, the PKCE
/// verifier, and when it started.
struct OpenIDSignInAttempt: Equatable {
    let state: String
    let nonce: String
    let verifier: String
    let startedAt: Int64

    static func fresh(at now: Date) -> OpenIDSignInAttempt {
        OpenIDSignInAttempt(state: base64URL(randomBytes(32)), nonce: base64URL(randomBytes(32)), verifier: PKCE.makeVerifier(),
                            startedAt: Int64(now.timeIntervalSince1970))
    }
}

/// The browser keeps the attempt in a cookie for 10 minutes, named and flagged like the session
/// cookie (`__Host-`, HttpOnly, SameSite=Lax so that it comes back with the provider's redirect,
/// Secure over https). Its content is authenticated with an HMAC under a key derived from the
/// server secret, so the console needs no table for attempts and a browser cannot make one up.
struct OpenIDAttemptCookie: Sendable {
    static let name = "__Host-youyue-oidc"
    static let lifetime: Int64 = 600
    private let key: SymmetricKey
    private let secure: Bool

    init(secret: String, secure: Bool) {
        key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array("youyue-oidc-attempt-v1".utf8), using: SymmetricKey(data: Array(secret.utf8))))
        self.secure = secure
    }

    func setCookie(for attempt: OpenIDSignInAttempt) -> String {
        let content = [attempt.state, attempt.nonce, attempt.verifier, String(attempt.startedAt)].joined(separator: ".")
        let mac = base64URL(Array(HMAC<SHA256>.authenticationCode(for: Array(content.utf8), using: key)))
        return "\(Self.name)=\(content).\(mac); Path=/; HttpOnly; SameSite=Lax; Max-Age=\(Self.lifetime)" + (secure ? "; Secure" : "")
    }

    /// An attempt is used once: every answer to the provider's return clears it.
    var clearing: String {
        "\(Self.name)=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0" + (secure ? "; Secure" : "")
    }

    /// The request's attempt when its cookie is intact and less than 10 minutes old, else nil.
    func attempt(in request: Request, now: Date) -> OpenIDSignInAttempt? {
        guard let value = request.cookies[Self.name]?.value else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 5, let mac = base64URLBytes(parts[4]), let startedAt = Int64(parts[3]) else { return nil }
        let content = parts[0..<4].joined(separator: ".")
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Array(content.utf8), using: key) else { return nil }
        let age = Int64(now.timeIntervalSince1970) - startedAt
        guard age >= -60, age <= Self.lifetime else { return nil }
        return OpenIDSignInAttempt(state: String(parts[0]), nonce: String(parts[1]), verifier: String(parts[2]), startedAt: startedAt)
    }
}
