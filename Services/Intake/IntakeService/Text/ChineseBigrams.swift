// Chinese full-text search and similarity without a word segmenter: overlapping character
// bigrams, the approach of Lucene's CJKAnalyzer.
//
// Normalisation: full-width ASCII (U+FF01–FF5E) and the ideographic space (U+3000) become their
// half-width forms; letters are lowercased. Format characters and variation selectors (zero-width
// space, ZWJ, U+FE0F …) are dropped without breaking a run, so a stray one pasted into 加装电梯
// does not split it. Everything else that is not a letter, mark or number — whitespace,
// punctuation (，。！？、“” and their ASCII forms), symbols, emoji — separates runs.
//
// Runs:
// - bigram-script runs (Han ideographs with 〇 and 々, kana, Hangul): every overlapping pair of
//   characters ("老旧小区" → 老旧 旧小 小区); a run of one character is emitted as that character.
// - word runs (letters, marks and digits of any other script, e.g. Latin): one lowercase word.
// - A word run and a bigram run that touch are separate runs, as in Lucene's StandardTokenizer:
//   "5号楼" → 5 号楼, "WiFi信号弱" → wifi 信号 号弱. The digits keep their own exact token, so "15号楼"
//   (15 号楼) and "5号楼" (5 号楼) stay distinguishable, and a query typed with or without a space
//   ("5号楼", "5 号楼") tokenises the same way.
//
// One-character queries: `indexText` also stores every bigram-script character as a unigram
// token, so a query of one character matches every document that contains that character
// anywhere — "梯" finds "加装电梯", just as "电梯" finds "老旧小区加装电梯". Substring containment is
// the only meaning a segmenter-free index can give consistently; matching only when the character
// stands alone would need word segmentation. The unigram is the bare character: tokens are
// always matched whole (never with a prefix query `梯*`), and a unigram can never equal a bigram
// (two characters) or a word token (no bigram-script characters), so the three forms are
// distinct without a marker. The unigrams go after all the bigrams of the document, so the
// bigrams of a run keep consecutive positions and a phrase query over a query's bigrams (FTS5
// `"老旧 旧小 小区"`, PostgreSQL `老旧 <-> 旧小 <-> 小区`) matches exactly the documents containing
// that substring; an AND of the tokens is looser (all bigrams present, anywhere).
//
// Both FTS5's unicode61 tokenizer and PostgreSQL's `simple` configuration treat these tokens as
// single words (CJK characters are letters to both), and their case folding agrees with ours.

/// The search tokens of a text, in order, duplicates kept: bigrams of bigram-script runs, a lone
/// bigram-script character as itself, and whole lowercase words for other letters and digits.
///
/// `"老旧小区加装电梯"` → `["老旧", "旧小", "小区", "区加", "加装", "装电", "电梯"]`;
/// `"5号楼 Elevator"` → `["5", "号楼", "elevator"]`.
func searchTokens(_ text: String) -> [String] {
    var tokens: [String] = []
    for run in textRuns(text) {
        switch run {
        case .word(let word):
            tokens.append(word)
        case .bigramScript(let characters):
            if characters.count == 1 {
                tokens.append(String(characters[0]))
            } else {
                for index in 1..<characters.count {
                    var pair = String.UnicodeScalarView()
                    pair.append(characters[index - 1])
                    pair.append(characters[index])
                    tokens.append(String(pair))
                }
            }
        }
    }
    return tokens
}

/// The text to store in a full-text column (FTS5 with the unicode61 tokenizer, or PostgreSQL
/// `to_tsvector('simple', …)`): the search tokens separated by spaces, then a unigram for every
/// character of bigram-script runs longer than one (a lone character is already its own token),
/// so that a one-character query can be answered. Empty for a text without any token.
func indexText(_ text: String) -> String {
    let runs = textRuns(text)
    var parts = searchTokens(text)
    for case .bigramScript(let characters) in runs where characters.count > 1 {
        for character in characters {
            parts.append(String(character))
        }
    }
    return parts.joined(separator: " ")
}

/// The tokens of a user's query, duplicates removed, in order. A document whose `indexText`
/// contains all of them (AND) contains every piece of the query: a CJK query of two or more
/// characters gives its bigrams, a one-character query that character's unigram, Latin words and
/// numbers themselves. Empty for a query without any token (search nothing, or list everything).
func queryTokens(_ query: String) -> [String] {
    var seen = Set<String>()
    return searchTokens(query).filter { seen.insert($0).inserted }
}

/// The Dice coefficient 2|A∩B| / (|A|+|B|) of the two texts' token sets (character bigrams, lone
/// characters and words, as in `searchTokens`), from 0 (nothing shared) to 1 (the same set).
/// Two texts without any token score 0: there is nothing to call similar.
func bigramSimilarity(_ a: String, _ b: String) -> Double {
    let left = Set(searchTokens(a))
    let right = Set(searchTokens(b))
    let total = left.count + right.count
    guard total > 0 else { return 0 }
    let shared = left.count <= right.count
        ? left.lazy.filter(right.contains).count
        : right.lazy.filter(left.contains).count
    return Double(2 * shared) / Double(total)
}

// MARK: - Runs

private enum TextRun {
    case bigramScript([Unicode.Scalar])
    case word(String)
}

private enum ScalarRole {
    case bigramScript
    case word
    case ignorable
    case separator
}

/// Splits a text into normalised runs (see the file comment).
private func textRuns(_ text: String) -> [TextRun] {
    var runs: [TextRun] = []
    var characters: [Unicode.Scalar] = []
    var word = String.UnicodeScalarView()

    func endCharacters() {
        if !characters.isEmpty {
            runs.append(.bigramScript(characters))
            characters.removeAll(keepingCapacity: true)
        }
    }
    func endWord() {
        if !word.isEmpty {
            runs.append(.word(String(word)))
            word = String.UnicodeScalarView()
        }
    }

    for original in text.unicodeScalars {
        let scalar = halfWidth(original)
        switch role(of: scalar) {
        case .bigramScript:
            endWord()
            characters.append(scalar)
        case .word:
            endCharacters()
            if scalar.isASCII {
                let value = scalar.value
                word.append((0x41...0x5A).contains(value) ? Unicode.Scalar(value + 0x20)! : scalar)
            } else {
                word.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        case .ignorable:
            continue
        case .separator:
            endCharacters()
            endWord()
        }
    }
    endCharacters()
    endWord()
    return runs
}

/// Full-width ASCII forms and the ideographic space as their half-width equivalents.
private func halfWidth(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
    switch scalar.value {
    case 0xFF01...0xFF5E: Unicode.Scalar(scalar.value - 0xFEE0)!
    case 0x3000: " "
    default: scalar
    }
}

private func role(of scalar: Unicode.Scalar) -> ScalarRole {
    let value = scalar.value
    if value < 0x80 {
        switch value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return .word
        default: return .separator
        }
    }
    switch value {
    case 0x3005,  // 々 ideographic iteration mark
        0x3040...0x309F, 0x30A0...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9D,  // kana
        0x1100...0x11FF, 0x3130...0x318F, 0xA960...0xA97F, 0xAC00...0xD7AF, 0xD7B0...0xD7FF:  // Hangul
        return .bigramScript
    case 0xFE00...0xFE0F, 0xE0100...0xE01EF:  // variation selectors
        return .ignorable
    default:
        break
    }
    let properties = scalar.properties
    if properties.isIdeographic { return .bigramScript }
    switch properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
        .nonspacingMark, .spacingMark, .enclosingMark,
        .decimalNumber, .letterNumber, .otherNumber:
        return .word
    case .format:
        return .ignorable
    default:
        return .separator
    }
}
