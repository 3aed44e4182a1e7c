import Foundation

/// IDs are opaque strings: a short prefix for the reader's sake (`op_…` for an opinion), then the
/// time in base 36 and 13 random characters (≈ 67 bits). Nothing may parse meaning out of them.
/// Starting with the time keeps new rows at the end of each primary-key index, so a commit of many
/// inserts touches a few pages instead of one random page per row.
public func makeID(prefix: String, now: Date = Date()) -> String {
    var body = base36(UInt64(max(0, now.timeIntervalSince1970 * 1000)), width: 9)
    var random: UInt64 = 0
    withUnsafeMutableBytes(of: &random) { fillWithSecureRandomBytes($0) }
    for _ in 0..<13 {
        body.append(idAlphabet[Int(random % 36)])
        random /= 36
    }
    return prefix + "_" + String(decoding: body, as: UTF8.self)
}

/// Fixed-width base 36, so IDs sort by time.
private func base36(_ value: UInt64, width: Int) -> [UInt8] {
    var digits = [UInt8](repeating: idAlphabet[0], count: width)
    var rest = value
    for index in stride(from: width - 1, through: 0, by: -1) {
        digits[index] = idAlphabet[Int(rest % 36)]
        rest /= 36
    }
    return digits
}

private let idAlphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
