/// Free text on its way to the public: a suggestion's title, an opinion's content, a step's note.
///
/// The only way to make one masks it (`maskPersonalData`: phone and ID numbers, email addresses,
/// labelled names), and so does decoding one. The public view types (results, 共享会 responses,
/// the board, receipts, Open311 requests) hold their free text as `PublicText`, so whichever page
/// or API serves them, and whichever field is added to them next, shows it masked: the masking is
/// in the type at the boundary, not in each page. It encodes as a plain JSON string and renders in
/// page templates as its text.
public struct PublicText: Codable, Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The masked text.
    public let text: String

    public init(_ raw: String) {
        text = maskPersonalData(raw)
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    public var description: String { text }
    public var isEmpty: Bool { text.isEmpty }

    public func contains(_ other: some StringProtocol) -> Bool {
        text.contains(other)
    }
}
