import Foundation

/// Where the SQLite writer waits, holding its transaction open, for more work or for the disk:
/// new jobs and finished flushes signal it.
final class WriterWakeup: @unchecked Sendable {
    private let condition = NSCondition()

    func signal() {
        condition.lock()
        condition.signal()
        condition.unlock()
    }

    /// Waits while `keepWaiting` holds, but no longer than `limit`, checking again at each signal.
    /// The check runs under the same lock as `signal`, so a signal between the check and the wait
    /// is never lost; a short timeout bounds each wait anyway.
    func wait(atMost limit: TimeInterval, while keepWaiting: () -> Bool) {
        let deadline = Date(timeIntervalSinceNow: limit)
        condition.lock()
        defer { condition.unlock() }
        while keepWaiting() && Date() < deadline {
            _ = condition.wait(until: min(deadline, Date(timeIntervalSinceNow: 0.002)))
        }
    }
}
