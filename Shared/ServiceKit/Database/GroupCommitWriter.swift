import Synchronization

/// Serialises every SQLite write and folds concurrent transactions into one commit. While the
/// `WALFlusher` is still putting the previous commit on disk, the batch stays open and takes in
/// whatever arrives, so each flush serves one commit of everything gathered meanwhile. No caller is
/// answered before the flush that covers its commit has returned.
///
/// A failing body undoes only itself. Bodies run bare, one after another, because a SAVEPOINT
/// around each cost as much as a fifth of the writer's time (each one copies every page its body
/// touches). A body that fails before it has written anything needs no undoing. The rare body
/// that fails after writing cannot be picked out of the transaction: the batch is rolled back and
/// the bodies that had succeeded run again, each inside a SAVEPOINT now, as does the rest of that
/// batch. That is why a transaction body must not act outside the database: it may run twice.
///
/// The batches run on a `WriterThread` of their own: the statements and the COMMIT run there
/// synchronously, without a hop to another thread per statement or per commit.
final class GroupCommitWriter: Sendable {
    /// One caller's transaction: `run` executes the body inside the batch; `answer` resumes the
    /// caller, with the body's value, or with the error that undid its part of the batch.
    private struct Job: Sendable {
        let run: @Sendable (any SQLExecutor) async throws -> Void
        let answer: @Sendable ((any Error)?) -> Void
    }

    private struct State {
        var pending: [Job] = []
        var draining = false
        var closed = false
    }

    private let connection: SQLiteWriterConnection
    private let thread: WriterThread
    let flusher: WALFlusher
    private let wakeup: WriterWakeup
    private let state = Mutex(State())
    /// Bounds how long one commit holds the others back.
    private let maximumBatch = 128

    init(connection: SQLiteWriterConnection, flusher: WALFlusher, wakeup: WriterWakeup, name: String) {
        self.connection = connection
        self.flusher = flusher
        self.wakeup = wakeup
        thread = WriterThread(name: name)
    }

    func transaction<Result: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) async throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            let value = ValueBox<Result>()
            submit(Job(
                run: { value.stored = try await body($0) },
                answer: { error in
                    if let error {
                        continuation.resume(throwing: error)
                    } else if let result = value.stored {
                        continuation.resume(returning: result)
                    } else {
                        continuation.resume(throwing: DatabaseError.unexpected("a transaction ended without a value"))
                    }
                }))
        }
    }

    /// Refuses further writes, closes the connection once the writes already queued have run, and
    /// ends the writer's thread.
    func close() async {
        state.withLock { $0.closed = true }
        await Task(executorPreference: thread) { [connection] in connection.close() }.value
        thread.stop()
        flusher.stop()
    }

    /// `close()` for a writer dropped without it: the same, without waiting.
    func stop() {
        state.withLock { $0.closed = true }
        Task(executorPreference: thread) { [connection] in connection.close() }
        thread.stop()
        flusher.stop()
    }

    private func submit(_ job: Job) {
        let (startDrain, closed) = state.withLock { state in
            if state.closed { return (false, true) }
            state.pending.append(job)
            if state.draining { return (false, false) }
            state.draining = true
            return (true, false)
        }
        if closed {
            job.answer(DatabaseError.unexpected("the database is closed"))
        } else if !startDrain {
            // The writer may be holding its transaction open for more work: tell it some came.
            wakeup.signal()
        } else {
            Task(executorPreference: thread) { await self.drain() }
        }
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

    private func commit(_ first: [Job]) async {
        let connection = WriterConnection(connection: connection)
        var batch = first
        var errors: [(any Error)?] = []
        errors.reserveCapacity(batch.count)
        var guarded = false
        do {
            try connection.run("BEGIN IMMEDIATE")
            while true {
                while errors.count < batch.count {
                    switch try await run(batch[errors.count], guarded: guarded, on: connection) {
                    case .finished(let error):
                        errors.append(error)
                    case .failedAfterWriting(let error):
                        try await redo(batch[..<errors.count], errors: &errors, on: connection)
                        errors.append(error)
                        guarded = true
                    }
                }
                // While the disk is still flushing the previous commit, committing this one would
                // only queue behind it: keep the transaction open and take in what arrives, so
                // that one commit, and one flush, serves everything gathered meanwhile.
                guard batch.count < maximumBatch, waitForMoreWhileFlushing() else { break }
                batch += takePending(upTo: maximumBatch - batch.count)
            }
        } catch {
            // BEGIN or a savepoint failed, or SQLite ended the transaction: nothing of this batch is kept.
            try? connection.run("ROLLBACK")
            return answerAfterDurable(batch, errors: batch.map { _ in error })
        }
        guard errors.contains(where: { $0 == nil }) else {
            try? connection.run("ROLLBACK")
            return answerAfterDurable(batch, errors: errors)
        }
        let commit = flusher.beginCommit()
        do {
            // Writes the batch's frames to the log; the flusher makes them durable.
            try connection.run("COMMIT")
        } catch {
            try? connection.run("ROLLBACK")
            flusher.commitFinished(commit, answering: [])
            for job in batch { job.answer(error) }
            return
        }
        flusher.commitFinished(commit, answering: zip(batch, errors).map { job, error in
            { flushFailure in job.answer(error ?? flushFailure) }
        })
        self.connection.checkpointIfDue(writesWaiting: state.withLock { !$0.pending.isEmpty })
    }

    /// How one body ended. Only `failedAfterWriting` leaves anything to undo.
    private enum Outcome {
        case finished((any Error)?)
        case failedAfterWriting(any Error)
    }

    /// Runs one body: bare, or `guarded` inside a SAVEPOINT that undoes it if it fails. Throws
    /// when the transaction itself is lost.
    private func run(_ job: Job, guarded: Bool, on connection: WriterConnection) async throws -> Outcome {
        if guarded {
            try connection.run("SAVEPOINT job")
            do {
                try await job.run(connection)
                try connection.run("RELEASE job")
                return .finished(nil)
            } catch {
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
    private func redo(_ done: ArraySlice<Job>, errors: inout [(any Error)?], on connection: WriterConnection) async throws {
        try connection.run("ROLLBACK")
        try connection.run("BEGIN IMMEDIATE")
        for (index, job) in zip(done.indices, done) where errors[index] == nil {
            if case .finished(let error) = try await run(job, guarded: true, on: connection) { errors[index] = error }
        }
    }

    /// Takes up to `limit` waiting jobs, leaving `draining` set: the caller is the drain.
    private func takePending(upTo limit: Int) -> [Job] {
        state.withLock { state in
            let taken = Array(state.pending.prefix(limit))
            state.pending.removeFirst(taken.count)
            return taken
        }
    }

    /// Blocks the writer's thread until a job arrives or the previous commit is on disk. True when
    /// jobs are waiting and that commit is still being flushed, so the batch should take them in.
    /// A disk that keeps refusing the flush holds a batch back for 50 ms at most.
    private func waitForMoreWhileFlushing() -> Bool {
        wakeup.wait(atMost: 0.05) {
            flusher.hasUnflushedCommits && state.withLock { $0.pending.isEmpty }
        }
        return flusher.hasUnflushedCommits && state.withLock { !$0.pending.isEmpty }
    }

    /// Answers a batch that committed nothing, once what its bodies may have read is durable.
    private func answerAfterDurable(_ batch: [Job], errors: [(any Error)?]) {
        let seen = flusher.newestVisibleCommit
        for (job, error) in zip(batch, errors) {
            flusher.whenDurable(seen) { flushFailure in job.answer(error ?? flushFailure) }
        }
    }
}

/// Holds a transaction body's value from the moment it returns until its batch is durable. Only
/// the writer's thread touches it, one job after another.
private final class ValueBox<Value>: @unchecked Sendable {
    var stored: Value?
}

/// The handle a transaction body receives on SQLite: statements run on the writer's connection,
/// synchronously on the writer's thread, inside the transaction the `GroupCommitWriter` holds open.
struct WriterConnection: SQLExecutor {
    let connection: SQLiteWriterConnection
    var dialect: SQLDialect { .sqlite }

    func run(_ statement: String) throws {
        try connection.run(SQL(statement))
    }

    func execute(_ sql: SQL) async throws {
        try connection.run(sql)
    }

    func query(_ sql: SQL) async throws -> [SQLRow] {
        try connection.rows(sql)
    }
}

