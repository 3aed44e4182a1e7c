import Mustache

/// In a page template a `PublicText` is its masked text, exactly as a `String` would be.
extension PublicText: MustacheCustomRepresentation {
    public var representation: Any? { text }
}
