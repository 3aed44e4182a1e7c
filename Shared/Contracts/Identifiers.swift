import Foundation

/// IDs are opaque strings: a short prefix for the reader's sake (`op_…` for an opinion), then the
/// time in base 36 and 13 random characters (≈ 67 bits). Nothing may parse meaning out of them.
/// Starting with the time keeps new rows at the end of each primary-key index, so a commit of many
/// inserts touches a few pages instead of one random page per row.
public func makeID(prefix: String, now: Date = Date()) -> String {
    var time = UInt64(max(0, now.timeIntervalSince1970 * 1000))
    var random: UInt64 = 0
    withUnsafeMutableBytes(of: &random) { fillWithSecureRandomBytes($0) }
    let prefixBytes = prefix.utf8
    // Written into the string's own storage: no arrays on the way (this runs for every write).
    return String(unsafeUninitializedCapacity: prefixBytes.count + 1 + 9 + 13) { buffer in
        var index = buffer.initialize(fromContentsOf: prefixBytes)
        buffer[index] = UInt8(ascii: "_")
        index += 1
        // The time in fixed-width base 36, so IDs sort by time.
        for position in stride(from: index + 8, through: index, by: -1) {
            buffer[position] = idAlphabet[Int(time % 36)]
            time /= 36
        }
        index += 9
        for _ in 0..<13 {
            buffer[index] = idAlphabet[Int(random % 36)]
            random /= 36
            index += 1
        }
        return index
    }
}

private let idAlphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
