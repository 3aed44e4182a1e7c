import Foundation

/// A parsed JSON value. Numbers keep their text, so each is read as the type asked for.
enum ParsedJSON {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([ParsedJSON])
    /// Members in document order; of a key given twice the first counts, as with `JSONDecoder`.
    case object([(key: String, value: ParsedJSON)])
}

/// Why a text is not the JSON `JSONTreeParser` reads: the caller lets Foundation's decoder, which
/// reads everything JSON allows and words the error, have it.
struct JSONSyntaxError: Error {}

/// A strict RFC 8259 parser of UTF-8 text into a `ParsedJSON` tree, nested at most 512 deep.
struct JSONTreeParser {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    private var depth = 0

    static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> ParsedJSON {
        var parser = JSONTreeParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw JSONSyntaxError() }
        return value
    }

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    private mutating func expect(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw JSONSyntaxError() }
        for index in 0..<count where bytes[position + index] != word.utf8Start[index] { throw JSONSyntaxError() }
        position += count
    }

    private mutating func value() throws(JSONSyntaxError) -> ParsedJSON {
        guard let byte = current else { throw JSONSyntaxError() }
        switch byte {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw JSONSyntaxError()
        }
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= 512 else { throw JSONSyntaxError() }
        position += 1
        skipWhitespace()
    }

    private mutating func object() throws(JSONSyntaxError) -> ParsedJSON {
        try enter()
        defer { depth -= 1 }
        var members: [(key: String, value: ParsedJSON)] = []
        if current == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        // Room for a typical body's fields at once, instead of growing through 1, 2, 4 and 8.
        members.reserveCapacity(8)
        while true {
            guard current == UInt8(ascii: "\"") else { throw JSONSyntaxError() }
            let key = try string()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw JSONSyntaxError() }
            position += 1
            skipWhitespace()
            members.append((key, try value()))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1; skipWhitespace()
            case UInt8(ascii: "}"): position += 1; return .object(members)
            default: throw JSONSyntaxError()
            }
        }
    }

    private mutating func array() throws(JSONSyntaxError) -> ParsedJSON {
        try enter()
        defer { depth -= 1 }
        var items: [ParsedJSON] = []
        if current == UInt8(ascii: "]") {
            position += 1
            return .array(items)
        }
        while true {
            items.append(try value())
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1; skipWhitespace()
            case UInt8(ascii: "]"): position += 1; return .array(items)
            default: throw JSONSyntaxError()
            }
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func number() throws(JSONSyntaxError) -> String {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        if current == UInt8(ascii: "0") {
            position += 1
        } else {
            try digits()
        }
        if current == UInt8(ascii: ".") {
            position += 1
            try digits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            try digits()
        }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    private mutating func digits() throws(JSONSyntaxError) {
        let start = position
        while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
        guard position > start else { throw JSONSyntaxError() }
    }

    /// A string from its opening quote; valid UTF-8 only, control characters only escaped.
    private mutating func string() throws(JSONSyntaxError) -> String {
        position += 1
        let start = position
        // Most strings have no escape: their bytes are the string.
        while let byte = current, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
            guard byte >= 0x20 else { throw JSONSyntaxError() }
            position += 1
        }
        guard let stop = current else { throw JSONSyntaxError() }
        let plain = UnsafeRawBufferPointer(rebasing: bytes[start..<position]).assumingMemoryBound(to: UInt8.self)
        if stop == UInt8(ascii: "\"") {
            position += 1
            return try validatedString(plain)
        }
        var utf8 = [UInt8](plain)
        try unescapeRest(into: &utf8)
        position += 1
        return try utf8.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try validatedString(buffer) }
    }

    /// Goes on from the first backslash to the closing quote (left as `current`).
    private mutating func unescapeRest(into utf8: inout [UInt8]) throws(JSONSyntaxError) {
        while let byte = current, byte != UInt8(ascii: "\"") {
            guard byte >= 0x20 else { throw JSONSyntaxError() }
            position += 1
            guard byte == UInt8(ascii: "\\") else {
                utf8.append(byte)
                continue
            }
            guard let escaped = current else { throw JSONSyntaxError() }
            position += 1
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"): utf8.append(contentsOf: try unicodeEscape())
            default: throw JSONSyntaxError()
            }
        }
        guard current != nil else { throw JSONSyntaxError() }
    }

    /// `\uXXXX`, after the `u`; a surrogate pair as one scalar, a lone surrogate refused.
    private mutating func unicodeEscape() throws(JSONSyntaxError) -> String.UTF8View {
        let first = try hexQuad()
        var scalar = first
        if (0xD800...0xDBFF).contains(first) {
            try expect("\\u")
            let second = try hexQuad()
            guard (0xDC00...0xDFFF).contains(second) else { throw JSONSyntaxError() }
            scalar = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        }
        guard let value = Unicode.Scalar(scalar) else { throw JSONSyntaxError() }
        return String(Character(value)).utf8
    }

    private mutating func hexQuad() throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw JSONSyntaxError() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8 = switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: throw JSONSyntaxError()
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}

/// The string of `utf8`, refused unless it is well-formed UTF-8. Decoding replaces whatever is
/// ill-formed with U+FFFD, so the decoded text is byte for byte the input only when the input was
/// well-formed: one pass of the standard library's validation and a `memcmp`, where the generic
/// `String(validating:)` went through unspecialized code that cost more than the rest of the parse.
private func validatedString(_ utf8: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> String {
    var text = String(decoding: utf8, as: UTF8.self)
    let unchanged = text.withUTF8 { decoded in
        decoded.count == utf8.count && (utf8.isEmpty || memcmp(decoded.baseAddress!, utf8.baseAddress!, utf8.count) == 0)
    }
    guard unchanged else { throw JSONSyntaxError() }
    return text
}
