import Crypto
import Foundation

/// A JSON Web Key Set (RFC 7517 §5) of P-256 public keys, as `/.well-known/jwks.json` serves it.
public struct PublicKeySet: Codable, Sendable, Equatable {
    public var keys: [PublicKeyEntry]

    public init(keys: [PublicKeyEntry]) {
        self.keys = keys
    }
}

/// One public key (RFC 7518 §6.2.1): `kty` EC, `crv` P-256, coordinates in base64url.
public struct PublicKeyEntry: Codable, Sendable, Equatable {
    public var kty: String
    public var crv: String
    public var x: String
    public var y: String
    public var kid: String
    public var alg: String
    public var use: String

    public init(kid: String, key: P256.Signing.PublicKey) {
        let raw = Array(key.rawRepresentation)
        kty = "EC"
        crv = "P-256"
        x = base64URLEncode(Array(raw[0..<32]))
        y = base64URLEncode(Array(raw[32..<64]))
        self.kid = kid
        alg = "ES256"
        use = "sig"
    }

    /// The key, when this entry is a P-256 signing key; nil for anything else, which a verifier skips.
    public var publicKey: P256.Signing.PublicKey? {
        guard kty == "EC", crv == "P-256", alg == "ES256",
              let x = base64URLDecode(x), let y = base64URLDecode(y), x.count == 32, y.count == 32 else { return nil }
        return try? P256.Signing.PublicKey(rawRepresentation: x + y)
    }
}
