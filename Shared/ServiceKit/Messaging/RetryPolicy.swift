import Foundation

/// Capped exponential backoff with full jitter: attempt n waits a random time between zero and
/// min(cap, base × 2ⁿ), which spreads retries from many senders instead of synchronising them.
/// After `maximumAttempts` failures a message becomes a dead letter.
public struct RetryPolicy: Sendable, Equatable {
    public var base: Duration
    public var cap: Duration
    public var maximumAttempts: Int

    public init(base: Duration = .milliseconds(500), cap: Duration = .seconds(300), maximumAttempts: Int = 12) {
        self.base = base
        self.cap = cap
        self.maximumAttempts = maximumAttempts
    }

    /// The wait before the next try, after `attempts` failures (1 or more).
    public func delay(afterAttempts attempts: Int, random: Double = Double.random(in: 0...1)) -> Duration {
        let exponent = min(max(attempts - 1, 0), 30)
        let ceiling = min(cap, base * (1 << exponent))
        return ceiling * random
    }
}
