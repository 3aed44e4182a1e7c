/// Receipt codes are read out over the phone and typed on old phones: no 0/O, 1/I/L, and grouped
/// as `ABCD-EFGH-JK`. Ten characters from 31 give about 50 bits, too many to guess.
enum ReceiptCode {
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ".utf8)

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        var value = generator.next() as UInt64
        var characters: [UInt8] = []
        for index in 0..<10 {
            if index == 4 || index == 8 { characters.append(UInt8(ascii: "-")) }
            characters.append(alphabet[Int(value % UInt64(alphabet.count))])
            value /= UInt64(alphabet.count)
        }
        return String(decoding: characters, as: UTF8.self)
    }

    /// What a person typed, made canonical: upper case, dashes and spaces ignored. Nil when it
    /// cannot be a receipt code.
    static func normalize(_ typed: String) -> String? {
        let mapped = typed.uppercased().filter { !["-", " ", "－", "　"].contains($0) }
        guard mapped.count == 10, mapped.allSatisfy({ $0.isASCII && alphabet.contains($0.asciiValue ?? 0) }) else { return nil }
        let text = String(mapped)
        return "\(text.prefix(4))-\(text.dropFirst(4).prefix(4))-\(text.suffix(2))"
    }
}
