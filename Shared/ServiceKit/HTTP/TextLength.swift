/// Whether `text` has between `range.lowerBound` and `range.upperBound` characters (grapheme
/// clusters, as people count 字) without counting all of them: `count` walks the whole text on
/// every request, while its UTF-8 length is known at once and usually settles the question.
public func characterCount(of text: String, isWithin range: ClosedRange<Int>) -> Bool {
    // Every character takes at least one byte: too few bytes means too few characters,
    if text.utf8.count < range.lowerBound { return false }
    // and there are never more characters than bytes, so only a long text is walked, up to the limit.
    if text.utf8.count > range.upperBound, !text.dropFirst(range.upperBound).isEmpty { return false }
    // The lower bound holds when something follows the first `lowerBound - 1` characters.
    return range.lowerBound == 0 || !text.dropFirst(range.lowerBound - 1).isEmpty
}
