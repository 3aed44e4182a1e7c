import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program the tests start, spawned and reaped here with `posix_spawn` and `waitpid(pid)`.
/// Foundation's `Process` learns of a child's end through SIGCHLD; with many children started
/// and ended at once from several threads it missed some, `isRunning` stayed true and whole
/// test runs hung. This asks the kernel about its own pid instead, and every wait has a bound.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    private let state = NSLock()
    private var ended: Int32?

    /// Starts `executable` with `arguments` and exactly `environment`, in `folder` when given;
    /// standard output goes to `outputFile` (appended), or nowhere, and standard error with it
    /// unless `errorFile` names another.
    public init(_ executable: String, _ arguments: [String], environment: [String: String], in folder: String? = nil,
                outputFile: String? = nil, errorFile: String? = nil) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let output = outputFile ?? "/dev/null"
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if let errorFile {
            posix_spawn_file_actions_addopen(&actions, 2, errorFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Signals the test process ignores or blocks must not be ignored or blocked in the child.
        var defaults = sigset_t(), none = sigset_t()
        sigfillset(&defaults)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        // Glibc's module does not export posix_spawn_file_actions_addchdir_np: env changes folder.
        let command = folder.map { ["/usr/bin/env", "--chdir=\($0)", executable] } ?? [executable]
        let argv = (command + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        markOpenFilesCloseOnExec()
        // And close the rest in the child itself: a socket another thread opens between the
        // marking and the spawn (a port being reserved, a service starting) is not marked yet.
        if let addCloseFrom { _ = addCloseFrom(&actions, 3) }
        var pid = pid_t()
        let result = posix_spawn(&pid, command[0], &actions, &attributes, argv, envp)
        guard result == 0 else { throw ChildProcessError(executable: executable, detail: String(cString: strerror(result))) }
        self.pid = pid
    }

    /// The raw wait status once the child has ended (it is reaped then), else nil.
    private func waitStatus() -> Int32? {
        state.lock()
        defer { state.unlock() }
        if let ended { return ended }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { ended = status }
        return ended
    }

    public var isRunning: Bool { waitStatus() == nil }

    /// The exit code, or 128 + the signal that ended it; nil while running.
    public var exitStatus: Int32? {
        guard let status = waitStatus() else { return nil }
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Whether a signal ended it (SIGKILL, a crash point); false while running.
    public var endedBySignal: Bool {
        guard let status = waitStatus() else { return false }
        return status & 0x7f != 0
    }

    public func signal(_ number: Int32) {
        if isRunning { _ = kill(pid, number) }
    }

    /// Polls until it ends or `limit` passes, without holding a thread and without giving up
    /// when the test is cancelled (a test that gives up must not leave a process behind); true
    /// if it ended.
    public func waitForExit(within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while isRunning, ContinuousClock.now < deadline { await pause() }
        return !isRunning
    }

    /// SIGTERM; SIGKILL after `grace`; true if it ended within the grace.
    @discardableResult
    public func stop(grace: Duration = .seconds(30)) async -> Bool {
        guard isRunning else { return true }
        signal(SIGTERM)
        if await waitForExit(within: grace) { return true }
        signal(SIGKILL)
        _ = await waitForExit(within: .seconds(10))
        return false
    }

    private func pause() async {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(10)) { continuation.resume() }
        }
    }
}

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc module
/// does not export; nil on an older C library, where the marking below is all there is.
private let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
}()

/// Marks every open descriptor of this process close-on-exec, so that no child inherits one: a
/// child holding an in-process service's listening socket (or a port a test just reserved)
/// keeps that port taken for as long as it lives. This process never execs itself, so the flag
/// costs it nothing.
private func markOpenFilesCloseOnExec() {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
    for case let fd? in entries.map({ Int32($0) }) where fd > 2 {
        let flags = fcntl(fd, F_GETFD)
        if flags >= 0 && flags & FD_CLOEXEC == 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
    }
}

public struct ChildProcessError: Error, CustomStringConvertible {
    public let executable: String
    public let detail: String
    public var description: String { "cannot start \(executable): \(detail)" }
}

/// The environment tests give a program: theirs, with `extra` on top.
public func inheritedEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    ProcessInfo.processInfo.environment.merging(extra) { _, own in own }
}
