import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// Applies `IdempotencyStore` to mutating requests that carry an `Idempotency-Key`: the first
/// response is stored with a hash of the request; a retry with the same key and body gets the
/// stored response (marked `Idempotent-Replayed: true`); the same key with another body is a 422;
/// a retry while the first is still running is a 409. Keys are scoped to the caller.
public struct IdempotencyMiddleware: RouterMiddleware {
    public typealias Context = ServiceRequestContext
    let store: IdempotencyStore
    let suite: CryptoSuite
    let maximumBody: Int

    public init(store: IdempotencyStore, suite: CryptoSuite, maximumBody: Int = 1 << 20) {
        self.store = store
        self.suite = suite
        self.maximumBody = maximumBody
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard [.post, .put, .patch, .delete].contains(request.method),
              let key = request.headers[idempotencyKeyField] else {
            return try await next(request, context)
        }
        guard (1...200).contains(key.utf8.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw Problem.badRequest("Idempotency-Key 须为 1 到 200 个可见 ASCII 字符。")
        }
        var request = request
        let body = try await request.collectBody(upTo: maximumBody)
        let caller = context.principal.map { "\($0.role.rawValue):\($0.subject)" } ?? "anonymous"
        let scopedKey = suite.hexDigest(caller + "\n" + key)
        let requestHash = suite.hexDigest("\(request.method.rawValue) \(request.uri.path)\n" + String(buffer: body))

        switch try await store.start(key: scopedKey, requestHash: requestHash) {
        case .mismatch:
            throw Problem.unprocessable("idempotency-key-reused", "此 Idempotency-Key 已用于另一个不同的请求。")
        case .inProgress:
            throw Problem.conflict("idempotency-in-progress", "使用此 Idempotency-Key 的请求仍在处理中，请稍后重试。")
        case .replay(let stored):
            var headers: HTTPFields = [idempotentReplayedField: "true"]
            if let type = stored.contentType { headers[.contentType] = type }
            return Response(status: .init(code: stored.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: stored.body)))
        case .proceed:
            let response: Response
            do {
                response = try await next(request, context)
            } catch {
                let answer = problem(for: error, logger: context.logger)
                guard answer.status < 500 else {
                    try? await store.abandon(key: scopedKey)
                    throw error
                }
                response = problemResponse(answer, instance: request.uri.path)
            }
            return try await remember(response, key: scopedKey)
        }
    }

    /// Reads the whole response once, stores it, and returns an equal response to send.
    func remember(_ response: Response, key: String) async throws -> Response {
        guard response.status.code < 500 else {
            try? await store.abandon(key: key)
            return response
        }
        let collector = BodyCollector()
        var response = response
        let body = response.body
        try await body.write(collector)
        let bytes = collector.buffer.withLock { Array($0.readableBytesView) }
        try await store.finish(key: key, response: .init(status: Int(response.status.code), contentType: response.headers[.contentType], body: bytes))
        response.body = .init(byteBuffer: ByteBuffer(bytes: bytes))
        return response
    }
}

let idempotencyKeyField = HTTPField.Name("Idempotency-Key")!
let idempotentReplayedField = HTTPField.Name("Idempotent-Replayed")!

/// A response body writer that keeps what is written.
final class BodyCollector: ResponseBodyWriter, Sendable {
    let buffer = Mutex(ByteBuffer())

    func write(_ part: ByteBuffer) async throws {
        buffer.withLock { stored in
            var part = part
            stored.writeBuffer(&part)
        }
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
