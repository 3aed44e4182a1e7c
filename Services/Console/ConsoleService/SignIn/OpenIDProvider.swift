import AsyncHTTPClient
import Foundation
import JWTKit
import NIOCore
import ServiceKit

/// Why a sign-in through the identity provider did not go through. The reason is for the log and
/// the audit chain (it never holds a code or a token); people see one message per case.
enum OpenIDFailure: Error, CustomStringConvertible {
    /// The provider could not be asked, or answered what no provider should: nobody can sign in
    /// this way just now.
    case providerUnavailable(String)
    /// This one sign-in is refused.
    case refused(String)

    var description: String {
        switch self {
        case .providerUnavailable(let reason): "provider unavailable: \(reason)"
        case .refused(let reason): reason
        }
    }
}

/// The console's view of the district's identity provider: its discovery document and its keys
/// (JWKS), both cached, read through the process's one HTTP client; the code exchange; and the
/// checks of an ID token (signature, iss, aud, exp, nonce).
actor OpenIDProvider {
    struct Metadata: Decodable, Sendable {
        let issuer: String
        let authorizationEndpoint: String
        let tokenEndpoint: String
        let jwksURI: String

        enum CodingKeys: String, CodingKey {
            case issuer, authorizationEndpoint = "authorization_endpoint", tokenEndpoint = "token_endpoint", jwksURI = "jwks_uri"
        }
    }

    /// How long the discovery document and the keys are used before they are read again.
    static let cacheLifetime: Duration = .seconds(3600)
    /// Clock difference tolerated between the provider and the console.
    static let leeway: TimeInterval = 60
    /// Signature algorithms accepted: the provider's public keys only, never a shared secret or none.
    static let algorithms: Set<String> = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]

    let configuration: OpenIDConnectConfiguration
    private let httpClient: HTTPClient
    private let clock = ContinuousClock()
    private var metadata: (document: Metadata, readAt: ContinuousClock.Instant)?
    private var keys: (collection: JWTKeyCollection, ids: Set<String>, readAt: ContinuousClock.Instant)?

    init(configuration: OpenIDConnectConfiguration, httpClient: HTTPClient) {
        self.configuration = configuration
        self.httpClient = httpClient
    }

    /// The discovery document, read again after an hour; its issuer must be the configured one.
    func discovery() async throws -> Metadata {
        if let metadata, clock.now - metadata.readAt < Self.cacheLifetime { return metadata.document }
        let body = try await fetch(configuration.discoveryURL, what: "discovery document")
        guard let document = try? JSONDecoder().decode(Metadata.self, from: body) else {
            throw OpenIDFailure.providerUnavailable("the discovery document at \(configuration.discoveryURL) lacks issuer, authorization_endpoint, token_endpoint or jwks_uri")
        }
        guard document.issuer == configuration.issuer else {
            throw OpenIDFailure.providerUnavailable("the discovery document names issuer \(document.issuer), not YOUYUE_OIDC_ISSUER \(configuration.issuer)")
        }
        metadata = (document, clock.now)
        return document
    }

    /// Where to send the browser: the provider's authorization endpoint with the attempt's
    /// state, nonce and PKCE challenge.
    func authorizationURL(for attempt: OpenIDSignInAttempt) async throws -> String {
        let endpoint = try await discovery().authorizationEndpoint
        let query = formEncoded([
            ("response_type", "code"), ("client_id", configuration.clientID), ("redirect_uri", configuration.redirectURI),
            ("scope", scope), ("state", attempt.state), ("nonce", attempt.nonce),
            ("code_challenge", PKCE.challenge(for: attempt.verifier)), ("code_challenge_method", "S256"),
        ])
        return endpoint + (endpoint.contains("?") ? "&" : "?") + query
    }

    /// `openid`, and the standard scope that carries the account claim.
    private var scope: String {
        switch configuration.accountClaim {
        case "email", "email_verified": "openid email"
        case "phone_number", "phone_number_verified": "openid phone"
        default: "openid profile"
        }
    }

    /// Exchanges the code at the token endpoint (client_secret_basic, with the PKCE verifier);
    /// the ID token it answers.
    func exchange(code: String, verifier: String) async throws -> String {
        let endpoint = try await discovery().tokenEndpoint
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
        let credentials = formEncode(configuration.clientID) + ":" + formEncode(configuration.clientSecret)
        request.headers.add(name: "Authorization", value: "Basic " + Data(credentials.utf8).base64EncodedString())
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: formEncoded([
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", configuration.redirectURI), ("code_verifier", verifier),
        ])))
        let (status, body) = try await send(request, what: "token endpoint")
        let answer = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        guard status == 200 else {
            // 400/401 with an OAuth error: this code is refused (used, expired, not ours).
            if (400..<500).contains(status) {
                throw OpenIDFailure.refused("the token endpoint refused the code (\(status) \(answer?["error"] as? String ?? "no error code"))")
            }
            throw OpenIDFailure.providerUnavailable("the token endpoint answered \(status)")
        }
        guard let idToken = answer?["id_token"] as? String else { throw OpenIDFailure.refused("the token endpoint answered no id_token") }
        return idToken
    }

    /// The ID token's claims once its signature (against the provider's JWKS), audience,
    /// issuer, expiry and nonce are right.
    func verify(idToken: String, nonce: String, now: Date) async throws -> OpenIDIDToken {
        let parts = idToken.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = base64URLBytes(parts[0]),
              let header = (try? JSONSerialization.jsonObject(with: Data(headerBytes))) as? [String: Any],
              let algorithm = header["alg"] as? String else { throw OpenIDFailure.refused("the ID token is not a signed JWT") }
        guard Self.algorithms.contains(algorithm) else { throw OpenIDFailure.refused("the ID token is signed with \(algorithm), not a public-key algorithm") }
        let keyID = header["kid"] as? String
        var keys = try await currentKeys()
        if let keyID, !keys.ids.contains(keyID) {
            // The provider may have rotated its key since the keys were read: read them once more.
            // (The token comes from the provider's token endpoint, not from the browser, so nobody
            // else can make the console read the keys again and again.)
            keys = try await readKeys()
        }
        if let keyID, !keys.ids.contains(keyID) { throw OpenIDFailure.refused("the ID token's key \(keyID) is not in the provider's JWKS") }
        let token: OpenIDIDToken
        do {
            token = try await keys.collection.verify(idToken, as: OpenIDIDToken.self, expectedAudience: configuration.clientID, iteratingKeys: keyID == nil)
        } catch {
            throw OpenIDFailure.refused("the ID token's signature or audience is wrong (\(error))")
        }
        guard token.issuer == configuration.issuer else { throw OpenIDFailure.refused("the ID token's issuer is \(token.issuer)") }
        guard Date(timeIntervalSince1970: token.expires).addingTimeInterval(Self.leeway) > now else { throw OpenIDFailure.refused("the ID token has expired") }
        guard let carried = token.nonce, constantTimeEquals(carried, nonce) else {
            throw OpenIDFailure.refused("the ID token's nonce is not this sign-in's")
        }
        return token
    }

    private func currentKeys() async throws -> (collection: JWTKeyCollection, ids: Set<String>, readAt: ContinuousClock.Instant) {
        if let keys, clock.now - keys.readAt < Self.cacheLifetime { return keys }
        return try await readKeys()
    }

    /// Reads the JWKS. A key without `kid` gets one of its own (so jwt-kit takes it); a key of a
    /// kind jwt-kit cannot use is left out.
    private func readKeys() async throws -> (collection: JWTKeyCollection, ids: Set<String>, readAt: ContinuousClock.Instant) {
        let url = try await discovery().jwksURI
        let body = try await fetch(url, what: "JWKS")
        guard let set = try? JSONDecoder().decode(JWKS.self, from: body) else {
            throw OpenIDFailure.providerUnavailable("the JWKS at \(url) is not a JSON Web Key Set")
        }
        let collection = JWTKeyCollection()
        var ids: Set<String> = []
        for (index, key) in set.keys.enumerated() {
            var key = key
            if key.keyIdentifier == nil { key.keyIdentifier = JWKIdentifier(string: "youyue-unnamed-\(index)") }
            if (try? await collection.add(jwk: key)) != nil, let id = key.keyIdentifier?.string { ids.insert(id) }
        }
        guard !ids.isEmpty else { throw OpenIDFailure.providerUnavailable("the JWKS at \(url) has no usable key") }
        let read = (collection, ids, clock.now)
        keys = read
        return read
    }

    private func fetch(_ url: String, what: String) async throws -> Data {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        let (status, body) = try await send(request, what: what)
        guard status == 200 else { throw OpenIDFailure.providerUnavailable("the \(what) at \(url) answered \(status)") }
        return body
    }

    private func send(_ request: HTTPClientRequest, what: String) async throws -> (Int, Data) {
        do {
            let response = try await httpClient.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 20)
            return (Int(response.status.code), Data(body.readableBytesView))
        } catch {
            throw OpenIDFailure.providerUnavailable("the \(what) could not be read: \(error)")
        }
    }
}

/// `name=value&…` with everything but RFC 3986's unreserved characters percent-encoded.
func formEncoded(_ fields: [(String, String)]) -> String {
    fields.map { formEncode($0) + "=" + formEncode($1) }.joined(separator: "&")
}

private func formEncode(_ text: String) -> String {
    let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    return text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
}
