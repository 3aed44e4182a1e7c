import Foundation

/// IDs are opaque strings. New ones are random, URL-safe and carry a short prefix for the
/// reader's sake (`op_…` for an opinion); nothing may parse meaning out of them.
public func makeID(prefix: String) -> String {
    // 20 characters of base 36 ≈ 103 bits, from two 64-bit draws (each draw is a system call).
    var generator = SystemRandomNumberGenerator()
    var body = [UInt8]()
    body.reserveCapacity(20)
    for _ in 0..<2 {
        var value = generator.next() as UInt64
        for _ in 0..<10 {
            body.append(idAlphabet[Int(value % 36)])
            value /= 36
        }
    }
    return prefix + "_" + String(decoding: body, as: UTF8.self)
}

private let idAlphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
