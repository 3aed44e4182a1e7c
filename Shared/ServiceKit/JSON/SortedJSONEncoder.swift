import Foundation

/// Encodes a value as compact JSON with sorted keys and ISO 8601 dates, byte for byte as
/// Foundation's `JSONEncoder` does with `.sortedKeys` and `.iso8601`, in a fraction of its time:
/// the values are gathered into a small tree and written out once, with keys in byte order, where
/// `JSONEncoder` boxes every value and sorts with locale-aware comparisons. Every message body
/// and every JSON answer is encoded here, on the path of each write (`SortedJSONEncoderTests`
/// compare both encoders' output).
public struct SortedJSONEncoder: Sendable {
    /// Whether `/` is written as `\/`, as `JSONEncoder` does unless told `.withoutEscapingSlashes`.
    public var escapesSlashes: Bool

    public init(escapesSlashes: Bool = true) {
        self.escapesSlashes = escapesSlashes
    }

    public func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        guard let node = try JSONTreeEncoder.node(for: value, in: [], at: nil) else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "Top-level \(Value.self) did not encode any values."))
        }
        var writer = JSONTextWriter(escapesSlashes: escapesSlashes)
        writer.write(node)
        return writer.bytes
    }

    /// The JSON as text.
    public func encodeToString<Value: Encodable>(_ value: Value) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }
}

/// One JSON value as gathered from `Encodable` values. Objects and arrays are boxes, because a
/// container handed out by an `Encoder` keeps writing into them after it has been returned.
enum JSONNode {
    /// A number, `true`, `false` or `null`, already in its JSON form.
    case literal(String)
    case string(String)
    case array(JSONArrayBox)
    case object(JSONObjectBox)
}

final class JSONArrayBox {
    var items: [JSONNode] = []
}

final class JSONObjectBox {
    /// In the order written; a key written twice keeps its last value (see `JSONTextWriter`).
    var members: [(key: String, value: JSONNode)]

    init() {
        // Room for a typical object's fields at once, instead of growing through 1, 2, 4 and 8.
        members = []
        members.reserveCapacity(8)
    }
}

/// The `Encoder` that `Encodable` values write themselves into.
final class JSONTreeEncoder: Encoder {
    private let parentPath: [any CodingKey]
    private let key: (any CodingKey)?
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// What the value wrote: nil until it asked for a container.
    var root: JSONNode?
    /// Built only when asked for: values seldom ask, and every nested value would pay for the array.
    var codingPath: [any CodingKey] { key.map { parentPath + [$0] } ?? parentPath }

    init(in parentPath: [any CodingKey], at key: (any CodingKey)?) {
        self.parentPath = parentPath
        self.key = key
    }

    /// The node for `value`, or nil when it encoded nothing. The types `JSONEncoder` writes in a
    /// form of its own are written the same way here.
    /// (The types are told apart by comparing metatypes, which costs far less than casting.)
    static func node<Value: Encodable>(for value: Value, in parentPath: [any CodingKey], at key: (any CodingKey)?) throws -> JSONNode? {
        if Value.self == String.self { return .string(value as! String) }
        if Value.self == Date.self { return .string(iso8601Text(value as! Date)) }
        if Value.self == Data.self { return .string((value as! Data).base64EncodedString()) }
        if Value.self == URL.self { return .string((value as! URL).absoluteString) }
        if Value.self == Decimal.self { return .literal((value as! Decimal).description) }
        let encoder = JSONTreeEncoder(in: parentPath, at: key)
        try value.encode(to: encoder)
        return encoder.root
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: JSONObjectBox
        if case .object(let existing) = root {
            object = existing
        } else {
            object = JSONObjectBox()
            root = .object(object)
        }
        return KeyedEncodingContainer(JSONKeyedContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: JSONArrayBox
        if case .array(let existing) = root {
            array = existing
        } else {
            array = JSONArrayBox()
            root = .array(array)
        }
        return JSONUnkeyedContainer(array: array, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueContainer(encoder: self)
    }
}

/// `{}` for a nested value that wrote nothing, as `JSONEncoder` writes it.
private func nested<Value: Encodable>(_ value: Value, in parentPath: [any CodingKey], at key: (any CodingKey)?) throws -> JSONNode {
    try JSONTreeEncoder.node(for: value, in: parentPath, at: key) ?? .object(JSONObjectBox())
}

/// A number as `JSONEncoder` writes it: `description`, without a trailing `.0`; never NaN or ±∞.
private func numberText<Number: BinaryFloatingPoint & LosslessStringConvertible>(_ number: Number, at path: @autoclosure () -> [any CodingKey]) throws -> String {
    guard number.isFinite else {
        throw EncodingError.invalidValue(number, .init(codingPath: path(), debugDescription: "Unable to encode \(number) directly in JSON."))
    }
    let text = number.description
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
}

struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: JSONObjectBox
    let codingPath: [any CodingKey]

    private func set(_ node: JSONNode, _ key: Key) {
        object.members.append((key.stringValue, node))
    }

    mutating func encodeNil(forKey key: Key) throws { set(.literal("null"), key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.literal(value ? "true" : "false"), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(.literal(try numberText(value, at: codingPath + [key])), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(.literal(try numberText(value, at: codingPath + [key])), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.literal(String(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(.literal(String(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(.literal(String(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.literal(String(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.literal(String(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(.literal(String(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.literal(String(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.literal(String(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.literal(String(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(.literal(String(value)), key) }
    mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) throws {
        set(try nested(value, in: codingPath, at: key), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = JSONObjectBox()
        set(.object(child), key)
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(object: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = JSONArrayBox()
        set(.array(child), key)
        return JSONUnkeyedContainer(array: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        JSONReferencingEncoder(codingPath: codingPath + [JSONIndexKey(stringValue: "super")]) { [object] node in
            object.members.append(("super", node))
        }
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        JSONReferencingEncoder(codingPath: codingPath + [key]) { [object] node in
            object.members.append((key.stringValue, node))
        }
    }
}

struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    let array: JSONArrayBox
    let codingPath: [any CodingKey]
    var count: Int { array.items.count }

    private var nextKey: any CodingKey { JSONIndexKey(intValue: array.items.count) }

    mutating func encodeNil() throws { array.items.append(.literal("null")) }
    mutating func encode(_ value: Bool) throws { array.items.append(.literal(value ? "true" : "false")) }
    mutating func encode(_ value: String) throws { array.items.append(.string(value)) }
    mutating func encode(_ value: Double) throws { array.items.append(.literal(try numberText(value, at: codingPath + [nextKey]))) }
    mutating func encode(_ value: Float) throws { array.items.append(.literal(try numberText(value, at: codingPath + [nextKey]))) }
    mutating func encode(_ value: Int) throws { array.items.append(.literal(String(value))) }
    mutating func encode(_ value: Int8) throws { array.items.append(.literal(String(value))) }
    mutating func encode(_ value: Int16) throws { array.items.append(.literal(String(value))) }
    mutating func encode(_ value: Int32) throws { array.items.append(.literal(String(value))) }
    mutating func encode(_ value: Int64) throws { array.items.append(.literal(String(value))) }
    mutating func encode(_ value: UInt) throws { array.items.append(.literal(String(value))) }
    mutating func encode(_ value: UInt8) throws { array.items.append(.literal(String(value))) }
    mutating func encode(_ value: UInt16) throws { array.items.append(.literal(String(value))) }
    mutating func encode(_ value: UInt32) throws { array.items.append(.literal(String(value))) }
    mutating func encode(_ value: UInt64) throws { array.items.append(.literal(String(value))) }
    mutating func encode<Value: Encodable>(_ value: Value) throws {
        array.items.append(try nested(value, in: codingPath, at: nextKey))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = codingPath + [nextKey]
        let child = JSONObjectBox()
        array.items.append(.object(child))
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(object: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = codingPath + [nextKey]
        let child = JSONArrayBox()
        array.items.append(.array(child))
        return JSONUnkeyedContainer(array: child, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        // The slot is taken now, so later elements keep their places.
        let index = array.items.count
        array.items.append(.object(JSONObjectBox()))
        return JSONReferencingEncoder(codingPath: codingPath + [JSONIndexKey(intValue: index)]) { [array] node in
            array.items[index] = node
        }
    }
}

struct JSONSingleValueContainer: SingleValueEncodingContainer {
    let encoder: JSONTreeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.root = .literal("null") }
    mutating func encode(_ value: Bool) throws { encoder.root = .literal(value ? "true" : "false") }
    mutating func encode(_ value: String) throws { encoder.root = .string(value) }
    mutating func encode(_ value: Double) throws { encoder.root = .literal(try numberText(value, at: codingPath)) }
    mutating func encode(_ value: Float) throws { encoder.root = .literal(try numberText(value, at: codingPath)) }
    mutating func encode(_ value: Int) throws { encoder.root = .literal(String(value)) }
    mutating func encode(_ value: Int8) throws { encoder.root = .literal(String(value)) }
    mutating func encode(_ value: Int16) throws { encoder.root = .literal(String(value)) }
    mutating func encode(_ value: Int32) throws { encoder.root = .literal(String(value)) }
    mutating func encode(_ value: Int64) throws { encoder.root = .literal(String(value)) }
    mutating func encode(_ value: UInt) throws { encoder.root = .literal(String(value)) }
    mutating func encode(_ value: UInt8) throws { encoder.root = .literal(String(value)) }
    mutating func encode(_ value: UInt16) throws { encoder.root = .literal(String(value)) }
    mutating func encode(_ value: UInt32) throws { encoder.root = .literal(String(value)) }
    mutating func encode(_ value: UInt64) throws { encoder.root = .literal(String(value)) }
    mutating func encode<Value: Encodable>(_ value: Value) throws {
        encoder.root = try nested(value, in: codingPath, at: nil)
    }
}

/// The encoder `superEncoder()` hands out: what is written into it lands in its parent's slot
/// once it is released, as with `JSONEncoder`.
final class JSONReferencingEncoder: Encoder {
    private let inner: JSONTreeEncoder
    private let store: (JSONNode) -> Void
    var codingPath: [any CodingKey] { inner.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(codingPath: [any CodingKey], store: @escaping (JSONNode) -> Void) {
        inner = JSONTreeEncoder(in: codingPath, at: nil)
        self.store = store
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { inner.container(keyedBy: type) }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { inner.unkeyedContainer() }
    func singleValueContainer() -> any SingleValueEncodingContainer { inner.singleValueContainer() }

    deinit {
        store(inner.root ?? .object(JSONObjectBox()))
    }
}

/// The coding key of an array element or of `super`, for coding paths in errors.
struct JSONIndexKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}
