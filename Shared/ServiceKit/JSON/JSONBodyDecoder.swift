import Foundation
import NIOCore

/// Decodes JSON request bodies as `fallback` (Foundation's `JSONDecoder`) does, in about half its
/// time: the text is parsed into a small tree (`JSONTreeParser`) and the value reads itself from
/// it. Whenever that fails in any way (the text is not JSON, a field is missing or of another
/// type), `fallback` decodes the body instead, so every error a client sees, and everything
/// `JSONDecoder` accepts that this path does not, is exactly `JSONDecoder`'s. Dates, data, URLs,
/// decimals and floats are read by `fallback` too, one value at a time.
public struct JSONBodyDecoder: Sendable {
    public let fallback: JSONDecoder

    public init(fallback: JSONDecoder) {
        self.fallback = fallback
    }

    public func decode<Value: Decodable>(_ type: Value.Type, from buffer: ByteBuffer) throws -> Value {
        let fast = buffer.withUnsafeReadableBytes { bytes -> Value? in
            guard let tree = try? JSONTreeParser.parse(bytes) else { return nil }
            return try? JSONTreeDecoder(tree, codingPath: [], fallback: fallback).decode(Value.self)
        }
        return try fast ?? fallback.decode(Value.self, from: buffer)
    }

    public func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        try decode(type, from: ByteBuffer(bytes: bytes))
    }
}

/// This path cannot read the value; `JSONBodyDecoder` falls back to Foundation's decoder.
struct JSONTreeMismatch: Error {}

/// The `Decoder` a value reads itself from, over one node of the tree.
final class JSONTreeDecoder: Decoder, SingleValueDecodingContainer {
    let node: ParsedJSON
    let fallback: JSONDecoder
    private let parentPath: [any CodingKey]
    private let key: (any CodingKey)?
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// Built only when asked for: values seldom ask, and every field would pay for the array.
    var codingPath: [any CodingKey] { key.map { parentPath + [$0] } ?? parentPath }

    init(_ node: ParsedJSON, codingPath: [any CodingKey], fallback: JSONDecoder) {
        self.node = node
        parentPath = codingPath
        key = nil
        self.fallback = fallback
    }

    init(_ node: ParsedJSON, in parentPath: [any CodingKey], at key: any CodingKey, fallback: JSONDecoder) {
        self.node = node
        self.parentPath = parentPath
        self.key = key
        self.fallback = fallback
    }

    /// The types `JSONDecoder` reads in a form of its own are handed to it, as a JSON text of
    /// their own (told apart by metatype, which costs far less than casting).
    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        if Value.self == String.self { return try decode(String.self) as! Value }
        if Value.self == Date.self || Value.self == Data.self || Value.self == URL.self || Value.self == Decimal.self
            || Value.self == Float.self {
            return try decodeWithFallback(Value.self)
        }
        return try Value(from: self)
    }

    private func decodeWithFallback<Value: Decodable>(_ type: Value.Type) throws -> Value {
        let text = try SortedJSONEncoder().encode([node.reencodable])
        guard let value = try fallback.decode([Value].self, from: Data(text)).first else { throw JSONTreeMismatch() }
        return value
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = node else { throw JSONTreeMismatch() }
        return KeyedDecodingContainer(JSONTreeKeyedContainer<Key>(members: members, codingPath: codingPath, fallback: fallback))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = node else { throw JSONTreeMismatch() }
        return JSONTreeUnkeyedContainer(items: items, codingPath: codingPath, fallback: fallback)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { node.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try node.bool() }
    func decode(_ type: String.Type) throws -> String { try node.string() }
    func decode(_ type: Double.Type) throws -> Double { try node.double() }
    func decode(_ type: Float.Type) throws -> Float { try decodeWithFallback(type) }
    func decode(_ type: Int.Type) throws -> Int { try node.integer() }
    func decode(_ type: Int8.Type) throws -> Int8 { try node.integer() }
    func decode(_ type: Int16.Type) throws -> Int16 { try node.integer() }
    func decode(_ type: Int32.Type) throws -> Int32 { try node.integer() }
    func decode(_ type: Int64.Type) throws -> Int64 { try node.integer() }
    func decode(_ type: UInt.Type) throws -> UInt { try node.integer() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try node.integer() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try node.integer() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try node.integer() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try node.integer() }
}

/// The primitives, read straight from a node as `JSONDecoder` reads them.
extension ParsedJSON {
    var isNull: Bool {
        if case .null = self { true } else { false }
    }

    func bool() throws -> Bool {
        guard case .bool(let value) = self else { throw JSONTreeMismatch() }
        return value
    }

    func string() throws -> String {
        guard case .string(let value) = self else { throw JSONTreeMismatch() }
        return value
    }

    func double() throws -> Double {
        guard case .number(let text) = self, let value = Double(text), value.isFinite else { throw JSONTreeMismatch() }
        return value
    }

    /// An integer written plainly, or as a number with a fraction or exponent that is one exactly
    /// (`3.0`, `1e2`).
    func integer<Integer: FixedWidthInteger>() throws -> Integer {
        guard case .number(let text) = self else { throw JSONTreeMismatch() }
        if let plain = Integer(text) { return plain }
        guard let number = Double(text), let exact = Integer(exactly: number) else { throw JSONTreeMismatch() }
        return exact
    }

    /// The node as a value `SortedJSONEncoder` writes back as the same JSON.
    var reencodable: JSONReencodable { JSONReencodable(node: self) }
}

/// Writes a parsed node back as JSON text, numbers as they were written.
struct JSONReencodable: Encodable {
    let node: ParsedJSON

    func encode(to encoder: any Encoder) throws {
        guard let encoder = encoder as? JSONTreeEncoder else { throw JSONTreeMismatch() }
        encoder.root = Self.encoded(node)
    }

    private static func encoded(_ node: ParsedJSON) -> JSONNode {
        switch node {
        case .null: return .literal("null")
        case .bool(let value): return .literal(value ? "true" : "false")
        case .number(let text): return .literal(text)
        case .string(let text): return .string(text)
        case .array(let items):
            let array = JSONArrayBox()
            array.items = items.map(encoded)
            return .array(array)
        case .object(let members):
            let object = JSONObjectBox()
            // The first of a key given twice counts, as when the node was read.
            var seen = Set<String>()
            object.members = members.filter { seen.insert($0.key).inserted }.map { ($0.key, encoded($0.value)) }
            return .object(object)
        }
    }
}

struct JSONTreeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [(key: String, value: ParsedJSON)]
    let codingPath: [any CodingKey]
    let fallback: JSONDecoder
    /// The first position of each key, for objects too large to search member by member (a
    /// dictionary of thousands of entries would otherwise take a scan per entry).
    private let index: [String: Int]?

    init(members: [(key: String, value: ParsedJSON)], codingPath: [any CodingKey], fallback: JSONDecoder) {
        self.members = members
        self.codingPath = codingPath
        self.fallback = fallback
        index = members.count > 16 ? Dictionary(members.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first }) : nil
    }

    var allKeys: [Key] {
        var seen = Set<String>()
        return members.compactMap { seen.insert($0.key).inserted ? Key(stringValue: $0.key) : nil }
    }

    func contains(_ key: Key) -> Bool {
        member(key) != nil
    }

    /// The first member named `key`, if there is one.
    private func member(_ key: Key) -> ParsedJSON? {
        let name = key.stringValue
        if let index { return index[name].map { members[$0].value } }
        return members.first { $0.key == name }?.value
    }

    private func value(_ key: Key) throws -> ParsedJSON {
        guard let value = member(key) else { throw JSONTreeMismatch() }
        return value
    }

    private func decoder(for key: Key) throws -> JSONTreeDecoder {
        JSONTreeDecoder(try value(key), in: codingPath, at: key, fallback: fallback)
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key).isNull }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try value(key).bool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try value(key).string() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try value(key).double() }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decoder(for: key).decode(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try value(key).integer() }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try value(key).integer() }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try value(key).integer() }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try value(key).integer() }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try value(key).integer() }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try value(key).integer() }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try value(key).integer() }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try value(key).integer() }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try value(key).integer() }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try value(key).integer() }
    func decode<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value { try decoder(for: key).decode(type) }

    // Optional fields with one look-up each, instead of the three of the default implementations.
    private func present(_ key: Key) -> ParsedJSON? {
        member(key).flatMap { $0.isNull ? nil : $0 }
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present(key).map { try $0.string() } }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try present(key).map { try $0.double() } }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present(key).map { try $0.bool() } }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try present(key).map { try $0.integer() } }
    func decodeIfPresent<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value? {
        try present(key).map { try JSONTreeDecoder($0, in: codingPath, at: key, fallback: fallback).decode(type) }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(for: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(for: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        guard let member = members.first(where: { $0.key == "super" }) else { throw JSONTreeMismatch() }
        return JSONTreeDecoder(member.value, in: codingPath, at: JSONIndexKey(stringValue: "super"), fallback: fallback)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { try decoder(for: key) }
}

struct JSONTreeUnkeyedContainer: UnkeyedDecodingContainer {
    let items: [ParsedJSON]
    let codingPath: [any CodingKey]
    let fallback: JSONDecoder
    private(set) var currentIndex = 0

    init(items: [ParsedJSON], codingPath: [any CodingKey], fallback: JSONDecoder) {
        self.items = items
        self.codingPath = codingPath
        self.fallback = fallback
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    /// The next element's decoder; the index moves on only once the element has been read.
    private mutating func next<Result>(_ read: (JSONTreeDecoder) throws -> Result) throws -> Result {
        guard !isAtEnd else { throw JSONTreeMismatch() }
        let result = try read(JSONTreeDecoder(items[currentIndex], in: codingPath, at: JSONIndexKey(intValue: currentIndex), fallback: fallback))
        currentIndex += 1
        return result
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw JSONTreeMismatch() }
        guard case .null = items[currentIndex] else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next { try $0.decode(type) } }
    mutating func decode(_ type: String.Type) throws -> String { try next { try $0.decode(type) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try next { try $0.decode(type) } }
    mutating func decode(_ type: Float.Type) throws -> Float { try next { try $0.decode(type) } }
    mutating func decode(_ type: Int.Type) throws -> Int { try next { try $0.decode(type) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next { try $0.decode(type) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next { try $0.decode(type) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next { try $0.decode(type) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next { try $0.decode(type) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next { try $0.decode(type) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next { try $0.decode(type) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next { try $0.decode(type) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next { try $0.decode(type) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next { try $0.decode(type) } }
    mutating func decode<Value: Decodable>(_ type: Value.Type) throws -> Value { try next { try $0.decode(type) } }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next { try $0.container(keyedBy: type) }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next { try $0.unkeyedContainer() }
    }

    mutating func superDecoder() throws -> any Decoder {
        try next { $0 }
    }
}
