import Hummingbird

/// Lets handlers return `Encodable` values that `SortedJSONEncoder` writes, as Hummingbird's own
/// `JSONEncoder` conformance does: `application/json` with its length.
extension SortedJSONEncoder: ResponseEncoder {
    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        let bytes = try encode(value)
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(bytes.count)],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
