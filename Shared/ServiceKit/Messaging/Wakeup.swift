import Synchronization

/// Lets a writer nudge a sleeping background loop: `wait(upTo:)` returns early when `signal()` is
/// called (or was called since the last wait), otherwise after the timeout.
public final class Wakeup: Sendable {
    private struct State {
        var signalled = false
        var waiter: CheckedContinuation<Void, Never>?
    }
    private let state = Mutex(State())

    public init() {}

    public func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.signalled = true
            return nil
        }
        waiter?.resume()
    }

    public func wait(upTo timeout: Duration) async {
        let timer = Task { [weak self] in
            // Only a timer that ran its course wakes the waiter. A cancelled one (the wait ended
            // by a signal) must not: its late signal would make the next wait return at once, and
            // that wait's cancelled timer the one after — a loop that kept a core busy.
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            self?.signal()
        }
        defer { timer.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.signalled {
                        state.signalled = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            self.signal()
        }
        // A timer that fired after a real signal must not leave a stale wake-up behind.
        state.withLock { $0.signalled = false }
    }
}
