import Foundation
import Synchronization

/// Makes SQLite commits durable off the writer's thread, and holds back every answer until the
/// commits it depends on are on disk.
///
/// The writer connection runs with `synchronous=NORMAL`: COMMIT writes its frames to the
/// write-ahead log and returns without waiting for the disk. The writer numbers each COMMIT, hands
/// this flusher the callers it committed for, and goes on with its next batch while this thread
/// `fdatasync`s the log, once for every commit that finished meanwhile. So an acknowledged write
/// is exactly as durable as with `synchronous=FULL`, and the disk's flush no longer stops the
/// writer.
///
/// Readers see a commit as soon as its frames are in the log, a moment before they are on disk.
/// A read's rows are therefore released only once every commit it could have seen is durable
/// (`waitUntilDurable`): nothing that leaves a service, whether an answer, a page or a message,
/// shows data that a power cut could still take back.
final class WALFlusher: @unchecked Sendable {
    typealias Waiter = @Sendable ((any Error)?) -> Void

    /// Commits the writer has begun; a reader that finishes after commit n began may have seen it.
    private let started = Atomic<UInt64>(0)
    /// Every commit up to this number is on disk.
    private let durable = Atomic<UInt64>(0)
    /// Commits up to this number have been handed over (a copy of `finished`, read without the lock).
    private let handedOver = Atomic<UInt64>(0)
    /// Told whenever a flush has ended, so the writer can commit what it gathered meanwhile.
    private let flushEnded: @Sendable () -> Void

    // `condition` guards the state below; the thread sleeps on it while there is nothing to flush.
    private let condition = NSCondition()
    /// Commits up to this number have finished writing their frames (or failed).
    private var finished: UInt64 = 0
    private var waiting: [(commit: UInt64, waiter: Waiter)] = []
    private var stopping = false
    private var exited = false

    // Used on the flusher's thread only.
    private let walPath: String
    private var walDescriptor: Int32 = -1
    /// Tests replace the flush, to hold it back and see that nothing is answered before it.
    private let flushOverride: (@Sendable () -> (any Error)?)?

    init(databasePath: String, name: String, flush: (@Sendable () -> (any Error)?)? = nil,
         flushEnded: @escaping @Sendable () -> Void = {}) {
        walPath = databasePath + "-wal"
        flushOverride = flush
        self.flushEnded = flushEnded
        startNamedThread(name) { [self] in runUntilStopped() }
    }

    /// Called by the writer just before COMMIT; returns the commit's number.
    func beginCommit() -> UInt64 {
        started.add(1, ordering: .sequentiallyConsistent).newValue
    }

    /// Whether a commit handed over is still waiting for, or in, a flush.
    var hasUnflushedCommits: Bool {
        handedOver.load(ordering: .sequentiallyConsistent) > durable.load(ordering: .sequentiallyConsistent)
    }

    /// The newest commit a read that finishes now may have seen.
    var newestVisibleCommit: UInt64 {
        started.load(ordering: .sequentiallyConsistent)
    }

    /// Called by the writer once COMMIT `commit` has returned, successfully or not: `waiters` are
    /// answered when it, and every commit before it, is on disk.
    func commitFinished(_ commit: UInt64, answering waiters: [Waiter]) {
        condition.lock()
        finished = max(finished, commit)
        handedOver.store(finished, ordering: .sequentiallyConsistent)
        let stopped = exited
        if !stopped { waiting += waiters.map { (commit, $0) } }
        condition.signal()
        condition.unlock()
        // After `stop()`, a commit can only be a write that raced the close and failed.
        if stopped { for waiter in waiters { waiter(DatabaseError.unexpected("the database is closed")) } }
    }

    /// Answers `waiter` once commit `commit` and all before it are on disk: at once if they are.
    func whenDurable(_ commit: UInt64, _ waiter: @escaping Waiter) {
        if durable.load(ordering: .sequentiallyConsistent) >= commit { return waiter(nil) }
        condition.lock()
        if exited {
            condition.unlock()
            return waiter(DatabaseError.unexpected("the database is closed"))
        }
        waiting.append((commit, waiter))
        condition.signal()
        condition.unlock()
    }

    /// Returns once commit `commit` and all before it are on disk.
    func waitUntilDurable(_ commit: UInt64) async throws {
        if durable.load(ordering: .sequentiallyConsistent) >= commit { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            whenDurable(commit) { error in
                if let error { continuation.resume(throwing: error) } else { continuation.resume() }
            }
        }
    }

    /// Ends the thread once what it was handed is flushed and answered.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func runUntilStopped() {
        while true {
            condition.lock()
            // Only this thread moves `durable`. Work: a commit handed over but not yet on disk (even
            // with nobody waiting for it: the writer holds its next batch open until it is), or a
            // waiter that is already covered.
            let durableNow = durable.load(ordering: .sequentiallyConsistent)
            while finished <= durableNow && !waiting.contains(where: { $0.commit <= durableNow }) && !stopping {
                condition.wait()
            }
            if stopping && waiting.isEmpty && finished <= durableNow {
                exited = true
                condition.unlock()
                if walDescriptor >= 0 { close(walDescriptor) }
                return
            }
            let target = finished
            condition.unlock()

            // Everything that finished before this flush began is covered by it.
            let failure = target > durableNow ? flushOverride?() ?? syncWAL() : nil
            if failure == nil && target > durableNow { durable.store(target, ordering: .sequentiallyConsistent) }

            condition.lock()
            let covered = failure == nil ? target : durableNow
            var ready: [Waiter] = []
            var failed: [Waiter] = []
            waiting.removeAll { entry in
                if entry.commit <= covered { ready.append(entry.waiter); return true }
                if failure != nil, entry.commit <= target { failed.append(entry.waiter); return true }
                // A waiter for a commit that will never come (the writer stopped) is refused.
                if stopping, entry.commit > finished { failed.append(entry.waiter); return true }
                return false
            }
            condition.unlock()
            for waiter in ready { waiter(nil) }
            for waiter in failed { waiter(failure ?? DatabaseError.unexpected("the database is closed")) }
            flushEnded()
            if failure != nil {
                // The disk refused: the next flush tries again, without spinning on a failing disk.
                // A stopping flusher gives up instead of retrying for ever.
                condition.lock()
                if stopping { finished = durable.load(ordering: .sequentiallyConsistent) }
                condition.unlock()
                usleep(10_000)
            }
        }
    }
}

extension WALFlusher {
    /// `fdatasync` on the log file. Any descriptor of a file flushes all of its written pages, so
    /// a read-only one of our own serves; it is opened at the first flush, once the log exists.
    private func syncWAL() -> (any Error)? {
        if walDescriptor < 0 { walDescriptor = open(walPath, O_RDONLY | O_CLOEXEC) }
        guard walDescriptor >= 0, fdatasync(walDescriptor) == 0 else {
            return DatabaseError.unexpected("could not flush \(walPath) to disk: \(String(cString: strerror(errno)))")
        }
        return nil
    }
}
