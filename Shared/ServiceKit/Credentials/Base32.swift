/// Base32 (RFC 4648 §6), as authenticator apps take TOTP secrets: the alphabet A–Z, 2–7, written
/// without padding.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// `bytes` in base32, uppercase, without `=` padding.
    public static func encode(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bitCount = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bitCount += 8
            while bitCount >= 5 {
                bitCount -= 5
                text.append(alphabet[Int((buffer >> UInt32(bitCount)) & 0x1f)])
            }
        }
        if bitCount > 0 {
            text.append(alphabet[Int((buffer << UInt32(5 - bitCount)) & 0x1f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes of base32 `text`, or nil when it is not base32. Accepts what people copy from
    /// other places: lowercase, spaces and hyphens between groups, and trailing `=` padding.
    public static func decode(_ text: String) -> [UInt8]? {
        var symbols = Array(text.utf8).filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "-") }
        while symbols.last == UInt8(ascii: "=") { symbols.removeLast() }
        // A length of 1, 3 or 6 symbols mod 8 leaves bits no byte count can produce.
        guard ![1, 3, 6].contains(symbols.count % 8) else { return nil }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(symbols.count * 5 / 8)
        var buffer: UInt32 = 0
        var bitCount = 0
        for symbol in symbols {
            guard let value = value(of: symbol) else { return nil }
            buffer = (buffer << 5) | UInt32(value)
            bitCount += 5
            if bitCount >= 8 {
                bitCount -= 8
                bytes.append(UInt8((buffer >> UInt32(bitCount)) & 0xff))
            }
        }
        // The leftover bits are padding and must be zero (RFC 4648 §3.5), so each byte string has
        // one spelling.
        guard buffer & ((1 << UInt32(bitCount)) - 1) == 0 else { return nil }
        return bytes
    }

    private static func value(of symbol: UInt8) -> UInt8? {
        switch symbol {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): symbol - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): symbol - UInt8(ascii: "a")
        case UInt8(ascii: "2")...UInt8(ascii: "7"): symbol - UInt8(ascii: "2") + 26
        default: nil
        }
    }
}
