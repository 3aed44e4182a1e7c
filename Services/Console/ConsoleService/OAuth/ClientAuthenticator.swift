import Foundation
import ServiceKit

/// Why a client's authentication failed. `reason` goes to the audit chain (never a secret or an
/// assertion); the client is told `invalid_client` and, once its assertion's signature has shown
/// it holds the key, what was wrong with the claims.
struct ClientAuthenticationFailure: Error {
    /// The client, when the id named a registered one.
    var clientID: String?
    var reason: String
    var told = "client authentication failed"
}

/// Checks a token request's client authentication against the registered clients: a secret
/// (`client_secret_basic`, `client_secret_post`) or a signed assertion (`private_key_jwt`,
/// RFC 7523 §3) with `iss` = `sub` = the client id, this token endpoint (or the console) as
/// audience, a short `exp` and a `jti` not seen before.
struct ClientAuthenticator: Sendable {
    let database: any Database
    /// The audiences an assertion may name: the token endpoint's URL (RFC 7523 §3 item 3) or the
    /// console's public base URL (the issuer, as OpenID Connect clients name it).
    let audiences: Set<String>
    let replayGuard = AssertionReplayGuard()

    /// An assertion may expire at most this far ahead: it is meant for one request, and its `jti`
    /// is remembered (in memory) until it expires.
    static let maximumAssertionLifetime: TimeInterval = 600
    /// How far apart the client's clock and the console's may be.
    static let allowedClockSkew: TimeInterval = 60

    func authenticate(_ credentials: PresentedClientCredentials, now: Date) async throws -> Result<MachineClientRecord, ClientAuthenticationFailure> {
        switch credentials {
        case .secret(let clientID, let secret, _):
            guard let client = try await MachineClientStore.find(database, clientID: clientID) else {
                return .failure(ClientAuthenticationFailure(reason: "unknown client"))
            }
            guard client.publicKey == nil else {
                return .failure(ClientAuthenticationFailure(clientID: clientID, reason: "a secret for a private_key_jwt client",
                                                            told: "this client authenticates with private_key_jwt"))
            }
            guard ClientSecret.matches(secret, hash: client.secretHash) else {
                return .failure(ClientAuthenticationFailure(clientID: clientID, reason: "wrong secret"))
            }
            return usable(client)
        case .assertion(let assertion, let namedClientID):
            guard let clientID = namedClientID ?? unverifiedIssuer(of: assertion),
                  let client = try await MachineClientStore.find(database, clientID: clientID) else {
                return .failure(ClientAuthenticationFailure(reason: "assertion for an unknown client"))
            }
            guard let keyText = client.publicKey, let key = try? await ClientAssertionKey(text: keyText) else {
                return .failure(ClientAuthenticationFailure(clientID: clientID, reason: "assertion from a client without a key",
                                                            told: "this client has no registered key; use its secret"))
            }
            let claims: ClientAssertion
            do {
                claims = try await key.verify(assertion)
            } catch {
                let reason = switch error {
                case .malformed: "assertion malformed"
                case .wrongAlgorithm: "assertion algorithm is not \(key.algorithm)"
                case .badSignature: "assertion signature invalid"
                }
                return .failure(ClientAuthenticationFailure(clientID: clientID, reason: reason))
            }
            if let problem = problem(with: claims, clientID: clientID, now: now) {
                return .failure(ClientAuthenticationFailure(clientID: clientID, reason: problem, told: problem))
            }
            if case .failure(let refused) = usable(client) { return .failure(refused) }
            guard let id = claims.id, replayGuard.firstUse(of: id, by: clientID, expiresAt: claims.expiresAt, now: now) else {
                return .failure(ClientAuthenticationFailure(clientID: clientID, reason: "assertion jti missing or used before",
                                                            told: "the assertion needs a jti that was not used before"))
            }
            return .success(client)
        }
    }

    /// A disabled client, or one whose stored role no token may carry, is refused like a wrong secret.
    private func usable(_ client: MachineClientRecord) -> Result<MachineClientRecord, ClientAuthenticationFailure> {
        guard client.view.status == .enabled else {
            return .failure(ClientAuthenticationFailure(clientID: client.view.clientID, reason: "client disabled"))
        }
        guard !MachineClientInput.refusedRoles.contains(client.view.role) else {
            return .failure(ClientAuthenticationFailure(clientID: client.view.clientID, reason: "client role \(client.view.role.rawValue) refused"))
        }
        return .success(client)
    }

    /// What is wrong with a verified assertion's claims (ASCII: it is told to the client), or nil.
    private func problem(with claims: ClientAssertion, clientID: String, now: Date) -> String? {
        if claims.issuer != clientID || claims.subject != clientID { return "the assertion's iss and sub must both be the client id" }
        if audiences.isDisjoint(with: claims.audiences) { return "the assertion's aud must be the token endpoint URL" }
        if claims.expiresAt <= now.addingTimeInterval(-Self.allowedClockSkew) { return "the assertion has expired" }
        if claims.expiresAt > now.addingTimeInterval(Self.maximumAssertionLifetime + Self.allowedClockSkew) {
            return "the assertion's exp may be at most \(Int(Self.maximumAssertionLifetime)) seconds ahead"
        }
        if let notBefore = claims.notBefore, notBefore > now.addingTimeInterval(Self.allowedClockSkew) { return "the assertion is not valid yet (nbf)" }
        return nil
    }
}

/// The `iss` an assertion claims (`sub` when it has none), before anything is verified: only to
/// find whose key verifies it.
func unverifiedIssuer(of assertion: String) -> String? {
    let parts = assertion.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3 else { return nil }
    var base64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
    struct Names: Decodable { var iss: String?; var sub: String? }
    guard let data = Data(base64Encoded: base64), let names = try? JSONDecoder().decode(Names.self, from: data) else { return nil }
    return names.iss ?? names.sub
}
