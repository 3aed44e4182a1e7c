import Foundation

/// The JSON Schema of a `Decodable` type, read from what its `init(from:)` asks a decoder for:
/// each key it decodes becomes a property (required unless decoded "if present"), with the type
/// it asked for; enums list their raw values; `Date` is an ISO 8601 string. So the OpenAPI
/// document is generated from the very types the handlers decode and encode, and cannot drift
/// from them. A type whose decoding checks its values may stop early; what it asked for until
/// then is kept.
public func jsonSchema<T: Decodable>(of type: T.Type) -> [String: Any] {
    let node = SchemaNode()
    _ = try? node.decode(type)
    return node.schema
}

/// `jsonSchema(of:)` as JSON text, for an `EndpointDoc`'s request or response.
public func jsonSchemaText<T: Decodable>(of type: T.Type) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: jsonSchema(of: type), options: [.sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
}

/// One place in a schema being recorded.
final class SchemaNode {
    var type: String?
    var format: String?
    var enumValues: [Any]?
    var properties: [(String, SchemaNode)] = []
    var required: [String] = []
    var items: SchemaNode?

    var schema: [String: Any] {
        var schema: [String: Any] = [:]
        if let type { schema["type"] = type }
        if let format { schema["format"] = format }
        if let enumValues { schema["enum"] = enumValues }
        if type == "object", !properties.isEmpty {
            schema["properties"] = Dictionary(properties.map { ($0.0, $0.1.schema) }, uniquingKeysWith: { first, _ in first })
            if !required.isEmpty { schema["required"] = required }
        }
        if type == "array" { schema["items"] = items?.schema ?? [:] }
        return schema
    }

    /// Records `T` here and returns a stand-in value of it.
    func decode<T: Decodable>(_: T.Type) throws -> T {
        switch T.self {
        case is String.Type: type = "string"; return "x" as! T
        case is Bool.Type: type = "boolean"; return false as! T
        case is Date.Type: (type, format) = ("string", "date-time"); return Date(timeIntervalSince1970: 0) as! T
        case is Double.Type: type = "number"; return 0.0 as! T
        case is Float.Type: type = "number"; return Float(0) as! T
        case is Int.Type: type = "integer"; return 0 as! T
        case is Int64.Type: type = "integer"; return Int64(0) as! T
        case is Int32.Type: type = "integer"; return Int32(0) as! T
        case is UInt.Type: type = "integer"; return UInt(0) as! T
        default: break
        }
        if let cases = (T.self as? any CaseIterable.Type)?.allCases as? [any RawRepresentable], let first = cases.first as? T {
            enumValues = cases.map { $0.rawValue as Any }
            type = enumValues?.first is String ? "string" : "integer"
            return first
        }
        return try T(from: SchemaDecoder(node: self))
    }
}

struct SchemaDecoder: Decoder {
    let node: SchemaNode
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy _: Key.Type) throws -> KeyedDecodingContainer<Key> {
        node.type = "object"
        return KeyedDecodingContainer(KeyedSchemaRecorder<Key>(node: node))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        node.type = "array"
        return UnkeyedSchemaRecorder(node: node)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleValueSchemaRecorder(node: node) }
}

struct KeyedSchemaRecorder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let node: SchemaNode
    var codingPath: [any CodingKey] = []
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    func property(_ key: Key, required: Bool) -> SchemaNode {
        let child = SchemaNode()
        node.properties.append((key.stringValue, child))
        if required { node.required.append(key.stringValue) }
        return child
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try property(key, required: true).decode(type) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try property(key, required: false).decode(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try property(key, required: true).decode(type) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try property(key, required: false).decode(type) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try property(key, required: true).decode(type) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try property(key, required: false).decode(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try property(key, required: true).decode(type) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try property(key, required: false).decode(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try property(key, required: true).decode(type) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try property(key, required: false).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try property(key, required: true).decode(type) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try property(key, required: false).decode(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try SchemaDecoder(node: property(key, required: true)).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try SchemaDecoder(node: property(key, required: true)).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder { SchemaDecoder(node: node) }
    func superDecoder(forKey key: Key) throws -> any Decoder { SchemaDecoder(node: property(key, required: true)) }
}

/// An array of one element: enough to learn the element's schema.
struct UnkeyedSchemaRecorder: UnkeyedDecodingContainer {
    let node: SchemaNode
    var codingPath: [any CodingKey] = []
    var count: Int? { 1 }
    var isAtEnd: Bool { currentIndex > 0 }
    var currentIndex = 0

    mutating func decodeNil() throws -> Bool { false }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        currentIndex += 1
        let element = SchemaNode()
        node.items = element
        return try element.decode(type)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        currentIndex += 1
        let element = SchemaNode()
        node.items = element
        return try SchemaDecoder(node: element).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        currentIndex += 1
        let element = SchemaNode()
        node.items = element
        return try SchemaDecoder(node: element).unkeyedContainer()
    }
    mutating func superDecoder() throws -> any Decoder { SchemaDecoder(node: node) }
}

struct SingleValueSchemaRecorder: SingleValueDecodingContainer {
    let node: SchemaNode
    var codingPath: [any CodingKey] = []
    func decodeNil() -> Bool { false }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try node.decode(type) }
}
