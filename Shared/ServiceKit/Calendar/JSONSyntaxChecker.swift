/// Finds where a JSON text first breaks the grammar (RFC 8259), as a line and column, because
/// Foundation's decoder only says "not valid JSON" and people edit these files by hand.
/// Used only after the decoder has refused the text, so a gap here cannot reject a valid file.
struct JSONSyntaxChecker {
    struct Problem: Error {
        let line: Int
        let column: Int
        let message: String
    }

    private let bytes: [UInt8]
    private var index = 0
    private static let maximumDepth = 512

    /// Nil when the text is well-formed JSON.
    static func firstProblem(in bytes: [UInt8]) -> Problem? {
        var checker = JSONSyntaxChecker(bytes: bytes)
        do throws(Problem) {
            try checker.checkDocument()
            return nil
        } catch {
            return error
        }
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private var current: UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func checkDocument() throws(Problem) {
        try checkValue(depth: 0)
        skipWhitespace()
        if current != nil { throw problem("unexpected text after the end of the JSON document") }
    }

    private mutating func checkValue(depth: Int) throws(Problem) {
        skipWhitespace()
        guard depth < Self.maximumDepth else { throw problem("objects and lists are nested too deeply") }
        guard let first = current else { throw problem("the file ends where a value was expected") }
        switch first {
        case UInt8(ascii: "{"): try checkObject(depth: depth)
        case UInt8(ascii: "["): try checkArray(depth: depth)
        case UInt8(ascii: "\""): try checkString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try checkNumber()
        case UInt8(ascii: "t"): try checkLiteral("true")
        case UInt8(ascii: "f"): try checkLiteral("false")
        case UInt8(ascii: "n"): try checkLiteral("null")
        default: throw problem("expected a value: text in double quotes, a number, {…}, […], true, false or null")
        }
    }

    private mutating func checkObject(depth: Int) throws(Problem) {
        index += 1
        skipWhitespace()
        if current == UInt8(ascii: "}") { index += 1; return }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else {
                throw problem(current == UInt8(ascii: "}") ? "a comma before '}' is not allowed" : "expected a field name in double quotes")
            }
            try checkString()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw problem("expected ':' after the field name") }
            index += 1
            try checkValue(depth: depth + 1)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return
            default: throw problem("expected ',' or '}' after the field's value")
            }
        }
    }

    private mutating func checkArray(depth: Int) throws(Problem) {
        index += 1
        skipWhitespace()
        if current == UInt8(ascii: "]") { index += 1; return }
        while true {
            skipWhitespace()
            if current == UInt8(ascii: "]") { throw problem("a comma before ']' is not allowed") }
            try checkValue(depth: depth + 1)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return
            default: throw problem("expected ',' or ']' after the list item")
            }
        }
    }

    private mutating func checkString() throws(Problem) {
        let opening = index
        index += 1
        while let byte = current {
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                index += 1
                guard let escaped = current, Array("\"\\/bfnrtu".utf8).contains(escaped) else {
                    throw problem("unknown escape after '\\' (write a backslash as \\\\)")
                }
                index += 1
                if escaped == UInt8(ascii: "u") {
                    for _ in 0..<4 {
                        guard let digit = current, Self.isHexDigit(digit) else { throw problem("expected four hex digits after \\u") }
                        index += 1
                    }
                }
            case 0..<0x20:
                throw problem("a line break or control character inside text in quotes (is a closing quote missing?)")
            default:
                index += 1
            }
        }
        index = opening
        throw problem("text in quotes is never closed")
    }

    private mutating func checkNumber() throws(Problem) {
        if current == UInt8(ascii: "-") { index += 1 }
        if current == UInt8(ascii: "0") {
            index += 1
        } else {
            guard skipDigits() > 0 else { throw problem("malformed number") }
        }
        if current == UInt8(ascii: ".") {
            index += 1
            guard skipDigits() > 0 else { throw problem("malformed number: digits must follow '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() > 0 else { throw problem("malformed number: digits must follow the exponent") }
        }
    }

    private mutating func skipDigits() -> Int {
        let start = index
        while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
        return index - start
    }

    private mutating func checkLiteral(_ word: String) throws(Problem) {
        for expected in word.utf8 {
            guard current == expected else { throw problem("expected \(word)") }
            index += 1
        }
    }

    private mutating func skipWhitespace() {
        while let byte = current, [0x20, 0x0A, 0x0D, 0x09].contains(byte) { index += 1 }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    /// A problem at the current position. Columns count characters, not bytes, so a line with
    /// Chinese text points at the right place.
    private func problem(_ message: String) -> Problem {
        let before = bytes[..<min(index, bytes.count)]
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let line = before.count(where: { $0 == UInt8(ascii: "\n") }) + 1
        let column = bytes[lineStart..<before.endIndex].count(where: { $0 & 0xC0 != 0x80 }) + 1
        return Problem(line: line, column: column, message: message)
    }
}
