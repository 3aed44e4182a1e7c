/// Masks phone and ID numbers inside free text before it is shown publicly.
///
/// - mobile `13812345678`, `138 1234 5678`, `138-1234-5678`, `+86 138…` → `138****5678`
///   (a `+86` prefix is kept as written)
/// - landline `027-85551234`, `(027)85551234`, `0755 12345678` → `027-******34`
///   (area code and separator kept, local number masked except its last 2 digits)
/// - ID number `42010219900101123X` → `420102********123X`
///
/// A number only counts when no digit touches it on either side, so years (2026), amounts
/// (12000元), dates and longer digit runs are never partially masked.
/// A hand-written scanner rather than a regex: the boundary rules need lookbehind.
public func maskPersonalData(_ text: String) -> String {
    let characters = Array(text)
    var output = ""
    output.reserveCapacity(text.utf8.count)
    var index = 0
    while index < characters.count {
        let startsFresh = index == 0 || !characters[index - 1].isASCIIDigit
        if startsFresh, let match = matchIDNumber(characters, at: index)
            ?? matchMobile(characters, at: index)
            ?? matchLandline(characters, at: index)
        {
            output += match.masked
            index = match.end
        } else {
            output.append(characters[index])
            index += 1
        }
    }
    return output
}

/// A recognised number: where it ends (exclusive) and its masked spelling.
private struct MaskedNumber {
    let end: Int
    let masked: String
}

// MARK: - Kinds of number

/// 17 digits and a check character (digit or X), as on the second-generation resident ID card.
private func matchIDNumber(_ characters: [Character], at start: Int) -> MaskedNumber? {
    var cursor = Cursor(characters, start)
    guard let body = cursor.digits(exactly: 17) else { return nil }
    guard let check = cursor.peek, check.isASCIIDigit || check == "X" || check == "x" else { return nil }
    cursor.advance()
    guard !cursor.atDigit else { return nil }
    let number = body + String(check)
    return MaskedNumber(end: cursor.position, masked: keep(number, first: 6, last: 4))
}

/// 11 digits starting 1[3-9], optionally grouped 3-4-4 by spaces or hyphens and prefixed by +86.
private func matchMobile(_ characters: [Character], at start: Int) -> MaskedNumber? {
    var cursor = Cursor(characters, start)
    var prefix = ""
    if cursor.peek == "+" {
        cursor.advance()
        guard cursor.digits(exactly: 2) == "86" else { return nil }
        prefix = "+86"
        if let separator = cursor.peek, separator.isPhoneSeparator {
            prefix.append(separator)
            cursor.advance()
        }
    }
    guard let head = cursor.digits(exactly: 3), isMobilePrefix(head) else { return nil }
    cursor.skipOneSeparator()
    guard cursor.digits(exactly: 4) != nil else { return nil }
    cursor.skipOneSeparator()
    guard let tail = cursor.digits(exactly: 4), !cursor.atDigit else { return nil }
    return MaskedNumber(end: cursor.position, masked: prefix + head + "****" + tail)
}

/// Area code (010 and 02x have three digits, every other 0xxx has four), optionally in
/// parentheses, an optional separator, then a 7–8 digit local number not starting with 0.
private func matchLandline(_ characters: [Character], at start: Int) -> MaskedNumber? {
    var cursor = Cursor(characters, start)
    let parenthesised = cursor.peek == "(" || cursor.peek == "（"
    if parenthesised { cursor.advance() }
    guard cursor.peek == "0", let second = cursor.peek(offset: 1), second.isASCIIDigit, second != "0" else { return nil }
    let areaLength = (second == "1" || second == "2") ? 3 : 4
    guard let area = cursor.digits(exactly: areaLength) else { return nil }

    var areaSpelling = area
    if parenthesised {
        guard let close = cursor.peek, close == ")" || close == "）" else { return nil }
        areaSpelling = "\(characters[start])\(area)\(close)"
        cursor.advance()
    }
    if let separator = cursor.peek, separator.isPhoneSeparator {
        areaSpelling.append(separator)
        cursor.advance()
    }

    guard let first = cursor.peek, first.isASCIIDigit, first != "0" else { return nil }
    let local = cursor.digitRun()
    guard local.count == 7 || local.count == 8 else { return nil }
    return MaskedNumber(end: cursor.position, masked: areaSpelling + keep(local, first: 0, last: 2))
}

private func isMobilePrefix(_ head: String) -> Bool {
    let digits = Array(head)
    return digits[0] == "1" && ("3"..."9").contains(digits[1])
}

/// Keeps the first and last characters and stars the middle.
private func keep(_ number: String, first: Int, last: Int) -> String {
    let characters = Array(number)
    let hidden = max(characters.count - first - last, 0)
    return String(characters.prefix(first)) + String(repeating: "*", count: hidden) + String(characters.suffix(last))
}

// MARK: - Scanning helpers

private struct Cursor {
    let characters: [Character]
    private(set) var position: Int

    init(_ characters: [Character], _ position: Int) {
        self.characters = characters
        self.position = position
    }

    var peek: Character? { peek(offset: 0) }

    func peek(offset: Int) -> Character? {
        let index = position + offset
        return index < characters.count ? characters[index] : nil
    }

    var atDigit: Bool { peek?.isASCIIDigit ?? false }

    mutating func advance() { position += 1 }

    /// Exactly `count` digits; nil (without moving) when fewer are there.
    mutating func digits(exactly count: Int) -> String? {
        guard position + count <= characters.count else { return nil }
        let slice = characters[position..<(position + count)]
        guard slice.allSatisfy(\.isASCIIDigit) else { return nil }
        position += count
        return String(slice)
    }

    /// All digits from here on.
    mutating func digitRun() -> String {
        var run = ""
        while let next = peek, next.isASCIIDigit {
            run.append(next)
            position += 1
        }
        return run
    }

    /// Skips one space or hyphen when a digit follows it (a separator never ends a number).
    mutating func skipOneSeparator() {
        if let separator = peek, separator.isPhoneSeparator, peek(offset: 1)?.isASCIIDigit == true {
            position += 1
        }
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    /// Space or hyphen, in their ASCII and full-width forms.
    var isPhoneSeparator: Bool { self == " " || self == "-" || self == "　" || self == "－" }
}
