import Foundation
import Testing

@testable import ServiceKit

/// `multipart/form-data` as browsers and field apps write it, and as they get it wrong.
@Suite("Multipart form")
struct MultipartFormTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func boundaryFromContentType() throws {
        #expect(try MultipartForm.boundary(contentType: "multipart/form-data; boundary=abc123") == "abc123")
        #expect(try MultipartForm.boundary(contentType: #"Multipart/Form-Data;boundary="a b;c""#) == "a b;c")
        #expect(try MultipartForm.boundary(contentType: "multipart/form-data; charset=utf-8; boundary=----x") == "----x")
        #expect(try MultipartForm.boundary(contentType: "application/x-www-form-urlencoded") == nil)
        #expect(try MultipartForm.boundary(contentType: nil) == nil)
        #expect(throws: MalformedMultipart.self) { try MultipartForm.boundary(contentType: "multipart/form-data") }
        #expect(throws: MalformedMultipart.self) { try MultipartForm.boundary(contentType: "multipart/form-data; boundary=") }
        #expect(throws: MalformedMultipart.self) { try MultipartForm.boundary(contentType: "multipart/form-data; boundary=" + String(repeating: "x", count: 71)) }
    }

    @Test func partsAsABrowserWritesThem() throws {
        let body = Self.bytes("""
            a preamble to ignore\r
            --XyZ\r
            Content-Disposition: form-data; name="description"\r
            \r
            井盖松动\r
            两行\r
            --XyZ  \r
            content-disposition: form-data; name="empty"\r
            \r
            \r
            --XyZ\r
            Content-Disposition: form-data; name="media"; filename="photo.png"\r
            Content-Type: image/png\r
            \r

            """) + [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x2D, 0x2D, 0x58, 0x79] + Self.bytes("\r\n--XyZ--\r\nan epilogue")
        let parts = try MultipartForm.parts(of: body, boundary: "XyZ")
        #expect(parts.map(\.name) == ["description", "empty", "media"])
        #expect(String(decoding: parts[0].body, as: UTF8.self) == "井盖松动\r\n两行")
        #expect(parts[1].body.isEmpty && parts[1].filename == nil)
        #expect(parts[2].filename == "photo.png" && parts[2].contentType == "image/png")
        #expect(parts[2].body == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x2D, 0x2D, 0x58, 0x79])
        #expect(try MultipartForm.parts(of: Self.bytes("--XyZ--\r\n"), boundary: "XyZ").isEmpty)
    }

    @Test(arguments: [
        ("", "没有 boundary 分隔符"),
        ("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1", "缺少结束分隔符"),
        ("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ", "分隔符之后缺少换行"),
        ("--XyZ\r\nContent-Disposition: form-data; name=\"a\"", "头部不完整"),
        ("--XyZ\r\nContent-Type: text/plain\r\n\r\n1\r\n--XyZ--", "Content-Disposition"),
        ("--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n--XyZ--", "Content-Disposition"),
        ("--XyZ\r\nContent-Disposition: form-data; name=\"\"\r\n\r\n1\r\n--XyZ--", "Content-Disposition"),
        ("--XyZ\r\nnot a header\r\n\r\n1\r\n--XyZ--", "头部格式不正确"),
        ("--XyZjunk\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--", "分隔符之后缺少换行"),
    ])
    func malformedBodiesAreRefused(body: String, reason: String) {
        #expect {
            try MultipartForm.parts(of: Self.bytes(body), boundary: "XyZ")
        } throws: { error in
            (error as? MalformedMultipart)?.reason.contains(reason) == true
        }
    }

    @Test func limitsHold() {
        let part = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
        let tooMany = String(repeating: part, count: MultipartForm.maximumParts + 1) + "--XyZ--"
        #expect(throws: MalformedMultipart(reason: "表单部分超过 \(MultipartForm.maximumParts) 个")) {
            try MultipartForm.parts(of: Self.bytes(tooMany), boundary: "XyZ")
        }
        let enough = String(repeating: part, count: MultipartForm.maximumParts) + "--XyZ--"
        #expect((try? MultipartForm.parts(of: Self.bytes(enough), boundary: "XyZ"))?.count == MultipartForm.maximumParts)
        let longHeader = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Padding: \(String(repeating: "p", count: 9000))\r\n\r\n1\r\n--XyZ--"
        #expect(throws: MalformedMultipart.self) { try MultipartForm.parts(of: Self.bytes(longHeader), boundary: "XyZ") }
        let notUTF8Header = Self.bytes("--XyZ\r\nContent-Disposition: form-data; name=\"") + [0xFF] + Self.bytes("\"\r\n\r\n1\r\n--XyZ--")
        #expect(throws: MalformedMultipart.self) { try MultipartForm.parts(of: notUTF8Header, boundary: "XyZ") }
    }
}
