import Hummingbird
import NIOCore

/// What a request answers, as bytes: made inside the transaction that makes the request's effect
/// (see `commit`), so that under an `Idempotency-Key` the answer is stored in the same commit.
public struct Answer: Sendable, Equatable {
    public var status: Int
    public var contentType: String?
    public var body: [UInt8]

    public init(status: Int, contentType: String?, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// `value` as the API's JSON.
    public static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Answer {
        Answer(status: Int(status.code), contentType: "application/json; charset=utf-8", body: try apiEncoder.encode(value))
    }

    /// The response to send; a replayed one says so.
    func response(replayed: Bool = false) -> Response {
        var headers: HTTPFields = [.contentLength: String(body.count)]
        if let contentType { headers[.contentType] = contentType }
        if replayed { headers[idempotentReplayedField] = "true" }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
