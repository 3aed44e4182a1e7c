import Crypto
import Foundation
import ServiceKit

/// Proof Key for Code Exchange (RFC 7636) with the S256 method: the console keeps a random
/// verifier and sends only its hash with the authorization request, so a code caught on its way
/// back is useless to anyone without the verifier.
enum PKCE {
    /// 32 random bytes in base64url: 43 characters, within RFC 7636's 43…128.
    static func makeVerifier() -> String { base64URL(randomBytes(32)) }

    /// `BASE64URL(SHA256(ASCII(verifier)))`.
    static func challenge(for verifier: String) -> String { base64URL(Array(SHA256.hash(data: Array(verifier.utf8)))) }
}

/// Base64url without padding (RFC 4648 §5), as OAuth and JOSE write random values and hashes.
func base64URL(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString()
        .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
}

/// The bytes of base64url text (padding optional), or nil.
func base64URLBytes(_ text: some StringProtocol) -> [UInt8]? {
    var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
    return Data(base64Encoded: standard).map(Array.init)
}

/// Compares two secrets in time that does not depend on where they differ.
func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
}
