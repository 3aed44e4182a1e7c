import Foundation
import Synchronization

/// Where a service reads the time. In production it is the system clock; a test holds its own
/// and moves it forward — past a deadline, across a Spring Festival — without waiting.
public final class ServiceClock: Sendable {
    private let offset = Mutex<TimeInterval>(0)

    public init() {}

    public func now() -> Date { Date().addingTimeInterval(offset.withLock { $0 }) }

    /// Moves this clock (never the system's) forward or back.
    public func advance(by seconds: TimeInterval) { offset.withLock { $0 += seconds } }

    /// Sets this clock to read `date` now.
    public func set(to date: Date) { offset.withLock { $0 = date.timeIntervalSinceNow } }
}
