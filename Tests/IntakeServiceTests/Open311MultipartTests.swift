import AsyncHTTPClient
import Contracts
import Foundation
import IntakeService
import NIOCore
import ServiceKit
import TestSupport
import Testing

/// `POST requests` as GeoReport's media extension and field apps send it: `multipart/form-data`
/// with a photo in `media`.
@Suite("Open311 multipart")
struct Open311MultipartTests {
    static let boundary = "----YouyueFieldApp7MA4YWxkTrZu0gW"
    /// A PNG's signature and header, with bytes that look like line breaks and dashes inside.
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
                               0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
                               0x89, 0x0D, 0x0A, 0x2D, 0x2D, 0x0D, 0x0A, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]

    static func multipart(_ fields: [(String, String)], media: [UInt8]?, closing: Bool = true) -> [UInt8] {
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let media {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"media\"; filename=\"井盖.png\"\r\nContent-Type: image/png\r\n\r\n".utf8)
            body += media + Array("\r\n".utf8)
        }
        if closing { body += Array("--\(boundary)--\r\n".utf8) }
        return body
    }

    static func post(_ url: String, _ body: [UInt8], contentType: String = "multipart/form-data; boundary=\(boundary)") async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    @Test("a multipart request with a Chinese description and a photo is filed; the photo is not kept", arguments: Backend.allCases)
    func multipartRequestIsFiled(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, db in
            let base = intake.baseURL + "/open311/v2"
            let body = Self.multipart([
                ("jurisdiction_id", "jianghan"), ("service_code", "urbanConstruction"), ("lat", "30.5756"), ("long", "114.2875"),
                ("address_string", "梅园街39号门口"), ("description", "井盖松动，晚上骑车经过很危险，请尽快处理"),
            ], media: Self.png)
            let posted = try await Self.post(base + "/requests.json", body)
            #expect(posted.status == 200, "\(posted.body)")
            let created = try #require((try JSONSerialization.jsonObject(with: Data(posted.body.utf8)) as? [[String: Any]])?.first)
            let id = try #require(created["service_request_id"] as? String)

            let stored = try #require(try await db.queryFirst("SELECT station, channel, content, place FROM opinions WHERE id = \(id)"))
            #expect(try stored.string("station") == "jh-minzu-office" && (try stored.string("channel")) == "open311")
            #expect(try stored.string("content") == "井盖松动，晚上骑车经过很危险，请尽快处理")
            #expect(try stored.string("place") == "梅园街39号门口")
            let one = try #require((try JSONSerialization.jsonObject(with: Data(try await http(.GET, base + "/requests/\(id).json").body.utf8)) as? [[String: Any]])?.first)
            #expect(one["service_code"] as? String == "urbanConstruction")
            #expect((one["description"] as? String)?.hasPrefix("井盖松动") == true)

            // Without a photo, and answered in XML, the same.
            let plain = try await Self.post(base + "/requests.xml", Self.multipart([
                ("service_code", "transport"), ("address_id", "jh-hualou-office"), ("description", "公交站台没有遮雨棚"),
            ], media: nil))
            #expect(plain.status == 200 && plain.body.contains("<service_request_id>"), "\(plain.body)")
            #expect(try await IntakeAPITests.count(db, "opinions") == 2)
        }
    }

    @Test("a malformed multipart body is a 400 in Open311's shape, never a 500, and files nothing", arguments: Backend.allCases)
    func malformedMultipartIsRefused(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, db in
            let url = intake.baseURL + "/open311/v2/requests.json"
            let fields = [("service_code", "transport"), ("lat", "30.58"), ("long", "114.27"), ("description", "路口红绿灯时间太短")]
            let unclosed = try await Self.post(url, Self.multipart(fields, media: Self.png, closing: false))
            #expect(unclosed.status == 400)
            #expect(unclosed.body == #"[{"code":400,"description":"multipart/form-data 请求体格式不正确：缺少结束分隔符"}]"#)

            let noBoundary = try await Self.post(url, Self.multipart(fields, media: nil), contentType: "multipart/form-data")
            #expect(noBoundary.status == 400 && noBoundary.body.contains("boundary"), "\(noBoundary.body)")

            let otherBoundary = try await Self.post(url, Self.multipart(fields, media: nil), contentType: "multipart/form-data; boundary=another")
            #expect(otherBoundary.status == 400 && otherBoundary.body.contains("没有 boundary 分隔符"), "\(otherBoundary.body)")

            let unnamed = Array("--\(Self.boundary)\r\nContent-Type: text/plain\r\n\r\ntransport\r\n--\(Self.boundary)--\r\n".utf8)
            let noName = try await Self.post(url, unnamed)
            #expect(noName.status == 400 && noName.body.contains("Content-Disposition"), "\(noName.body)")

            let latin1 = Self.multipart([("service_code", "transport"), ("lat", "30.58"), ("long", "114.27")], media: nil)
                .dropLast(Array("--\(Self.boundary)--\r\n".utf8).count)
                + Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n".utf8) + [0xB7, 0xC5, 0xFF]
                + Array("\r\n--\(Self.boundary)--\r\n".utf8)
            let notText = try await Self.post(url, Array(latin1))
            #expect(notText.status == 400 && notText.body.contains("description 不是 UTF-8 文本"), "\(notText.body)")

            let xml = try await Self.post(url.replacingOccurrences(of: ".json", with: ".xml"), Self.multipart(fields, media: nil, closing: false))
            #expect(xml.status == 400 && xml.body.contains("<errors><error><code>400</code><description>multipart/form-data"))

            // Still the spec's own errors once the body is read: a missing service_code says so.
            let noService = try await Self.post(url, Self.multipart([("lat", "30.58"), ("long", "114.27")], media: Self.png))
            #expect(noService.status == 400 && noService.body.contains("service_code was not provided"))
            #expect(try await IntakeAPITests.count(db, "opinions") == 0)
        }
    }
}
