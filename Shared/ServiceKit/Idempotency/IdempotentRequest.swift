import Synchronization

/// The `Idempotency-Key` of the request being handled, set by `IdempotencyMiddleware` for the
/// handler's task, so that `commit` stores the answer in the transaction that makes the effect.
final class IdempotentRequest: Sendable {
    @TaskLocal static var current: IdempotentRequest?

    /// The key scoped to its caller, hashed.
    let key: String
    /// A hash of the method, path and body the key was first used with.
    let requestHash: String
    let store: IdempotencyStore
    let crashPoints: Set<CrashPoint>
    private let answerStored = Atomic(false)

    init(key: String, requestHash: String, store: IdempotencyStore, crashPoints: Set<CrashPoint>) {
        self.key = key
        self.requestHash = requestHash
        self.store = store
        self.crashPoints = crashPoints
    }

    /// True once `commit` has committed an answer for this request.
    var hasStoredAnswer: Bool { answerStored.load(ordering: .acquiring) }

    func noteStoredAnswer() { answerStored.store(true, ordering: .releasing) }
}

/// Thrown inside a transaction whose key another request with the same key has already answered
/// (the two raced): the transaction rolls back, and the middleware answers as the first did.
struct IdempotencyKeyTaken: Error {}
