import Contracts
import Crypto
import Foundation

/// Verifies Youyue tokens: ES256 only, signed by a trusted key whose owner may speak for the
/// subject (the console for people and machine clients, a service for itself alone), unexpired,
/// no longer-lived than 12 hours, for this issuer and audience.
public struct TokenVerifier: Sendable {
    public let issuer: String
    public let audience: String
    let trust: TrustedKeys

    /// How far ahead of this server's clock a token's `iat` may be: clocks of the issuing and the
    /// verifying machine drift a little apart.
    public static let allowedClockSkew: TimeInterval = 60
    /// The longest any token may live (`youyue token`'s limit; people's tokens live 5 minutes).
    public static let longestLifetime: TimeInterval = 12 * 3600

    public init(trust: TrustedKeys, issuer: String = "youyue", audience: String = "youyue") {
        self.trust = trust
        self.issuer = issuer
        self.audience = audience
    }

    public func verify(_ token: String, now: Date = Date()) async throws(TokenRejection) -> Principal {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = base64URLDecode(parts[0]),
              let header = try? tokenDecoder.decode(TokenHeader.self, from: Data(headerBytes)) else { throw .malformed }
        // The algorithm is fixed here, never taken from the token: no `none`, no HMAC keyed with a
        // public key, whatever the header says.
        guard header.alg == "ES256", header.crit == nil else { throw .badSignature }
        guard let kid = header.kid, let (owner, key) = await trust.key(for: kid) else { throw .unknownKey }
        guard let signatureBytes = base64URLDecode(parts[2]), signatureBytes.count == 64,
              let signature = try? P256.Signing.ECDSASignature(rawRepresentation: signatureBytes),
              key.isValidSignature(signature, for: Data(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count)))
        else { throw .badSignature }
        guard let payload = base64URLDecode(parts[1]),
              let claims = try? tokenDecoder.decode(TokenClaims.self, from: Data(payload)) else { throw .malformed }
        if claims.role == .service {
            guard claims.sub == owner.rawValue else { throw .wrongSigner }
        } else {
            guard owner == .console else { throw .wrongSigner }
        }
        let nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down))
        guard claims.exp > nowSeconds else { throw .expired }
        guard claims.exp - claims.iat <= Int64(Self.longestLifetime) else { throw .tooLongLived }
        guard claims.iss == issuer else { throw .wrongIssuer }
        guard claims.aud.values.contains(audience) else { throw .wrongAudience }
        guard claims.iat <= nowSeconds + Int64(Self.allowedClockSkew) else { throw .issuedInFuture }
        return claims.principal
    }
}

/// One decoder for every request's token, not two new ones per request.
private let tokenDecoder = JSONDecoder()

/// The JOSE header fields a verifier looks at.
struct TokenHeader: Decodable {
    var alg: String
    var kid: String?
    /// Extensions the signer says must be understood (RFC 7515 §4.1.11); Youyue understands none.
    var crit: [String]?
}
