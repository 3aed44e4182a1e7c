import Contracts
import Foundation
import Hummingbird

/// Lets handlers decode request bodies with `JSONBodyDecoder`, as Hummingbird's own `JSONDecoder`
/// conformance does: the body is collected up to the context's upload limit first.
///
/// Every JSON route of every service reads its body here, so this is where a body must say it is
/// JSON: a cross-site HTML form can only post `text/plain`, urlencoded or multipart bodies, never
/// `application/json`, so refusing the rest keeps other sites from submitting through the API.
/// A decoding error becomes the kit's 400 problem here too; left to Hummingbird's
/// `Request.decode(as:context:)`, it would become an `HTTPError` whose text names Swift types.
extension JSONBodyDecoder: RequestDecoder {
    public func decode<Value: Decodable>(_ type: Value.Type, from request: Request, context: some RequestContext) async throws -> Value {
        try requireJSONMediaType(request.headers[.contentType])
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        do {
            return try decode(Value.self, from: buffer)
        } catch let error as DecodingError {
            throw Problem.badRequest(describe(error))
        }
    }
}

/// Refuses with 415 unless `contentType` is `application/json` or `application/problem+json`,
/// optionally with `charset=utf-8` (JSON is UTF-8, RFC 8259 §8.1).
func requireJSONMediaType(_ contentType: String?) throws {
    guard let contentType else {
        throw Problem.unsupportedMediaType("请求体须注明 Content-Type: application/json。")
    }
    let parts = contentType.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    guard ["application/json", "application/problem+json"].contains(parts[0]) else {
        throw Problem.unsupportedMediaType("只接受 application/json 类型的请求体。")
    }
    for parameter in parts.dropFirst() where !parameter.isEmpty {
        let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard pair.count == 2, pair[0] == "charset" else {
            throw Problem.unsupportedMediaType("application/json 的 Content-Type 只接受 charset 参数。")
        }
        let charset = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard charset == "utf-8" || charset == "utf8" else {
            throw Problem.unsupportedMediaType("JSON 请求体须使用 UTF-8 编码：application/json; charset=utf-8。")
        }
    }
}
