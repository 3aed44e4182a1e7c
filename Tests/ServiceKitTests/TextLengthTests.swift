import Testing

@testable import ServiceKit

@Suite("Text length in characters")
struct TextLengthTests {
    /// The shortcut must agree with counting every character, for Chinese, ASCII, emoji built
    /// from several scalars and combining marks, at and around both bounds.
    @Test(arguments: ["", "a", "代表", "abcd", "老旧小区", "老旧小区加", "👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦", "e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}",
                      String(repeating: "电", count: 10), String(repeating: "x", count: 11), String(repeating: "梯", count: 11)])
    func agreesWithCount(text: String) {
        for range in [0...0, 1...10, 5...10, 4...4, 5...5, 0...3, 11...20] {
            #expect(characterCount(of: text, isWithin: range) == range.contains(text.count), "\(text) \(range)")
        }
    }
}
