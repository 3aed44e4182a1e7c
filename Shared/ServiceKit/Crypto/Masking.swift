/// Masks personal data inside free text before it is shown publicly: on public pages and APIs
/// (through `PublicText`), in messages that end on them, and in referrals to the procuratorate.
///
/// - mobile `13812345678`, `138 1234 5678`, `138-1234-5678`, `+86 138…` → `138****5678`
///   (a `+86` prefix is kept as written)
/// - landline `027-85551234`, `(027)85551234`, `0755 12345678` → `027-******34`
///   (area code and separator kept, local number masked except its last 2 digits)
/// - ID number, second generation (17 digits and a check digit or X) `42010219900101123X` →
///   `420102********123X`
/// - ID number, first generation (15 digits) `420102900101123` → `420102******123`; only when it
///   starts with a province digit (1–8) and its 7th–12th digits are a date (YYMMDD), so that an
///   order or account number of 15 digits is left alone
/// - email `zhang.san@example.com` → `z***@example.com`: the first character of the name before
///   the `@` and the whole domain are kept (the name is what identifies a person; the domain says
///   only which provider it is, and shows the reader that an address was there)
/// - a name written after a label, `姓名：`, `联系人：` or `反映人：` → `联系人：王**`: a run of
///   2–4 Chinese characters after the label is taken as the name and all but its first character
///   starred; in a longer run the 2nd and 3rd characters are
///
/// Digits may be full-width (`１３８１２３４５６７８`, as Chinese input methods write them) and the
/// ID check character `Ｘ`; they are recognised like ASCII ones and the kept digits stay as written.
/// A number only counts when no digit touches it on either side, so years (2026), amounts
/// (12000元), dates and longer digit runs are never partially masked.
/// A hand-written scanner rather than a regex: the boundary rules need lookbehind.
public func maskPersonalData(_ text: String) -> String {
    let characters = Array(text)
    var output = ""
    output.reserveCapacity(text.utf8.count)
    var index = 0
    while index < characters.count {
        let startsFresh = index == 0 || !characters[index - 1].isDigitLike
        let startsWord = index == 0 || !characters[index - 1].isEmailNameCharacter
        if let match = (startsWord ? matchEmail(characters, at: index) : nil)
            ?? (startsFresh ? matchIDNumber(characters, at: index) ?? matchFirstGenerationID(characters, at: index)
                ?? matchMobile(characters, at: index) ?? matchLandline(characters, at: index) : nil)
            ?? matchLabelledName(characters, at: index)
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

/// A recognised piece of personal data: where it ends (exclusive) and its masked spelling.
private struct MaskedNumber {
    let end: Int
    let masked: String
}

// MARK: - Kinds of number

/// 17 digits and a check character (digit or X), as on the second-generation resident ID card.
private func matchIDNumber(_ characters: [Character], at start: Int) -> MaskedNumber? {
    var cursor = Cursor(characters, start)
    guard let body = cursor.digits(exactly: 17) else { return nil }
    guard let check = cursor.peek, check.isDigitLike || check.isIDCheckLetter else { return nil }
    cursor.advance()
    guard !cursor.atDigit else { return nil }
    let number = body + String(check)
    return MaskedNumber(end: cursor.position, masked: keep(number, first: 6, last: 4))
}

/// 15 digits, as on the first-generation card (issued until 2004, still in old records): a
/// province digit, then the area, a two-digit-year birth date and a sequence number.
private func matchFirstGenerationID(_ characters: [Character], at start: Int) -> MaskedNumber? {
    var cursor = Cursor(characters, start)
    guard let number = cursor.digits(exactly: 15), !cursor.atDigit, !(cursor.peek?.isIDCheckLetter ?? false) else { return nil }
    let values = number.compactMap(\.digitValue)
    let month = values[8] * 10 + values[9], day = values[10] * 10 + values[11]
    guard (1...8).contains(values[0]), (1...12).contains(month), (1...31).contains(day) else { return nil }
    return MaskedNumber(end: cursor.position, masked: keep(number, first: 6, last: 3))
}

/// 11 digits starting 1[3-9], optionally grouped 3-4-4 by spaces or hyphens and prefixed by +86.
private func matchMobile(_ characters: [Character], at start: Int) -> MaskedNumber? {
    var cursor = Cursor(characters, start)
    var prefix = ""
    if let plus = cursor.peek, plus == "+" || plus == "＋" {
        cursor.advance()
        guard let country = cursor.digits(exactly: 2), asciiDigits(country) == "86" else { return nil }
        prefix = String(plus) + country
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
    guard cursor.peek?.digitValue == 0, let second = cursor.peek(offset: 1)?.digitValue, second != 0 else { return nil }
    let areaLength = (second == 1 || second == 2) ? 3 : 4
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

    guard let first = cursor.peek?.digitValue, first != 0 else { return nil }
    let local = cursor.digitRun()
    guard local.count == 7 || local.count == 8 else { return nil }
    return MaskedNumber(end: cursor.position, masked: areaSpelling + keep(local, first: 0, last: 2))
}

private func isMobilePrefix(_ head: String) -> Bool {
    let digits = head.compactMap(\.digitValue)
    return digits.count == 3 && digits[0] == 1 && (3...9).contains(digits[1])
}

/// The digits as ASCII, for comparing a full-width spelling with a fixed number.
private func asciiDigits(_ digits: String) -> String {
    String(digits.compactMap { $0.digitValue.map { Character(String($0)) } })
}

/// Keeps the first and last characters and stars the middle.
private func keep(_ number: String, first: Int, last: Int) -> String {
    let characters = Array(number)
    let hidden = max(characters.count - first - last, 0)
    return String(characters.prefix(first)) + String(repeating: "*", count: hidden) + String(characters.suffix(last))
}

// MARK: - Email addresses and labelled names

/// `name@domain.tld`: the name is the whole run of name characters (so `13812345678@qq.com` is an
/// address, not a phone); the domain is two or more labels, the last of at least two letters.
private func matchEmail(_ characters: [Character], at start: Int) -> MaskedNumber? {
    var position = start
    while position < characters.count, characters[position].isEmailNameCharacter { position += 1 }
    guard position > start, position < characters.count, characters[position] == "@" || characters[position] == "＠" else { return nil }
    let at = characters[position]
    let domainStart = position + 1
    var end = domainStart
    while end < characters.count, characters[end].isDomainCharacter { end += 1 }
    // A full stop or hyphen after the address belongs to the sentence.
    while end > domainStart, characters[end - 1] == "." || characters[end - 1] == "-" { end -= 1 }
    let labels = String(characters[domainStart..<end]).split(separator: ".", omittingEmptySubsequences: false)
    guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }), let top = labels.last, top.count >= 2,
          top.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
    let masked = String(characters[start]) + "***" + String(at) + String(characters[domainStart..<end])
    return MaskedNumber(end: end, masked: masked)
}

/// Labels after which people write a name; only with a colon, so that running text such as
/// “联系人电话” is left alone.
private let nameLabels: [[Character]] = ["姓名", "联系人", "反映人"].map(Array.init)

private func matchLabelledName(_ characters: [Character], at start: Int) -> MaskedNumber? {
    guard let label = nameLabels.first(where: { characters[start...].starts(with: $0) }) else { return nil }
    var position = start + label.count
    guard position < characters.count, characters[position] == "：" || characters[position] == ":" else { return nil }
    position += 1
    while position < characters.count, characters[position] == " " || characters[position] == "　" { position += 1 }
    let nameStart = position
    while position < characters.count, characters[position].isHanCharacter { position += 1 }
    let run = position - nameStart
    guard run >= 2 else { return nil }
    let hidden = run <= 4 ? run - 1 : 2
    let masked = String(characters[start..<nameStart]) + String(characters[nameStart]) + String(repeating: "*", count: hidden)
    return MaskedNumber(end: nameStart + 1 + hidden, masked: masked)
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

    var atDigit: Bool { peek?.isDigitLike ?? false }

    mutating func advance() { position += 1 }

    /// Exactly `count` digits, as written; nil (without moving) when fewer are there.
    mutating func digits(exactly count: Int) -> String? {
        guard position + count <= characters.count else { return nil }
        let slice = characters[position..<(position + count)]
        guard slice.allSatisfy(\.isDigitLike) else { return nil }
        position += count
        return String(slice)
    }

    /// All digits from here on.
    mutating func digitRun() -> String {
        var run = ""
        while let next = peek, next.isDigitLike {
            run.append(next)
            position += 1
        }
        return run
    }

    /// Skips one space or hyphen when a digit follows it (a separator never ends a number).
    mutating func skipOneSeparator() {
        if let separator = peek, separator.isPhoneSeparator, peek(offset: 1)?.isDigitLike == true {
            position += 1
        }
    }
}

private extension Character {
    /// 0–9 for an ASCII or full-width (U+FF10–U+FF19) digit.
    var digitValue: Int? {
        guard let scalar = unicodeScalars.first, unicodeScalars.count == 1 else { return nil }
        switch scalar.value {
        case 0x30...0x39: return Int(scalar.value - 0x30)
        case 0xFF10...0xFF19: return Int(scalar.value - 0xFF10)
        default: return nil
        }
    }

    var isDigitLike: Bool { digitValue != nil }
    var isIDCheckLetter: Bool { self == "X" || self == "x" || self == "Ｘ" || self == "ｘ" }
    /// Space or hyphen, in their ASCII and full-width forms.
    var isPhoneSeparator: Bool { self == " " || self == "-" || self == "　" || self == "－" }
    var isEmailNameCharacter: Bool { isASCII && (isLetter || isNumber || self == "." || self == "_" || self == "%" || self == "+" || self == "-") }
    var isDomainCharacter: Bool { isASCII && (isLetter || isNumber || self == "." || self == "-") }
    /// A CJK unified ideograph (basic block and extension A).
    var isHanCharacter: Bool {
        guard let scalar = unicodeScalars.first, unicodeScalars.count == 1 else { return false }
        return (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }
}
