import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Makes mutating requests that carry an `Idempotency-Key` take effect once. A retry of a request
/// that took effect gets the stored answer (marked `Idempotent-Replayed: true`); the same key with
/// another body is a 422. Keys are scoped to the caller. The answer is stored by `commit`, in the
/// transaction of the effect itself, so no crash can leave an effect without its answer or a key
/// that blocks retries; a request that changed nothing stores nothing and may be sent again.
public struct IdempotencyMiddleware: RouterMiddleware {
    public typealias Context = ServiceRequestContext
    let store: IdempotencyStore
    let suite: CryptoSuite
    let maximumBody: Int
    let crashPoints: Set<CrashPoint>

    public init(store: IdempotencyStore, suite: CryptoSuite, maximumBody: Int = 1 << 20, crashPoints: Set<CrashPoint> = []) {
        self.store = store
        self.suite = suite
        self.maximumBody = maximumBody
        self.crashPoints = crashPoints
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

        if let answer = try await storedAnswer(key: scopedKey, requestHash: requestHash) {
            return answer.response(replayed: true)
        }
        let idempotent = IdempotentRequest(key: scopedKey, requestHash: requestHash, store: store, crashPoints: crashPoints)
        do {
            return try await IdempotentRequest.$current.withValue(idempotent) {
                try await next(request, context)
            }
        } catch {
            // A twin with the same key (a client's retry racing its first try) may have taken effect
            // meanwhile: this request was refused for that (its key was taken, or its state check saw
            // the twin's effect), and the twin's answer is its answer too.
            guard !idempotent.hasStoredAnswer, error is IdempotencyKeyTaken || error is Problem else { throw error }
            let attempts = error is IdempotencyKeyTaken ? 40 : 1
            for attempt in 0..<attempts {
                if attempt > 0 { try await Task.sleep(for: .milliseconds(25)) }
                if let answer = try await storedAnswer(key: scopedKey, requestHash: requestHash) {
                    return answer.response(replayed: true)
                }
            }
            if error is IdempotencyKeyTaken {
                throw Problem.conflict("idempotency-in-progress", "使用此 Idempotency-Key 的请求仍在处理中，请稍后重试。")
            }
            throw error
        }
    }

    /// The answer stored for this key, if any; a 422 if the key was used for another request.
    func storedAnswer(key: String, requestHash: String) async throws -> Answer? {
        switch try await store.lookup(key: key, requestHash: requestHash) {
        case .absent: nil
        case .replay(let answer): answer
        case .mismatch: throw Problem.unprocessable("idempotency-key-reused", "此 Idempotency-Key 已用于另一个不同的请求。")
        }
    }
}

let idempotencyKeyField = HTTPField.Name("Idempotency-Key")!
let idempotentReplayedField = HTTPField.Name("Idempotent-Replayed")!
