import Foundation
import JWTKit

/// A machine client's registered public key, for OAuth client authentication with
/// `private_key_jwt` (RFC 7523 §2.2, OpenID Connect Core §9): an EC P-256 key, which signs ES256,
/// or an RSA key of 2048 bits or more, which signs RS256. Given as a JWK (JSON) or a PEM public key.
///
/// Only the signature and the claims' shapes are checked here; what the claims must say (issuer,
/// audience, expiry, a fresh `jti`) is the token endpoint's business, against its own clock.
public struct ClientAssertionKey: Sendable {
    /// `ES256` or `RS256`: the one algorithm this key verifies. An assertion naming another is
    /// refused before any signature is checked (no algorithm confusion, no `none`).
    public let algorithm: String
    private let keys: JWTKeyCollection

    /// Reads `text` as a JWK or a PEM public key; `ClientAssertionKeyUnreadable` says why not.
    public init(text: String) async throws(ClientAssertionKeyUnreadable) {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let keys = JWTKeyCollection()
        do {
            if text.hasPrefix("{") {
                algorithm = try await Self.add(jwk: text, to: keys)
            } else if text.hasPrefix("-----BEGIN PUBLIC KEY-----") {
                if let key = try? ES256PublicKey(pem: text) {
                    await keys.add(ecdsa: key)
                    algorithm = "ES256"
                } else {
                    await keys.add(rsa: try Insecure.RSA.PublicKey(pem: text), digestAlgorithm: .sha256)
                    algorithm = "RS256"
                }
            } else {
                throw ClientAssertionKeyUnreadable(reason: "neither a JWK nor a PEM public key (-----BEGIN PUBLIC KEY-----)")
            }
        } catch let unreadable as ClientAssertionKeyUnreadable {
            throw unreadable
        } catch {
            throw ClientAssertionKeyUnreadable(reason: "not an EC P-256 or RSA (2048 bits or more) public key")
        }
        self.keys = keys
    }

    private static func add(jwk text: String, to keys: JWTKeyCollection) async throws -> String {
        guard let jwk = try? JSONDecoder().decode(PublicJWK.self, from: Data(text.utf8)) else {
            throw ClientAssertionKeyUnreadable(reason: "the JWK is not a JSON object with kty")
        }
        guard jwk.d == nil else { throw ClientAssertionKeyUnreadable(reason: "the JWK holds a private key; register only the public key") }
        switch (jwk.kty, jwk.crv, jwk.x, jwk.y, jwk.n, jwk.e) {
        case ("EC", "P-256", let x?, let y?, _, _) where jwk.alg == nil || jwk.alg == "ES256":
            await keys.add(ecdsa: try ES256PublicKey(parameters: (x, y)))
            return "ES256"
        case ("RSA", _, _, _, let n?, let e?) where jwk.alg == nil || jwk.alg == "RS256":
            await keys.add(rsa: try Insecure.RSA.PublicKey(modulus: n, exponent: e), digestAlgorithm: .sha256)
            return "RS256"
        default:
            throw ClientAssertionKeyUnreadable(reason: "the JWK must be an EC P-256 key (ES256) or an RSA key (RS256)")
        }
    }

    /// The assertion's claims when `assertion` is a JWT signed by this key with its algorithm.
    public func verify(_ assertion: String) async throws(ClientAssertionRefused) -> ClientAssertion {
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Self.base64URLDecoded(parts[0]),
              let header = try? JSONDecoder().decode(AssertionHeader.self, from: headerBytes) else {
            throw .malformed
        }
        guard header.alg == algorithm else { throw .wrongAlgorithm }
        let claims: AssertionClaims
        do {
            claims = try await keys.verify(assertion, as: AssertionClaims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw .badSignature
        } catch {
            throw .malformed
        }
        return ClientAssertion(issuer: claims.iss, subject: claims.sub, audiences: claims.aud.value,
                               expiresAt: Date(timeIntervalSince1970: claims.exp), notBefore: claims.nbf.map { Date(timeIntervalSince1970: $0) },
                               id: claims.jti)
    }

    private static func base64URLDecoded(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}

/// What a verified client assertion says; the caller decides whether that is acceptable.
public struct ClientAssertion: Sendable, Equatable {
    public var issuer: String
    public var subject: String
    public var audiences: [String]
    public var expiresAt: Date
    public var notBefore: Date?
    /// `jti`: the assertion's own id, for refusing a replay.
    public var id: String?
}

public struct ClientAssertionKeyUnreadable: Error, Equatable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}

public enum ClientAssertionRefused: Error, Equatable {
    /// Not a JWT, or without `iss`, `sub`, `aud` or `exp`.
    case malformed
    /// Its header names another algorithm than the registered key's.
    case wrongAlgorithm
    case badSignature
}

private struct AssertionHeader: Decodable {
    var alg: String
}

/// The claims RFC 7523 §3 requires (`iss`, `sub`, `aud`, `exp`) and the optional ones read. Expiry
/// is checked by the caller, with its clock.
private struct AssertionClaims: JWTPayload {
    var iss: String
    var sub: String
    var aud: AudienceClaim
    var exp: Double
    var nbf: Double?
    var jti: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

private struct PublicJWK: Decodable {
    var kty: String
    var alg: String?
    var crv: String?
    var x: String?
    var y: String?
    var n: String?
    var e: String?
    var d: String?
}
