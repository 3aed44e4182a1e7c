import Foundation
import Synchronization

/// Per-client token buckets, in memory: `capacity` requests at once, refilled evenly over `per`.
/// Each instance limits on its own; behind several replicas the limit is per replica.
public final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    let capacity: Double
    let refillPerSecond: Double
    private let buckets = Mutex([String: Bucket]())
    /// Bounds memory under a flood of distinct addresses; full buckets are the ones to forget.
    private let maximumClients = 50_000

    public init(capacity: Int, per interval: TimeInterval) {
        self.capacity = Double(max(capacity, 1))
        refillPerSecond = Double(max(capacity, 1)) / interval
    }

    /// Takes one token for `client`, or throws `RateLimited` with the seconds until one is free.
    public func take(for client: String, now: Date = Date()) throws {
        let wait: Double? = buckets.withLock { buckets in
            if buckets.count >= maximumClients { forgetFullBuckets(&buckets, now: now) }
            var bucket = buckets[client] ?? Bucket(tokens: capacity, updated: now)
            bucket.tokens = min(capacity, bucket.tokens + now.timeIntervalSince(bucket.updated) * refillPerSecond)
            bucket.updated = now
            defer { buckets[client] = bucket }
            guard bucket.tokens >= 1 else { return (1 - bucket.tokens) / refillPerSecond }
            bucket.tokens -= 1
            return nil
        }
        if let wait { throw RateLimited(retryAfterSeconds: max(1, Int(wait.rounded(.up)))) }
    }

    private func forgetFullBuckets(_ buckets: inout [String: Bucket], now: Date) {
        buckets = buckets.filter { _, bucket in
            bucket.tokens + now.timeIntervalSince(bucket.updated) * refillPerSecond < capacity
        }
    }
}
