import GRDB
import Synchronization

/// Serialises every SQLite write and folds the transactions that arrive while a commit is under
/// way into the next one: each body runs inside its own SAVEPOINT (so a failing body undoes only
/// itself), and the batch ends in a single COMMIT, one fsync for many requests. No caller is
/// answered before the commit that holds its changes has returned, so durability is unchanged.
final class GroupCommitWriter: Sendable {
    private struct Job: Sendable {
        let body: @Sendable (any SQLExecutor) async throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private struct State {
        var pending: [Job] = []
        var draining = false
    }

    private let pool: DatabasePool
    private let state = Mutex(State())
    /// Bounds how long one commit holds the others back.
    private let maximumBatch = 128

    init(pool: DatabasePool) {
        self.pool = pool
    }

    func transaction<Result: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) async throws -> Result) async throws -> Result {
        let value = try await withCheckedThrowingContinuation { continuation in
            let job = Job(body: { try await body($0) }, continuation: continuation)
            let startDrain = state.withLock { state in
                state.pending.append(job)
                if state.draining { return false }
                state.draining = true
                return true
            }
            if startDrain {
                Task(priority: .high) { await self.drain() }
            }
        }
        guard let result = value as? Result else {
            throw DatabaseError.unexpected("transaction returned an unexpected type")
        }
        return result
    }

    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Job] in
                let batch = Array(state.pending.prefix(maximumBatch))
                state.pending.removeFirst(batch.count)
                if batch.isEmpty { state.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            await commit(batch)
        }
    }

    private func commit(_ batch: [Job]) async {
        let connection = WriterConnection(pool: pool)
        var outcomes: [Result<any Sendable, any Error>] = []
        do {
            try connection.run("BEGIN IMMEDIATE")
            for job in batch {
                try connection.run("SAVEPOINT job")
                do {
                    let value = try await job.body(connection)
                    try connection.run("RELEASE job")
                    outcomes.append(.success(value))
                } catch {
                    try connection.run("ROLLBACK TO job")
                    try connection.run("RELEASE job")
                    outcomes.append(.failure(error))
                }
            }
            let anySucceeded = outcomes.contains { if case .success = $0 { true } else { false } }
            try await connection.commit(anySucceeded ? "COMMIT" : "ROLLBACK")
        } catch {
            // BEGIN, a savepoint or COMMIT itself failed: nothing of this batch is durable.
            try? await connection.commit("ROLLBACK")
            for job in batch { job.continuation.resume(throwing: error) }
            return
        }
        for (job, outcome) in zip(batch, outcomes) { job.continuation.resume(with: outcome) }
    }
}

/// The handle a transaction body receives on SQLite: statements run on the pool's single writer
/// connection, inside the transaction the `GroupCommitWriter` holds open.
///
/// Statements inside the transaction run synchronously on the caller's thread: only the drain
/// loop ever touches the writer, so GRDB's queue is idle and runs each one in place, in
/// microseconds, instead of two thread hops per statement. The commit, which waits for fsync,
/// runs on GRDB's own queue so it never blocks a Swift concurrency thread.
struct WriterConnection: SQLExecutor {
    let pool: DatabasePool
    var dialect: SQLDialect { .sqlite }

    func run(_ statement: String) throws {
        try writeInPlace(pool) { db in try executeStatement(db, SQL(statement)) }
    }

    func commit(_ statement: String) async throws {
        try await pool.writeWithoutTransaction { db in try db.execute(sql: statement) }
    }

    func execute(_ sql: SQL) async throws {
        try writeInPlace(pool) { db in try executeStatement(db, sql) }
    }

    func query(_ sql: SQL) async throws -> [SQLRow] {
        try writeInPlace(pool) { db in try fetchRows(db, sql) }
    }
}

/// GRDB's synchronous writer access (the async overload is preferred in async code).
private func writeInPlace<T>(_ pool: DatabasePool, _ body: (GRDB.Database) throws -> T) throws -> T {
    try pool.writeWithoutTransaction(body)
}
