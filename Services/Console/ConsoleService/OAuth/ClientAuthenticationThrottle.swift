import Foundation
import Synchronization

/// Failed client authentications per client address: 20 within 15 minutes and that address gets
/// a 429 until the oldest of them is 15 minutes old, as the sign-in throttle does for passwords.
/// Kept in memory (per console process): a secret has 256 bits, so this is against noise and load,
/// not against guessing.
final class ClientAuthenticationThrottle: Sendable {
    let limit: Int
    let window: TimeInterval
    private let failures = Mutex([String: [Date]]())

    init(limit: Int = 20, window: TimeInterval = 15 * 60) {
        self.limit = limit
        self.window = window
    }

    /// The seconds until `address` may try again, or nil when it may now.
    func retryAfter(for address: String, now: Date) -> Int? {
        failures.withLock { failures in
            let recent = (failures[address] ?? []).filter { $0 > now.addingTimeInterval(-window) }
            failures[address] = recent.isEmpty ? nil : recent
            guard recent.count >= limit, let oldest = recent.first else { return nil }
            return max(1, Int(oldest.addingTimeInterval(window).timeIntervalSince(now).rounded(.up)))
        }
    }

    func recordFailure(from address: String, now: Date) {
        failures.withLock { failures in
            // Bounds memory under a flood of distinct addresses: those without a recent failure go.
            if failures.count > 10_000 {
                failures = failures.filter { $0.value.last.map { $0 > now.addingTimeInterval(-window) } ?? false }
            }
            failures[address, default: []].append(now)
        }
    }
}
