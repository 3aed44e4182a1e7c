import Foundation

/// One operating-system thread that runs the tasks preferring it (SE-0417 task executor).
///
/// SQLite's single writer lives here: its statements and its COMMIT, which waits for fsync, block
/// this thread only, never one of Swift's few cooperative threads, and the writer never queues
/// behind request handlers for a turn on those threads.
final class WriterThread: TaskExecutor, @unchecked Sendable {
    // `condition` guards the three below; the thread sleeps on it while there is nothing to run.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false
    private var exited = false

    init(name: String) {
        startNamedThread(name) { [self] in runUntilStopped() }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        if exited {
            // A write after `stop()`: run it here, so that it fails against the closed database
            // instead of waiting for a thread that is gone.
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
            return
        }
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Ends the thread once the jobs already queued have run.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func runUntilStopped() {
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty {
                exited = true
                condition.unlock()
                return
            }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
