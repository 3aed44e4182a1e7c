import Foundation
import Synchronization

/// The `jti` of every client assertion accepted, until it expires: an assertion is good once
/// (RFC 7523 §3, item 7). Kept in this process's memory: a restart forgets them, and behind several
/// console replicas each remembers its own, so a replay within an assertion's few minutes to
/// another replica (or after a restart) is not caught. Assertions live at most
/// `TokenEndpointRules.maximumAssertionLifetime`, which bounds both that window and the memory.
final class AssertionReplayGuard: Sendable {
    private let seen = Mutex([String: Date]())

    /// True the first time `id` is presented by `clientID`; remembered until `expiresAt`.
    func firstUse(of id: String, by clientID: String, expiresAt: Date, now: Date) -> Bool {
        seen.withLock { seen in
            if seen.count > 1000 { seen = seen.filter { $0.value > now } }
            let key = clientID + "\n" + id
            if let until = seen[key], until > now { return false }
            seen[key] = expiresAt
            return true
        }
    }
}
