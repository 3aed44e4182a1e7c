import Foundation

/// `bytes` in base64url without padding, after the ASCII text `prefix`.
public func base64URLEncode(_ bytes: [UInt8], after prefix: [UInt8] = []) -> String {
    // Straight from the bytes: going through Data's base64 and swapping characters afterwards
    // cost a quarter of sealing a phone number.
    let alphabet = base64URLAlphabet
    let length = prefix.count + (bytes.count * 4 + 2) / 3
    return String(unsafeUninitializedCapacity: length) { output in
        var written = 0
        for byte in prefix {
            output[written] = byte
            written += 1
        }
        var index = 0
        while index < bytes.count {
            let available = min(3, bytes.count - index)
            var group = UInt32(bytes[index]) << 16
            if available > 1 { group |= UInt32(bytes[index + 1]) << 8 }
            if available > 2 { group |= UInt32(bytes[index + 2]) }
            for position in 0...available {
                output[written] = alphabet[Int((group >> (18 - 6 * UInt32(position))) & 0x3f)]
                written += 1
            }
            index += 3
        }
        return written
    }
}

private let base64URLAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

/// The bytes of unpadded base64url text; nil for anything else.
public func base64URLDecode(_ text: some StringProtocol) -> [UInt8]? {
    // Standard base64 characters would decode too after the swap; refuse them to keep one spelling.
    guard text.utf8.allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "=") }) else {
        return nil
    }
    var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    let remainder = standard.utf8.count % 4
    if remainder == 1 { return nil }
    if remainder > 0 { standard += String(repeating: "=", count: 4 - remainder) }
    return Data(base64Encoded: standard).map { Array($0) }
}
