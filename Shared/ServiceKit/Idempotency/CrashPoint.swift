#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the crash test kills a service in the middle of an idempotent write (`YOUYUE_CRASH_AT`,
/// a comma-separated list). Set only by that test: the process ends at once with SIGKILL, as a
/// power cut or the kernel's OOM killer would end it, leaving the database as the last commit did.
public enum CrashPoint: String, Sendable, CaseIterable {
    /// The effect and its answer are written but not committed.
    case beforeCommit = "before-commit"
    /// The effect and its answer are committed; the answer has not left.
    case afterCommit = "after-commit"

    func strike(_ armed: Set<CrashPoint>) {
        if armed.contains(self) { kill(getpid(), SIGKILL) }
    }
}
