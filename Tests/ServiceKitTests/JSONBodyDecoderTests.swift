import Contracts
import Foundation
import NIOCore
import Testing

@testable import ServiceKit

/// `JSONBodyDecoder` reads what `JSONDecoder` reads, to the same values, and refuses what it
/// refuses with the very same error; the tree path itself is checked to be the one that reads
/// well-formed bodies, so the fallback is not all that runs.
@Suite("JSON body decoder")
struct JSONBodyDecoderTests {
    let foundation = apiDecoder

    /// Same value from both, and the tree path alone reads it.
    func expectSameValue<Value: Decodable & Equatable>(_ type: Value.Type, _ json: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = try foundation.decode(Value.self, from: Data(json.utf8))
        #expect(try apiBodyDecoder.decode(Value.self, from: Array(json.utf8)) == expected, sourceLocation: sourceLocation)
        let tree = try Array(json.utf8).withUnsafeBytes { try JSONTreeParser.parse($0) }
        #expect(try JSONTreeDecoder(tree, codingPath: [], fallback: foundation).decode(Value.self) == expected, sourceLocation: sourceLocation)
    }

    /// Both refuse, with the same error.
    func expectSameError<Value: Decodable>(_ type: Value.Type, _ json: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = #expect(throws: (any Error).self, sourceLocation: sourceLocation) { try foundation.decode(Value.self, from: Data(json.utf8)) }
        let actual = #expect(throws: (any Error).self, sourceLocation: sourceLocation) { try apiBodyDecoder.decode(Value.self, from: Array(json.utf8)) }
        #expect("\(String(describing: actual))" == "\(String(describing: expected))", sourceLocation: sourceLocation)
    }

    @Test func wellFormedBodies() throws {
        try expectSameValue(Opinion.self, #"""
            {"stationID":"st_jianghan_minzu_01","category":"urbanManagement","title":"老旧小区加装电梯进度慢",
             "content":"第一行\n第二行\t\"引号\" \\ \/ \u4e2d\u6587 \ud83d\ude00","latitude":30.5928,"longitude":-114.27e0,
             "contact":null,"count":3.0,"hundred":1e2,"tags":["a",[],{}],"scores":{"z":1,"a":-0},"kind":"second",
             "nested":{"at":"2026-12-04T18:23:42Z","url":"https://example.org/a?b=c","amount":12.50,"bytes":"AAEC+g==","ratio":0.1}}
            """#)
        try expectSameValue(Opinion.self, #" { "stationID" : "a" , "category":"b","title":"c","content":"d","count":1,"hundred":2,"tags":[],"scores":{},"kind":"first","nested":{"at":"2026-12-04T18:23:42.5+08:00","url":"x","amount":0,"bytes":"","ratio":1}} "#)
        // Of a key given twice the first counts.
        try expectSameValue([String: Int].self, #"{"a":1,"a":2,"b":3}"#)
        try expectSameValue([Int?].self, #"[null,1,-2,9223372036854775807,-9223372036854775808]"#)
        try expectSameValue([UInt64].self, #"[18446744073709551615,0]"#)
        try expectSameValue([Bool].self, #"[true,false]"#)
        try expectSameValue(String.self, #""片段也可以""#)
        try expectSameValue(Double.self, "-0.5e-3")
        try expectSameValue([[[Int]]].self, "[[[1],[2,3]],[]]")
        // A large object is looked up through an index; of a key given twice the first still counts.
        let entries = (0..<5000).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        try expectSameValue([String: Int].self, "{" + entries + #","k7":-1}"#)
    }

    @Test func messagesBetweenServices() throws {
        let envelope = MessageEnvelope(
            id: "msg_1", type: .opinionRecorded, sender: .intake, district: "jianghan", sentAt: Date(timeIntervalSince1970: 1_764_842_622),
            entity: "op_1", sequence: 3, auditHead: AuditHead(sequence: 9, hash: "ab"), body: #"{"opinion":"op_1"}"#)
        try expectSameValue(MessageEnvelope.self, try apiEncoder.encodeToString(envelope))
        try expectSameValue(OpinionRecordedBody.self, try apiEncoder.encodeToString(OpinionRecordedBody(
            opinion: "op_1", station: "st_1", street: "minzu", channel: .qrOnline, category: "urbanManagement", recordedBy: "citizen")))
    }

    @Test func refusedAsJSONDecoderRefuses() {
        for text in ["[01]", "[1.]", "[-]", #"["unterminated"#, "[\"tab\tinside\"]", #"["\ud800"]"#, #"["\x"]"#,
                     "", "   ", "[1] [2]", "nul", String(repeating: "[", count: 600) + String(repeating: "]", count: 600)] {
            expectSameError([String: Int].self, text)
            expectSameError([Int].self, text)
        }
        expectSameError(Opinion.self, #"{"stationID":"a"}"#)
        expectSameError(Opinion.self, #"{"stationID":1,"category":"b","title":"c","content":"d","count":1,"hundred":2,"tags":[],"scores":{},"kind":"first","nested":{}}"#)
        expectSameError([UInt8].self, "[256]")
        expectSameError([Int].self, "[1.5]")
        expectSameError([Int].self, "[1e400]")
        expectSameError([Double].self, "[1e400]")
        expectSameError([Bool].self, "[1]")
        expectSameError([String].self, "[null]")
        expectSameError(Opinion.Kind.self, #""third""#)
        expectSameError([Date].self, #"["yesterday"]"#)
    }

    @Test func textThatIsNotUTF8() throws {
        try expectSameValue([String].self, "[\"raw 😀 中 é\"]")
        for bytes: [UInt8] in [[0xC0, 0x80], [0x80], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE4, 0xB8], [0xF4, 0x90, 0x80, 0x80], [0xE0, 0x80, 0x80]] {
            let json = Array("[\"".utf8) + bytes + Array("\"]".utf8)
            #expect(throws: JSONSyntaxError.self) { try json.withUnsafeBytes { try JSONTreeParser.parse($0) } }
            let expected = #expect(throws: (any Error).self) { try foundation.decode([String].self, from: Data(json)) }
            let actual = #expect(throws: (any Error).self) { try apiBodyDecoder.decode([String].self, from: json) }
            #expect(String(describing: actual) == String(describing: expected))
        }
    }

    @Test func whatOnlyJSONDecoderReads() throws {
        // JSONDecoder lets a trailing comma pass; the strict tree path does not, so it falls back.
        #expect(try apiBodyDecoder.decode([String: Int].self, from: Array(#"{"a":1,}"#.utf8)) == ["a": 1])
        #expect(throws: JSONSyntaxError.self) { try Array(#"{"a":1,}"#.utf8).withUnsafeBytes { try JSONTreeParser.parse($0) } }
    }

    @Test func textJSONDecoderReadsInAnotherEncoding() throws {
        // UTF-16 with a byte-order mark: not the tree path's, so Foundation reads it.
        let utf16 = Array("[\"中文\"]".data(using: .utf16)!)
        #expect(try apiBodyDecoder.decode([String].self, from: utf16) == foundation.decode([String].self, from: Data(utf16)))
    }
}

private struct Opinion: Decodable, Equatable {
    enum Kind: String, Decodable { case first, second }
    struct Nested: Decodable, Equatable {
        var at: Date
        var url: URL
        var amount: Decimal
        var bytes: Data
        var ratio: Float
    }
    var stationID: String
    var category: String
    var title: String
    var content: String
    var latitude: Double?
    var longitude: Double?
    var contact: String?
    var count: Int
    var hundred: UInt8
    var tags: [Tag]
    var scores: [String: Int]
    var kind: Kind
    var nested: Nested
}

/// A value of any JSON shape, read back through the containers.
private enum Tag: Decodable, Equatable {
    case text(String)
    case list(Int)
    case object(Int)

    init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self = .text(text)
        } else if let list = try? decoder.unkeyedContainer() {
            self = .list(list.count ?? -1)
        } else {
            self = .object(try decoder.container(keyedBy: JSONIndexKey.self).allKeys.count)
        }
    }
}
