import Hummingbird

/// Runs a mutating request's effect and makes its answer in one transaction. Under an
/// `Idempotency-Key` the answer is stored in that same transaction, so the effect and the record
/// that it happened commit together or not at all: a client whose first try died with the process
/// (before or after the commit) retries and gets either a fresh run or this very answer, never a
/// second effect and never a wait. Reads inside `body` see its own writes; build the answer there.
public func commit(
    _ database: any Database,
    _ body: nonisolated(nonsending) @escaping @Sendable (any SQLExecutor) async throws -> Answer
) async throws -> Response {
    // Task-locals do not reach the writer's thread, where SQLite runs the body: capture it here.
    let request = IdempotentRequest.current
    let answer = try await database.transaction { db in
        let answer = try await body(db)
        if let request {
            try await request.store.storeAnswer(answer, key: request.key, requestHash: request.requestHash, in: db)
            CrashPoint.beforeCommit.strike(request.crashPoints)
        }
        return answer
    }
    if let request {
        request.noteStoredAnswer()
        CrashPoint.afterCommit.strike(request.crashPoints)
    }
    return answer.response()
}
