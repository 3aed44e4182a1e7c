import Foundation

/// IDs are opaque strings. New ones are random, URL-safe and carry a short prefix for the
/// reader's sake (`op_…` for an opinion); nothing may parse meaning out of them.
public func makeID(prefix: String) -> String {
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
    let body = (0..<20).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] }
    return prefix + "_" + String(body)
}
