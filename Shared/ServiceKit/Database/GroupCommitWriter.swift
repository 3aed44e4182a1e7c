import Synchronization

/// Serialises every SQLite write and folds concurrent transactions into one commit. Transactions
/// that arrive while the writer is busy (running bodies, or in a COMMIT that waits for the disk)
/// queue up; the writer then runs all of them, one after another, inside one SQLite transaction and
/// ends it with one COMMIT. Those that arrive while the bodies run join the same transaction before
/// it commits: a body takes microseconds, the flush they would otherwise wait out a whole extra
/// round of takes hundreds. With `synchronous=FULL` that COMMIT returns only once the log is on
/// disk, so each flush serves every write that arrived during the one before, and no caller is
/// answered before its write is durable.
///
/// A failing body undoes only itself. Bodies run bare, one after another, because a SAVEPOINT
/// around each cost as much as a fifth of the writer's time (each one copies every page its body
/// touches). A body that fails before it has written anything needs no undoing. The rare body
/// that fails after writing cannot be picked out of the transaction: the batch is rolled back and
/// the bodies that had succeeded run again, each inside a SAVEPOINT now, as does the rest of that
/// batch. That is why a transaction body must not act outside the database: it may run twice.
///
/// The batches run on a `WriterThread` of their own: the statements and the COMMIT, with its wait
/// for the disk, run there synchronously, without a hop to another thread per statement or per
/// commit, and without blocking one of Swift's few cooperative threads.
final class GroupCommitWriter: Sendable {
    private struct State {
        var pending: [any Job] = []
        var draining = false
        var closed = false
    }

    private let connection: SQLiteWriterConnection
    private let thread: WriterThread
    private let state = Mutex(State())
    /// Bounds how long one commit holds the others back.
    private let maximumBatch = 128

    init(connection: SQLiteWriterConnection, name: String) {
        self.connection = connection
        thread = WriterThread(name: name)
    }

    func transaction<Result: Sendable>(_ body: nonisolated(nonsending) @escaping @Sendable (any SQLExecutor) async throws -> Result) async throws -> Result {
        // Unchecked: `commit` answers every job it takes exactly once (the writer's tests hold it to
        // that), and the checked kind costs an allocation and two atomic operations per write.
        try await withUnsafeThrowingContinuation { continuation in
            submit(PendingTransaction(body: body, continuation: continuation))
        }
    }

    /// Transactions waiting for the writer, for tests.
    var queuedTransactions: Int {
        state.withLock { $0.pending.count }
    }

    /// Refuses further writes, closes the connection once the writes already queued have run, and
    /// ends the writer's thread.
    func close() async {
        state.withLock { $0.closed = true }
        await Task(executorPreference: thread) { [connection] in connection.close() }.value
        thread.stop()
    }

    /// `close()` for a writer dropped without it: the same, without waiting.
    func stop() {
        state.withLock { $0.closed = true }
        Task(executorPreference: thread) { [connection] in connection.close() }
        thread.stop()
    }

    private func submit(_ job: any Job) {
        let (startDrain, closed) = state.withLock { state in
            if state.closed { return (false, true) }
            state.pending.append(job)
            if state.draining { return (false, false) }
            state.draining = true
            return (true, false)
        }
        if closed {
            job.answer(DatabaseError.unexpected("the database is closed"))
        } else if startDrain {
            Task(executorPreference: thread) { await self.drain() }
        }
    }

    nonisolated(nonsending) private func drain() async {
        while true {
            let batch = takeQueued(upTo: maximumBatch, endingDrainIfNone: true)
            if batch.isEmpty { return }
            await commit(batch)
        }
    }

    /// Takes up to `limit` queued jobs, oldest first. With none queued and `endingDrainIfNone`, the
    /// next `submit` starts a new drain.
    private func takeQueued(upTo limit: Int, endingDrainIfNone: Bool) -> [any Job] {
        state.withLock { state in
            let jobs = Array(state.pending.prefix(limit))
            state.pending.removeFirst(jobs.count)
            if jobs.isEmpty && endingDrainIfNone { state.draining = false }
            return jobs
        }
    }

    /// Runs `first` and the jobs queued meanwhile (up to `maximumBatch` in all) in one transaction,
    /// commits it, and answers each job.
    nonisolated(nonsending) private func commit(_ first: [any Job]) async {
        let connection = WriterConnection(connection: connection)
        var batch = first
        var errors: [(any Error)?] = []
        errors.reserveCapacity(maximumBatch)
        var guarded = false
        self.connection.memo.forget()
        do {
            try connection.run("BEGIN IMMEDIATE")
            while errors.count < batch.count || joinQueued(into: &batch) {
                switch try await run(batch[errors.count], guarded: guarded, on: connection) {
                case .finished(let error):
                    errors.append(error)
                case .failedAfterWriting(let error):
                    try await redo(batch[..<errors.count], errors: &errors, on: connection)
                    errors.append(error)
                    guarded = true
                }
            }
            guard errors.contains(where: { $0 == nil }) else {
                try? connection.run("ROLLBACK")
                for (job, error) in zip(batch, errors) { job.answer(error) }
                return
            }
            // Writes the batch's frames to the log and returns once the log is on disk.
            try connection.run("COMMIT")
        } catch {
            // BEGIN, a savepoint or the COMMIT failed, or SQLite ended the transaction: nothing of
            // this batch is kept.
            if self.connection.isInTransaction { try? connection.run("ROLLBACK") }
            for job in batch { job.answer(error) }
            return
        }
        // The callers are answered from one task on Swift's threads: the writer, which every write
        // waits for, wakes one thread instead of one per caller, and goes on.
        Task.detached { [batch, errors] in for (job, error) in zip(batch, errors) { job.answer(error) } }
        self.connection.checkpointIfDue(writesWaiting: state.withLock { !$0.pending.isEmpty })
    }

    /// Adds the jobs queued while the batch's bodies ran, if there is room; false if none were added.
    private func joinQueued(into batch: inout [any Job]) -> Bool {
        guard batch.count < maximumBatch else { return false }
        let joining = takeQueued(upTo: maximumBatch - batch.count, endingDrainIfNone: false)
        batch += joining
        return !joining.isEmpty
    }

    /// How one body ended. Only `failedAfterWriting` leaves anything to undo.
    private enum Outcome {
        case finished((any Error)?)
        case failedAfterWriting(any Error)
    }

    /// Runs one body: bare, or `guarded` inside a SAVEPOINT that undoes it if it fails. Throws
    /// when the transaction itself is lost.
    nonisolated(nonsending) private func run(_ job: any Job, guarded: Bool, on connection: WriterConnection) async throws -> Outcome {
        if guarded {
            try connection.run("SAVEPOINT job")
            do {
                try await job.run(connection)
                try connection.run("RELEASE job")
                return .finished(nil)
            } catch {
                self.connection.memo.forget()
                try connection.run("ROLLBACK TO job")
                try connection.run("RELEASE job")
                return .finished(error)
            }
        }
        let writesBefore = self.connection.completedWrites
        do {
            try await job.run(connection)
            return .finished(nil)
        } catch {
            guard self.connection.isInTransaction else { throw error }
            return self.connection.completedWrites == writesBefore ? .finished(error) : .failedAfterWriting(error)
        }
    }

    /// Rolls the transaction back and runs again, each inside a SAVEPOINT, the bodies of `done`
    /// that had succeeded; one that fails this time is answered with its new error.
    nonisolated(nonsending) private func redo(_ done: ArraySlice<any Job>, errors: inout [(any Error)?], on connection: WriterConnection) async throws {
        self.connection.memo.forget()
        try connection.run("ROLLBACK")
        try connection.run("BEGIN IMMEDIATE")
        for (index, job) in zip(done.indices, done) where errors[index] == nil {
            if case .finished(let error) = try await run(job, guarded: true, on: connection) { errors[index] = error }
        }
    }
}

/// One caller's transaction, from `transaction` until its batch is durable.
private protocol Job: AnyObject, Sendable {
    /// Runs the body inside the batch, keeping its value for the answer.
    nonisolated(nonsending) func run(_ db: any SQLExecutor) async throws
    /// Resumes the caller with the body's value, or with the error that undid its part of the batch.
    func answer(_ error: (any Error)?)
}

/// A `Job` and everything it holds, in one object: the body, the caller waiting for it and the
/// value it returned. Only the writer's thread runs the body and sets `value`, one job after
/// another; `answer` reads it once the batch is durable.
private final class PendingTransaction<Result: Sendable>: Job, @unchecked Sendable {
    private let body: nonisolated(nonsending) @Sendable (any SQLExecutor) async throws -> Result
    private let continuation: UnsafeContinuation<Result, any Error>
    private var value: Result?

    init(body: nonisolated(nonsending) @escaping @Sendable (any SQLExecutor) async throws -> Result,
         continuation: UnsafeContinuation<Result, any Error>) {
        self.body = body
        self.continuation = continuation
    }

    nonisolated(nonsending) func run(_ db: any SQLExecutor) async throws {
        value = try await body(db)
    }

    func answer(_ error: (any Error)?) {
        if let error {
            continuation.resume(throwing: error)
        } else if let value {
            continuation.resume(returning: value)
        } else {
            continuation.resume(throwing: DatabaseError.unexpected("a transaction ended without a value"))
        }
    }
}

/// The handle a transaction body receives on SQLite: statements run on the writer's connection,
/// synchronously on the writer's thread, inside the transaction the `GroupCommitWriter` holds open.
struct WriterConnection: SQLExecutor {
    let connection: SQLiteWriterConnection
    var dialect: SQLDialect { .sqlite }

    func run(_ statement: String) throws {
        try connection.run(SQL(statement))
    }

    nonisolated(nonsending) func execute(_ sql: SQL) async throws {
        try connection.run(sql)
    }

    nonisolated(nonsending) func query(_ sql: SQL) async throws -> [SQLRow] {
        try connection.rows(sql)
    }
}

