import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// CSRF protection for server-rendered forms, without server-side sessions: a random value in a
/// `SameSite=Lax`, HttpOnly cookie, and in the form its HMAC under a server key. Another site can
/// neither read the cookie nor compute the HMAC, so it cannot forge a matching pair.
public struct FormProtection: Sendable {
    public static let cookieName = "yy_csrf"
    private let key: SymmetricKey
    private let secureCookie: Bool

    /// `secret` is a server secret; the key is derived for this purpose alone. Cookies are marked
    /// `Secure` when the public address is https.
    public init(secret: String, publicBaseURL: String) {
        key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array("youyue-csrf-v1".utf8), using: SymmetricKey(data: Array(secret.utf8))))
        secureCookie = publicBaseURL.lowercased().hasPrefix("https://")
    }

    /// The browser's nonce from its cookie, or a fresh one with the `Set-Cookie` to send.
    public func nonce(for request: Request) -> (nonce: String, setCookie: String?) {
        if let existing = request.cookies[Self.cookieName]?.value, Self.isNonce(existing) { return (existing, nil) }
        let fresh = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let cookie = "\(Self.cookieName)=\(fresh); Path=/; HttpOnly; SameSite=Lax; Max-Age=86400" + (secureCookie ? "; Secure" : "")
        return (fresh, cookie)
    }

    /// The value for the form's hidden field.
    public func token(for nonce: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Array(nonce.utf8), using: key).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether a posted form's token matches the cookie it came with.
    public func accepts(_ request: Request, token: String?) -> Bool {
        guard let nonce = request.cookies[Self.cookieName]?.value, Self.isNonce(nonce), let token,
              let mac = hexBytes(token) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Array(nonce.utf8), using: key)
    }

    private static func isNonce(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

private func hexBytes(_ text: String) -> [UInt8]? {
    let digits = Array(text.utf8)
    guard digits.count == 64 else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(32)
    for index in stride(from: 0, to: digits.count, by: 2) {
        guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
        bytes.append(byte)
    }
    return bytes
}
