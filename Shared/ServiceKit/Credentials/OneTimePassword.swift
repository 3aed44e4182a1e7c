import Crypto
import Foundation

/// Time-based one-time passwords (TOTP, RFC 6238) for the second sign-in factor: HMAC-SHA1,
/// 6 digits, a 30-second step, which every authenticator app reads from an `otpauth://` URI.
public enum OneTimePassword {
    /// RFC 4226 §4 asks for at least 128 bits and recommends 160, the length of an SHA-1 output.
    public static let secretLength = 20
    public static let defaultDigits = 6
    public static let period = 30

    /// A new random secret; store it sealed, show it once (as a QR code and in base32).
    public static func makeSecret() -> [UInt8] {
        randomBytes(secretLength)
    }

    /// The time step `date` falls in: whole periods since the Unix epoch (RFC 6238 §4.2).
    public static func timeStep(at date: Date) -> Int64 {
        Int64((max(0, date.timeIntervalSince1970) / Double(period)).rounded(.down))
    }

    /// The code an authenticator shows at `date`, zero-padded to `digits` (6 by default; the
    /// RFC's test vectors use 8).
    public static func code(secret: [UInt8], at date: Date, digits: Int = defaultDigits) -> String {
        code(secret: secret, step: timeStep(at: date), digits: digits)
    }

    /// Whether `code` is the one for `date` or for up to `window` steps before or after it, so a
    /// code typed just as it changes, or on a phone whose clock is a little off, still counts.
    /// Spaces are ignored ("123 456"). Every candidate is compared, each in constant time.
    public static func verify(code: String, secret: [UInt8], at date: Date, window: Int = 1, digits: Int = defaultDigits) -> Bool {
        acceptedStep(code: code, secret: secret, at: date, window: window, digits: digits) != nil
    }

    /// The time step whose code `code` is, within `window` steps of `date`, or nil. RFC 6238 §5.2
    /// asks that a code be accepted only once: the caller keeps the last accepted step per
    /// account and refuses a step at or below it.
    public static func acceptedStep(code: String, secret: [UInt8], at date: Date, window: Int = 1, digits: Int = defaultDigits) -> Int64? {
        precondition((0...10).contains(window), "a TOTP window is 0…10 steps either side")
        let typed = Array(code.utf8.filter { $0 != UInt8(ascii: " ") })
        guard (1...9).contains(digits), typed.count == digits, typed.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              !secret.isEmpty else { return nil }
        let now = timeStep(at: date)
        var accepted: Int64?
        // No early exit: the time taken does not depend on which step matched, or whether any did.
        for offset in -window...window {
            let step = now + Int64(offset)
            guard step >= 0 else { continue }
            let expected = Array(self.code(secret: secret, step: step, digits: digits).utf8)
            if constantTimeEqual(expected, typed) && accepted == nil { accepted = step }
        }
        return accepted
    }

    /// HOTP (RFC 4226 §5.3) over the time step: HMAC-SHA1 of the big-endian counter, dynamic
    /// truncation to 31 bits, the last `digits` decimal digits.
    static func code(secret: [UInt8], step: Int64, digits: Int) -> String {
        precondition((1...9).contains(digits), "a TOTP code has 1…9 digits")
        let message = withUnsafeBytes(of: UInt64(step).bigEndian) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let truncated = (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let number = String(truncated % modulus)
        return String(repeating: "0", count: digits - number.count) + number
    }
}
