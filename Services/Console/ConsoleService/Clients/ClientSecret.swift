import Crypto
import Foundation
import ServiceKit

/// Client ids and secrets.
///
/// A secret is 32 random bytes (256 bits) in base64url, and only its SHA-256 is stored. Not scrypt,
/// as for passwords: scrypt's cost is there to slow down guessing a secret a person chose, and
/// nobody guesses 256 random bits however fast the hash is; a deliberately slow hash on every
/// token request, on the other hand, would let anyone who can reach `/oauth/token` load the
/// console's cores cheaply.
enum ClientSecret {
    /// `client-` and 16 hex digits: readable in a log, safe in HTTP Basic and form encoding.
    static func makeID() -> String {
        "client-" + randomBytes(8).map { String(format: "%02x", $0) }.joined()
    }

    static func make() -> String {
        Data(randomBytes(32)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ secret: String) -> String {
        "sha256$" + SHA256.hash(data: Array(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Comparing the hashes rather than the secrets: how long the comparison takes tells nothing
    /// about the secret.
    static func matches(_ secret: String, hash stored: String) -> Bool {
        !stored.isEmpty && hash(secret) == stored
    }

    /// Stored for a client that authenticates with its key only: no secret hashes to it.
    static let none = ""
}
