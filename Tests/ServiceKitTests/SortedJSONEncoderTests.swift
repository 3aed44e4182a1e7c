import Contracts
import Foundation
import Testing

@testable import ServiceKit

/// `SortedJSONEncoder` writes what Foundation's `JSONEncoder` writes with `.sortedKeys` and
/// `.iso8601`: the same bytes, so nothing a service stores, sends or answers changes with it.
@Suite("Sorted JSON encoder")
struct SortedJSONEncoderTests {
    let foundation: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    func expectSameBytes<Value: Encodable>(_ value: Value, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = String(decoding: try foundation.encode(value), as: UTF8.self)
        #expect(try SortedJSONEncoder().encodeToString(value) == expected, sourceLocation: sourceLocation)
        foundation.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        defer { foundation.outputFormatting = [.sortedKeys] }
        let unescaped = String(decoding: try foundation.encode(value), as: UTF8.self)
        #expect(try SortedJSONEncoder(escapesSlashes: false).encodeToString(value) == unescaped, sourceLocation: sourceLocation)
    }

    @Test func messagesBetweenServices() throws {
        let issuedAt = Date(timeIntervalSince1970: 1_764_842_622.987)
        try expectSameBytes(OpinionRecordedBody(opinion: "op_01", station: "st_jianghan_minzu_01", street: "minzu", channel: .qrOnline,
                                                category: "urbanManagement", recordedBy: "citizen"))
        try expectSameBytes(AssignmentIssuedBody(
            assignment: "as_1", list: "ls_1", suggestion: "sg_1", title: "老旧小区加装电梯", body: "居民反映：\n1. 审批慢；\n2. 资金缺口。",
            category: "urbanConstruction", street: "minzu", tier: .district, unit: "u_housing", unitName: "区住房和城市更新局",
            role: .lead, leadUnit: "u_housing", coUnits: ["u_finance", "u_street"], leadDeputy: "dp_wang", coSigners: [],
            complex: true, deadline: "2027-03-01", issuedAt: issuedAt, confidential: nil))
        try expectSameBytes(MessageEnvelope(
            id: "msg_1", type: .assignmentIssued, sender: .routing, district: "jianghan", sentAt: issuedAt, entity: "as_1",
            sequence: 42, auditHead: AuditHead(sequence: 7, hash: String(repeating: "ab", count: 32)),
            body: #"{"a":"http://example.org/x","b":"引号\"与反斜杠\\"}"#))
        try expectSameBytes(MessageAck(id: "msg_1", outcome: .duplicate))
    }

    @Test func everyKindOfValue() throws {
        try expectSameBytes(Sample())
        try expectSameBytes([Sample(), Sample(name: "第二个", scores: [])])
        try expectSameBytes(["b": 1, "B": 2, "a10": 3, "a9": 4, "_x": 5, "Z": 6, "é": 7, "中": 8, "a b": 9, "": 10])
        try expectSameBytes([3: "三", 1: "一", 20: "二十"] as [Int: String])
        try expectSameBytes([30.5928, 1.0, 0.1, 1e21, 1e-7, -0.0, 5e-324, 1.7976931348623157e308, 100, 1e16, 12345678.9])
        try expectSameBytes([Float(0.1), 1, 3.4e38])
        try expectSameBytes([Int64.max, Int64.min])
        try expectSameBytes([UInt64.max])
        try expectSameBytes([Int8.min, Int8.max])
        try expectSameBytes("字符串本身")
        try expectSameBytes(12)
        try expectSameBytes(true)
        try expectSameBytes(Optional<String>.none)
        try expectSameBytes([String?.none, "x"])
        try expectSameBytes([[String: Int]]())
        try expectSameBytes([String: [String]]())
        try expectSameBytes(["escapes": "\"\\/\n\r\t\u{08}\u{0C}\u{01}\u{1F}\u{7F}é中😀\u{2028}"])
        try expectSameBytes([Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -1.5), Date(timeIntervalSince1970: 4_102_444_799.999)])
    }

    @Test func containersReusedAndKeysWrittenTwice() throws {
        try expectSameBytes(Overwriting())
        try expectSameBytes(WithSuper())
        try expectSameBytes([WithSuper(), WithSuper()])
        try expectSameBytes(Nothing(), inArray: true)
    }

    func expectSameBytes<Value: Encodable>(_ value: Value, inArray: Bool) throws {
        try expectSameBytes([value])
        try expectSameBytes(["key": value])
    }

    @Test func refusesWhatJSONCannotHold() throws {
        for number in [Double.nan, .infinity, -.infinity] {
            #expect(throws: EncodingError.self) { try foundation.encode(["x": number]) }
            #expect(throws: EncodingError.self) { try SortedJSONEncoder().encode(["x": number]) }
        }
        #expect(throws: EncodingError.self) { try SortedJSONEncoder().encode(Nothing()) }
    }
}

private struct Sample: Encodable {
    enum Kind: String, Encodable { case first, second }
    struct Inner: Encodable {
        var label = "里面"
        var at = Date(timeIntervalSince1970: 1_700_000_000.123)
        var tags: [String] = ["x", "y/z"]
    }
    var name = "样例 \"one\""
    var kind = Kind.second
    var missing: Int?
    var present: Int? = 3
    var flag = false
    var ratio = 0.25
    var scores: [Int] = [5, 4, 3]
    var inner = Inner()
    var inners: [Inner] = [Inner(), Inner(label: "二", tags: [])]
    var nested: [String: [Int]] = ["z": [1], "a": []]
    var url = URL(string: "https://example.org/a?b=c")!
    var amount = Decimal(string: "12.50")!
    var bytes = Data([0, 1, 2, 250])
    var nothing: [String: Int] = [:]
}

/// Writes one key twice and asks for the keyed container twice: the last value wins.
private struct Overwriting: Encodable {
    enum Keys: String, CodingKey { case a, b, c }
    func encode(to encoder: any Encoder) throws {
        var first = encoder.container(keyedBy: Keys.self)
        try first.encode("first", forKey: .b)
        try first.encode(1, forKey: .c)
        var second = encoder.container(keyedBy: Keys.self)
        try second.encode("second", forKey: .b)
        var list = second.nestedUnkeyedContainer(forKey: .a)
        try list.encode(true)
        var inner = list.nestedContainer(keyedBy: Keys.self)
        try inner.encodeNil(forKey: .c)
    }
}

/// Class-style encoding through `superEncoder`.
private struct WithSuper: Encodable {
    enum Keys: String, CodingKey { case own, parent, list }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode("自己", forKey: .own)
        try ["base": 1].encode(to: container.superEncoder())
        try ["named": 2].encode(to: container.superEncoder(forKey: .parent))
        var list = container.nestedUnkeyedContainer(forKey: .list)
        try "x".encode(to: list.superEncoder())
        try list.encode(2)
    }
}

/// A value that writes nothing at all.
private struct Nothing: Encodable {
    func encode(to encoder: any Encoder) throws {}
}
