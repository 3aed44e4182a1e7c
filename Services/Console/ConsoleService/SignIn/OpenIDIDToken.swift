import Foundation
import JWTKit

/// The claims of a provider's ID token that the console reads. The audience is checked by
/// jwt-kit with the signature; issuer, expiry and nonce by `OpenIDProvider` against the console's
/// own clock, which `verify(using:)` cannot see.
struct OpenIDIDToken: JWTIdentityToken {
    var audience: AudienceClaim
    var issuer: String
    var expires: Double
    var nonce: String?
    /// Every claim whose value is text, by name: the configured account claim is looked up here.
    var textClaims: [String: String]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: ClaimName.self)
        audience = try container.decode(AudienceClaim.self, forKey: ClaimName("aud"))
        issuer = try container.decode(String.self, forKey: ClaimName("iss"))
        expires = try container.decode(Double.self, forKey: ClaimName("exp"))
        nonce = try container.decodeIfPresent(String.self, forKey: ClaimName("nonce"))
        var texts: [String: String] = [:]
        for key in container.allKeys {
            if let text = try? container.decode(String.self, forKey: key) { texts[key.stringValue] = text }
        }
        textClaims = texts
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ClaimName.self)
        for (name, text) in textClaims { try container.encode(text, forKey: ClaimName(name)) }
        try container.encode(audience, forKey: ClaimName("aud"))
        try container.encode(expires, forKey: ClaimName("exp"))
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

private struct ClaimName: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
