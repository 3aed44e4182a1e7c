import Hummingbird

/// Lets handlers decode request bodies with `JSONBodyDecoder`, as Hummingbird's own `JSONDecoder`
/// conformance does: the body is collected up to the context's upload limit first.
extension JSONBodyDecoder: RequestDecoder {
    public func decode<Value: Decodable>(_ type: Value.Type, from request: Request, context: some RequestContext) async throws -> Value {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return try decode(Value.self, from: buffer)
    }
}
