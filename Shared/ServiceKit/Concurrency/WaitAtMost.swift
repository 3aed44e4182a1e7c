import Synchronization

/// Waits for `task` to end, but at most `limit`; true if it ended. The task is left to finish on
/// its own: a stop that must not hang uses this where a library's own wait has no bound.
public func waitAtMost(_ limit: Duration, for task: Task<Void, Never>) async -> Bool {
    let waiter = Mutex<CheckedContinuation<Bool, Never>?>(nil)
    return await withCheckedContinuation { continuation in
        waiter.withLock { $0 = continuation }
        let resume: @Sendable (Bool) -> Void = { ended in waiter.withLock { $0.take() }?.resume(returning: ended) }
        let ending = Task { await task.value; resume(true) }
        Task {
            try? await Task.sleep(for: limit)
            resume(false)
            ending.cancel()
        }
    }
}
